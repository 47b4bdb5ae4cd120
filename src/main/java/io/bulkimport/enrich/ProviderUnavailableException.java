package io.bulkimport.enrich;

/**
 * Thrown by stage enrich after it has stored what it got for a batch, when some of the batch's rows were given up
 * because the AI provider is unavailable (a request's retries used up): those rows are already pending. It tells the
 * pipeline's {@code circuitBreaker} that the call failed; its {@code onFallback} then has nothing left to do.
 */
public class ProviderUnavailableException extends Exception {

    public ProviderUnavailableException(String pipeline, ProviderFailure cause) {
        super("pipeline " + pipeline + ": the AI provider is unavailable (" + cause.getMessage() + "); rows left pending", cause);
    }
}
