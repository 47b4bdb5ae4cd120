package io.bulkimport.enrich;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider as every import shares it: at most {@code ai.max-concurrent} requests in flight, at most
 * {@code ai.requests-per-minute} started in any sliding minute, 429/5xx/timeouts retried with backoff, and a
 * circuit breaker that, once open, fails calls at once so rows land pending instead of waiting.
 */
public class ResilientChatClient {

    private static final Logger LOG = LoggerFactory.getLogger(ResilientChatClient.class);

    private final ChatCompletionClient client;
    private final RequestRateLimiter limiter;
    private final Semaphore inFlight;
    private final Backoff backoff;
    private final int maxRetries;
    private final CircuitBreaker breaker;
    private final EnrichmentMetrics metrics;
    private final Duration trialWait;

    public ResilientChatClient(ChatCompletionClient client, AiSettings settings, EnrichmentMetrics metrics) {
        this.client = client;
        this.limiter = new RequestRateLimiter(settings.requestsPerMinute(), Duration.ofMinutes(1));
        this.inFlight = new Semaphore(settings.maxConcurrent(), true);
        this.backoff = new Backoff(settings.retryInitial(), settings.retryMax());
        this.maxRetries = settings.maxRetries();
        this.breaker = CircuitBreaker.of("ai-provider", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(Math.max(settings.circuitMinimumCalls(), 20))
                .minimumNumberOfCalls(settings.circuitMinimumCalls())
                .failureRateThreshold(settings.circuitFailureRate())
                .waitDurationInOpenState(settings.circuitOpen())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        this.metrics = metrics;
        // a trial request may wait for its rate-limit slot, then for its answer
        this.trialWait = settings.timeout().plus(Duration.ofMillis(2L * 60_000 / settings.requestsPerMinute()));
        metrics.watch(breaker);
        breaker.getEventPublisher().onStateTransition(e -> LOG.warn("AI provider circuit {}", e.getStateTransition()));
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * The reply content. A non-retryable {@link ProviderFailure} means the provider answered but not usefully;
     * a retryable one means it is unavailable (retries used up, or the circuit is open).
     */
    public String complete(String systemPrompt, String userMessage) throws ProviderFailure, InterruptedException {
        Duration asked = null;
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) {
                metrics.retry();
                Thread.sleep(backoff.delay(attempt, asked).toMillis());
            }
            if (!permitted()) {
                throw new ProviderFailure("the AI provider circuit is open", true, null);
            }
            try {
                String content = send(systemPrompt, userMessage);
                breaker.onSuccess(0, TimeUnit.NANOSECONDS);
                return content;
            } catch (ProviderFailure f) {
                if (!f.retryable()) {
                    // the provider is up; the answer was unusable, which the caller handles by asking again, smaller
                    breaker.onSuccess(0, TimeUnit.NANOSECONDS);
                    throw f;
                }
                breaker.onError(0, TimeUnit.NANOSECONDS, f);
                LOG.warn("AI request failed ({}), attempt {} of {}", f.getMessage(), attempt + 1, maxRetries + 1);
                if (attempt >= maxRetries) {
                    throw f;
                }
                asked = f.asked();
            } catch (InterruptedException | RuntimeException e) {
                breaker.releasePermission();
                throw e;
            }
        }
    }

    /** Open: no. Half-open with its trial under way: waits for the trial's outcome (one timeout at most). */
    private boolean permitted() throws InterruptedException {
        long deadline = System.nanoTime() + trialWait.toNanos();
        while (!breaker.tryAcquirePermission()) {
            if (breaker.getState() != CircuitBreaker.State.HALF_OPEN || System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private String send(String systemPrompt, String userMessage) throws ProviderFailure, InterruptedException {
        inFlight.acquire();
        try {
            // the slot is taken only once a connection is free, so a start is never later than its slot
            if (limiter.acquire() > 0) {
                metrics.rateLimitWait();
            }
            metrics.request();
            return client.complete(systemPrompt, userMessage);
        } finally {
            inFlight.release();
        }
    }
}
