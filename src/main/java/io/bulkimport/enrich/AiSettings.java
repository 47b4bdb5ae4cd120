package io.bulkimport.enrich;

import java.time.Duration;

/**
 * How the service talks to the OpenAI-compatible provider ({@code ai.*} properties). Shared by every import.
 *
 * @param baseUrl         e.g. {@code https://api.openai.com/v1}; empty = no AI configured, rows stay pending
 * @param apiKey          sent as a bearer token, never logged
 * @param requestsPerMinute at most this many requests in any sliding minute, spread evenly
 * @param retryInitial    first backoff delay; doubles per retry up to {@code retryMax}, with jitter
 */
public record AiSettings(String baseUrl, String apiKey, String model, int rowsPerRequest, int requestsPerMinute,
                         int maxConcurrent, Duration timeout, int maxRetries, Duration retryInitial, Duration retryMax,
                         int circuitMinimumCalls, int circuitFailureRate, Duration circuitOpen) {

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
                + ", requestsPerMinute=" + requestsPerMinute + ", maxConcurrent=" + maxConcurrent + ", timeout=" + timeout + "]";
    }
}
