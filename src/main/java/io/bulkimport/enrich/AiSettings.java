package io.bulkimport.enrich;

import java.time.Duration;

/**
 * How the service talks to the OpenAI-compatible provider ({@code ai.*} properties). Shared by every import and
 * pipeline; {@code rowsPerRequest}, {@code requestsPerMinute}, {@code timeout} and {@code maxRetries} are also the
 * caps of each pipeline's own values ({@link PipelineAiSettings}). The circuit breaker's thresholds are in the
 * routes ({@code circuitBreaker} around stage enrich), defaulting to the {@code ai.circuit.*} properties.
 *
 * @param baseUrl           e.g. {@code https://api.openai.com/v1}; empty = no AI configured, rows stay pending
 * @param apiKey            sent as a bearer token, never logged
 * @param requestsPerMinute at most this many requests arrive at the provider in any sliding 60 s, from all pipelines
 * @param retryInitial      first backoff delay; doubles per retry up to {@code retryMax}, with jitter
 * @param rateLimitMargin   the longest a request written to our socket may take to reach the provider
 */
public record AiSettings(String baseUrl, String apiKey, String model, int rowsPerRequest, int requestsPerMinute,
                         int maxConcurrent, Duration timeout, int maxRetries, Duration retryInitial, Duration retryMax,
                         Duration rateLimitMargin) {

    public AiSettings {
        baseUrl = baseUrl == null ? "" : baseUrl.trim().replaceAll("/+$", "");
        apiKey = apiKey == null ? "" : apiKey.trim();
        if (rowsPerRequest < 1 || requestsPerMinute < 1 || maxConcurrent < 1) {
            throw new IllegalArgumentException("ai.rows-per-request, ai.requests-per-minute and ai.max-concurrent must be at least 1");
        }
    }

    public boolean configured() {
        return !baseUrl.isEmpty();
    }

    @Override
    public String toString() {
        // the key stays out of every log line and exception message
        return "AiSettings[baseUrl=" + baseUrl + ", model=" + model + ", rowsPerRequest=" + rowsPerRequest
                + ", requestsPerMinute=" + requestsPerMinute + ", maxConcurrent=" + maxConcurrent + ", timeout=" + timeout
                + ", maxRetries=" + maxRetries + ", rateLimitMargin=" + rateLimitMargin + "]";
    }
}
