package io.bulkimport.enrich;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Meters of stage {@code enrich}: requests sent, retries, waits for the rate limit, cache hits, rows left pending,
 * and the state of each pipeline's circuit (0 closed, 1 half-open, 2 open; tag {@code circuit}, the
 * {@code circuitBreaker} id). The registry is looked up once Camel has created it.
 */
public class EnrichmentMetrics {

    private final Supplier<MeterRegistry> registry;
    private final Set<CircuitBreaker> breakers = ConcurrentHashMap.newKeySet();
    private final Set<String> gauges = ConcurrentHashMap.newKeySet();

    public EnrichmentMetrics(Supplier<MeterRegistry> registry) {
        this.registry = registry;
    }

    /** Adds a pipeline's circuit breaker to the state gauge. */
    public void watch(CircuitBreaker circuitBreaker) {
        breakers.add(circuitBreaker);
        MeterRegistry r = registry.get();
        if (r != null) {
            registerGauges(r);
        }
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
        registerGauges(r);
        Counter.builder(name).register(r).increment(amount);
    }

    private void registerGauges(MeterRegistry r) {
        for (CircuitBreaker b : breakers) {
            if (gauges.add(b.getName())) {
                Gauge.builder("bulkimport.ai.circuit.state", b, EnrichmentMetrics::state).tag("circuit", b.getName()).register(r);
            }
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
