package io.bulkimport.enrich;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * Meters of stage {@code enrich}: requests sent, retries, waits for the rate limit, cache hits, rows left pending,
 * and the circuit state (0 closed, 1 half-open, 2 open). The registry is looked up once Camel has created it.
 */
public class EnrichmentMetrics {

    private final Supplier<MeterRegistry> registry;
    private volatile CircuitBreaker breaker;
    private volatile boolean gaugeRegistered;

    public EnrichmentMetrics(Supplier<MeterRegistry> registry) {
        this.registry = registry;
    }

    void watch(CircuitBreaker circuitBreaker) {
        this.breaker = circuitBreaker;
    }

    void request() {
        count("bulkimport.ai.requests", 1);
    }

    void retry() {
        count("bulkimport.ai.retries", 1);
    }

    void rateLimitWait() {
        count("bulkimport.ai.rate.limit.waits", 1);
    }

    void cacheHits(int rows) {
        count("bulkimport.ai.cache.hits", rows);
    }

    void pending(int rows) {
        count("bulkimport.ai.rows.pending", rows);
    }

    private void count(String name, double amount) {
        MeterRegistry r = registry.get();
        if (r == null || amount == 0) {
            return;
        }
        registerGauge(r);
        Counter.builder(name).register(r).increment(amount);
    }

    private void registerGauge(MeterRegistry r) {
        CircuitBreaker b = breaker;
        if (!gaugeRegistered && b != null) {
            r.gauge("bulkimport.ai.circuit.state", b, EnrichmentMetrics::state);
            gaugeRegistered = true;
        }
    }

    private static double state(CircuitBreaker b) {
        return switch (b.getState()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            default -> 2;
        };
    }
}
