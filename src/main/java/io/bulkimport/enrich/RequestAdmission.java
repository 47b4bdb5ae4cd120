package io.bulkimport.enrich;

/**
 * Admits each request to the AI provider under two limits at once: the provider-wide one ({@code
 * ai.requests-per-minute}, shared by every pipeline and import) and its pipeline's own (the route file's, never above
 * the provider-wide one), counted at arrival by the rule of {@link RequestRateLimiter}. Where the log of admitted
 * requests is kept decides who shares the limits: {@link InMemoryRequestAdmission} in this JVM (one instance),
 * {@link PostgresRequestAdmission} in the database (every instance on it, {@code ai.rate-limit.shared=true}).
 */
public interface RequestAdmission {

    /** The provider-wide limit. */
    RequestRateLimiter provider();

    /**
     * Waits until both limits admit one more request, then admits it. The caller MUST tell the returned ticket when
     * the request was written ({@link Ticket#sent()}) and when its answer or failure came back
     * ({@link Ticket#finished()}), or the request blocks its slot (for good in this JVM, until its admission's
     * bound in the shared log).
     *
     * @param pipeline the pipeline's own limit ({@link #provider()} itself for none of its own)
     * @return the ticket, with how long the caller waited (ns)
     * @throws InterruptedException when the waiting thread is interrupted; nothing was admitted then
     */
    Ticket admit(RequestRateLimiter pipeline) throws InterruptedException;

    /**
     * Waits until {@code pipeline}'s own limit would admit a request, admitting nothing: a caller does this before it
     * takes a connection slot, so requests held back by their pipeline's limit do not keep other pipelines' requests
     * from the provider-wide one.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void awaitPipeline(RequestRateLimiter pipeline) throws InterruptedException;

    /** One admitted request: what the limits learn about its arrival. Both methods never throw. */
    interface Ticket {

        /** How long the request waited to be admitted, in nanoseconds. */
        long waitedNanos();

        /** The request is written to the socket now: it arrives within the margin. */
        void sent();

        /** Its answer (or failure) came back now: it cannot arrive later than that. Call it in a finally block. */
        void finished();
    }
}
