package io.bulkimport.enrich;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One pipeline's AI settings as they apply: what its {@link EnrichmentSpec} asks for in the route file, each capped
 * by the provider-wide {@code ai.*} value (the lower wins; an unset one takes the provider-wide value).
 *
 * @param pipeline          the pipeline's name
 * @param rowsPerRequest    rows sent in one chat completion, ≥ 1
 * @param requestsPerMinute the pipeline's own limit, in requests per sliding 60 s at arrival, ≥ 1; the provider-wide
 *                          limit applies on top of it, shared with every other pipeline
 * @param maxRetries        retries of one request after 429, 5xx or a timeout, ≥ 0
 * @param timeout           connect and answer timeout of one request
 */
public record PipelineAiSettings(String pipeline, int rowsPerRequest, int requestsPerMinute, int maxRetries,
                                 Duration timeout) {

    /**
     * The settings of {@code spec} capped by {@code provider}; {@code capped} hears one sentence per value that was
     * above its cap (to log once, at start).
     */
    public static PipelineAiSettings of(EnrichmentSpec spec, AiSettings provider, Consumer<String> capped) {
        List<String> lowered = new ArrayList<>();
        int rows = capped(spec.getRowsPerRequest(), provider.rowsPerRequest(), "rowsPerRequest", "ai.rows-per-request", lowered);
        int perMinute = capped(spec.getRequestsPerMinute(), provider.requestsPerMinute(), "requestsPerMinute",
                "ai.requests-per-minute", lowered);
        int retries = capped(spec.getMaxRetries(), provider.maxRetries(), "maxRetries", "ai.max-retries", lowered);
        int timeoutMs = capped(spec.getTimeoutMs(), (int) Math.min(Integer.MAX_VALUE, provider.timeout().toMillis()),
                "timeoutMs", "ai.timeout-ms", lowered);
        lowered.forEach(sentence -> capped.accept("pipeline " + spec.getPipeline() + ": " + sentence));
        if (rows < 1 || perMinute < 1 || retries < 0 || timeoutMs < 1) {
            throw new IllegalArgumentException("pipeline " + spec.getPipeline() + ": rowsPerRequest, requestsPerMinute and "
                    + "timeoutMs must be at least 1, maxRetries at least 0");
        }
        return new PipelineAiSettings(spec.getPipeline(), rows, perMinute, retries, Duration.ofMillis(timeoutMs));
    }

    private static int capped(Integer asked, int cap, String name, String capKey, List<String> lowered) {
        if (asked == null) {
            return cap;
        }
        if (asked > cap) {
            lowered.add(name + " " + asked + " is above the provider-wide " + capKey + " (" + cap + "); " + cap + " applies");
            return cap;
        }
        return asked;
    }
}
