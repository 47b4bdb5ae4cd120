package io.bulkimport.enrich;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider as every import shares it: at most {@code ai.max-concurrent} requests in flight, each admitted under
 * the provider-wide and its pipeline's requests-per-minute limit ({@link RequestAdmission}, counted at arrival),
 * 429/5xx/timeouts retried with backoff up to the pipeline's {@code maxRetries}, honouring {@code Retry-After}.
 * Pipelines take turns for the provider-wide limit: one request of each waits for it at a time, so a pipeline with
 * many requests waiting does not starve another; while both have requests waiting they share the limit in turn.
 * The circuit breaker is not here: it is the {@code circuitBreaker} step around stage enrich in each pipeline's route.
 */
public class ResilientChatClient {

    private static final Logger LOG = LoggerFactory.getLogger(ResilientChatClient.class);
    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** The provider-wide limit's name; a pipeline's limit has the pipeline's name. */
    public static final String PROVIDER = "provider";

    private final ChatCompletionClient client;
    private final RequestAdmission admission;
    private final Semaphore inFlight;
    private final Backoff backoff;
    private final EnrichmentMetrics metrics;
    private final Map<String, RequestRateLimiter> pipelineLimits = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> turns = new ConcurrentHashMap<>();

    /**
     * @param settings provider-wide: {@code maxConcurrent}, the backoff delays
     * @param admission the provider-wide limit and its margin
     */
    public ResilientChatClient(ChatCompletionClient client, AiSettings settings, RequestAdmission admission,
                               EnrichmentMetrics metrics) {
        this.client = client;
        this.admission = admission;
        this.inFlight = new Semaphore(settings.maxConcurrent(), true);
        this.backoff = new Backoff(settings.retryInitial(), settings.retryMax());
        this.metrics = metrics;
    }

    /** The provider-wide limit (one per minute, at arrival) for {@code settings}' requests-per-minute. */
    public static RequestRateLimiter providerLimit(AiSettings settings) {
        return new RequestRateLimiter(PROVIDER, settings.requestsPerMinute(), MINUTE);
    }

    /** The provider-wide limit for this JVM alone ({@code ai.rate-limit.shared=false}, unit tests). */
    public static RequestAdmission admission(AiSettings settings) {
        return new InMemoryRequestAdmission(providerLimit(settings), settings.rateLimitMargin());
    }

    /**
     * The reply content of one chat completion for {@code pipeline}.
     *
     * @throws ProviderFailure not retryable: the provider answered, but not usefully (the caller asks again,
     *                         smaller); retryable: it is unavailable (the pipeline's retries are used up)
     */
    public String complete(PipelineAiSettings pipeline, String systemPrompt, String userMessage)
            throws ProviderFailure, InterruptedException {
        Duration asked = null;
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) {
                metrics.retry();
                Thread.sleep(backoff.delay(attempt, asked).toMillis());
            }
            try {
                return send(pipeline, systemPrompt, userMessage);
            } catch (ProviderFailure f) {
                if (!f.retryable()) {
                    throw f;
                }
                LOG.warn("{}: AI request failed ({}), attempt {} of {}", pipeline.pipeline(), f.getMessage(), attempt + 1,
                        pipeline.maxRetries() + 1);
                if (attempt >= pipeline.maxRetries()) {
                    throw f;
                }
                asked = f.asked();
            }
        }
    }

    private String send(PipelineAiSettings pipeline, String systemPrompt, String userMessage)
            throws ProviderFailure, InterruptedException {
        RequestRateLimiter limit = limit(pipeline);
        long asked = System.nanoTime();
        RequestAdmission.Ticket ticket = admitted(pipeline.pipeline(), limit);
        try {
            if (System.nanoTime() - asked > 1_000_000) {   // its turn, its limits and a connection slot, all counted
                metrics.rateLimitWait();
            }
            metrics.request();
            return client.complete(systemPrompt, userMessage, pipeline.timeout(), ticket);
        } finally {
            ticket.finished();   // the client says so too; a ticket left open would hold its slot for good
            inFlight.release();
        }
    }

    /**
     * Waits for the request's turn in its pipeline, then for its admission ({@link RequestAdmission#admit(
     * RequestRateLimiter, Semaphore)}); returns admitted, holding a connection slot (the caller releases it).
     */
    private RequestAdmission.Ticket admitted(String pipeline, RequestRateLimiter limit) throws InterruptedException {
        // one request of each pipeline at a time waits to be admitted: the queue for a connection slot and for the
        // provider-wide limit then takes the pipelines in turn, however many requests each has waiting
        ReentrantLock turn = turns.computeIfAbsent(pipeline, p -> new ReentrantLock(true));
        turn.lockInterruptibly();
        try {
            return admission.admit(limit, inFlight);
        } finally {
            turn.unlock();
        }
    }

    private RequestRateLimiter limit(PipelineAiSettings pipeline) {
        return pipelineLimits.computeIfAbsent(pipeline.pipeline(),
                p -> new RequestRateLimiter(p, pipeline.requestsPerMinute(), MINUTE));
    }
}
