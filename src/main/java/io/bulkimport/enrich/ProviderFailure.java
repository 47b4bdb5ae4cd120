package io.bulkimport.enrich;

import java.time.Duration;

/**
 * A request the provider did not answer usefully: {@code retryable} for 429, 5xx, timeouts and broken connections,
 * with the wait the provider asked for, if any.
 */
public class ProviderFailure extends Exception {

    private final boolean retryable;
    private final Duration asked;

    public ProviderFailure(String message, boolean retryable, Duration asked) {
        super(message);
        this.retryable = retryable;
        this.asked = asked;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The wait from Retry-After or x-ratelimit-reset-*, or null. */
    public Duration asked() {
        return asked;
    }
}
