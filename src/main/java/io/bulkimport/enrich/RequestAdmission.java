package io.bulkimport.enrich;

import java.util.Optional;
import java.util.concurrent.Semaphore;

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
     * ({@link Ticket#finished()}), or the request blocks its slot (for good in this JVM, until its admission's bound
     * in the shared log).
     *
     * @param pipeline the pipeline's own limit ({@link #provider()} itself for none of its own)
     * @return the ticket, with how long the caller waited (ns)
     * @throws InterruptedException when the waiting thread is interrupted; nothing was admitted then
     */
    default Ticket admit(RequestRateLimiter pipeline) throws InterruptedException {
        return admit(pipeline, new Semaphore(Integer.MAX_VALUE));
    }

    /**
     * The same, taking one of {@code connections} before it is admitted, so a request starts as soon as it is
     * admitted: {@link #awaitPipeline}, a connection, {@link #admitIfPipelineAllows}; given up by the latter, the
     * connection is given back and the three are asked again. Admitted, the caller holds the connection and releases
     * it when the request is done; interrupted or failed, it holds none.
     *
     * @param connections the connection slots ({@code ai.max-concurrent}), shared by every pipeline
     * @throws InterruptedException when the waiting thread is interrupted; nothing was admitted then
     */
    default Ticket admit(RequestRateLimiter pipeline, Semaphore connections) throws InterruptedException {
        long asked = System.nanoTime();
        while (true) {
            // a request its own pipeline's limit holds back does not take a connection slot from another's
            awaitPipeline(pipeline);
            connections.acquire();
            Optional<Ticket> ticket = Optional.empty();
            try {
                ticket = admitIfPipelineAllows(pipeline, asked);
            } finally {
                if (ticket.isEmpty()) {
                    connections.release();
                }
            }
            if (ticket.isPresent()) {
                return ticket.get();
            }
        }
    }

    /**
     * Admits one more request once the provider-wide limit allows it, waiting for that; gives up at once, admitting
     * nothing, when its pipeline's own limit holds it back longer (another request of the pipeline was admitted
     * since {@link #awaitPipeline}: by another thread, or another instance). A caller that gave up lets go of what it
     * holds for the request (a connection slot), so it keeps no other pipeline's request waiting, and asks again
     * after {@link #awaitPipeline}. The ticket is as {@link #admit}'s.
     *
     * @param pipeline the pipeline's own limit ({@link #provider()} itself for none of its own: never gives up)
     * @param asked    when the caller first asked ({@link System#nanoTime()}), for the ticket's waiting time
     * @return the ticket, or empty when the pipeline's own limit holds the request back
     * @throws InterruptedException when the waiting thread is interrupted; nothing was admitted then
     */
    Optional<Ticket> admitIfPipelineAllows(RequestRateLimiter pipeline, long asked) throws InterruptedException;

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
