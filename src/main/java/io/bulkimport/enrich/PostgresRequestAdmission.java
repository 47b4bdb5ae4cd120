package io.bulkimport.enrich;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RequestAdmission} with the log in PostgreSQL (table {@code ai_request_log}): every instance on the database
 * shares the provider-wide limit and each pipeline's, under the same rule as {@link InMemoryRequestAdmission}, on the
 * database's clock. Admission is one short transaction holding the limits' advisory locks (the provider's first);
 * a caller that is not admitted sleeps until the rule's earliest start, or polls every {@value #POLL_MS} ms while a
 * request in the way has not come back (its bound may narrow). Within this JVM callers ask one at a time, in arrival
 * order; one held back by the provider-wide limit keeps its turn while it sleeps, one held back by its own pipeline's
 * limit gives its turn up ({@link #admitIfPipelineAllows}), so it never keeps another pipeline's request waiting.
 *
 * <p>A request's latest arrival is bounded from its admission ({@code untilWritten} + margin), so a request whose
 * instance crashed before it was written or answered holds its slot no longer than that. A database error while
 * admitting is retried after a short backoff: the request waits, it is never admitted blindly. An error while
 * narrowing a bound is only logged: the wider bound stays, which is safe.
 */
public final class PostgresRequestAdmission implements RequestAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresRequestAdmission.class);
    static final long POLL_MS = 150;
    private static final long MAX_SLEEP_MS = 2_000;
    private static final Backoff DATABASE_BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

    private final AiRequestLogRepository log;
    private final RequestRateLimiter provider;
    private final Duration margin;
    private final Duration provisional;
    // one thread of this JVM asks the database at a time, in arrival order; the others wait here, not in the database
    private final ReentrantLock admitting = new ReentrantLock(true);
    private final Map<String, ReentrantLock> awaiting = new ConcurrentHashMap<>();

    /**
     * @param provider     the provider-wide limit (its name, permits and window; its in-JVM log stays unused)
     * @param margin       transit from our socket to the provider, at most (&ge; 0)
     * @param untilWritten the longest from admission until the request is written: its timeout, plus time to start
     */
    public PostgresRequestAdmission(DataSource dataSource, RequestRateLimiter provider, Duration margin,
                                    Duration untilWritten) {
        if (margin.isNegative() || untilWritten.isNegative()) {
            throw new IllegalArgumentException("the margin and the time until written must not be negative");
        }
        this.log = new AiRequestLogRepository(dataSource);
        this.provider = provider;
        this.margin = margin;
        this.provisional = untilWritten.plus(margin);
    }

    @Override
    public RequestRateLimiter provider() {
        return provider;
    }

    @Override
    public Optional<RequestAdmission.Ticket> admitIfPipelineAllows(RequestRateLimiter pipeline, long asked)
            throws InterruptedException {
        List<RequestRateLimiter> limits = pipeline.name().equals(provider.name()) ? List.of(provider)
                : List.of(provider, pipeline);
        admitting.lockInterruptibly();
        try {
            for (int failures = 0; ; ) {
                AiRequestLogRepository.Decision decision;
                try {
                    decision = log.tryAdmit(limits, provisional);
                    failures = 0;
                } catch (SQLException e) {
                    sleepAfter(e, ++failures);
                    continue;
                }
                if (decision.admitted() != null) {
                    return Optional.of(new Ticket(decision.admitted(), System.nanoTime() - asked));
                }
                if (decision.byPipeline()) {
                    return Optional.empty();
                }
                // held back by the provider-wide limit: this request is the next for it, the others queue here
                sleep(decision);
            }
        } finally {
            admitting.unlock();
        }
    }

    @Override
    public void awaitPipeline(RequestRateLimiter pipeline) throws InterruptedException {
        if (pipeline.name().equals(provider.name())) {
            return;
        }
        ReentrantLock lock = awaiting.computeIfAbsent(pipeline.name(), p -> new ReentrantLock(true));
        lock.lockInterruptibly();
        try {
            for (int failures = 0; ; ) {
                AiRequestLogRepository.Decision decision;
                try {
                    decision = log.peek(pipeline);
                    failures = 0;
                } catch (SQLException e) {
                    sleepAfter(e, ++failures);
                    continue;
                }
                if (decision.waitMicros() <= 0) {
                    return;
                }
                sleep(decision);
            }
        } finally {
            lock.unlock();
        }
    }

    private static void sleep(AiRequestLogRepository.Decision decision) throws InterruptedException {
        long ms = Math.max(1, Math.min(MAX_SLEEP_MS, (decision.waitMicros() + 999) / 1000));
        Thread.sleep(decision.boundOpen() ? Math.min(ms, POLL_MS) : ms);
    }

    private static void sleepAfter(SQLException e, int failures) throws InterruptedException {
        Duration delay = DATABASE_BACKOFF.delay(failures, null);
        LOG.warn("AI rate limit: the shared request log cannot be read ({}); the request waits, trying again in {} ms",
                e.getMessage(), delay.toMillis());
        Thread.sleep(delay.toMillis());
    }

    /** One request admitted in the shared log. */
    final class Ticket implements RequestAdmission.Ticket {
        private final UUID request;
        private final long waitedNanos;
        private final AtomicBoolean sent = new AtomicBoolean();
        private final AtomicBoolean finished = new AtomicBoolean();

        Ticket(UUID request, long waitedNanos) {
            this.request = request;
            this.waitedNanos = waitedNanos;
        }

        @Override
        public long waitedNanos() {
            return waitedNanos;
        }

        @Override
        public void sent() {
            if (sent.compareAndSet(false, true) && !finished.get()) {
                try {
                    log.sent(request, margin);
                } catch (SQLException | RuntimeException e) {
                    LOG.warn("AI rate limit: a request's send time was not logged ({}); it counts until its admission's bound",
                            e.getMessage());
                }
            }
        }

        @Override
        public void finished() {
            if (finished.compareAndSet(false, true)) {
                try {
                    log.finished(request);
                } catch (SQLException | RuntimeException e) {
                    LOG.warn("AI rate limit: a request's end was not logged ({}); it counts until its earlier bound",
                            e.getMessage());
                }
            }
        }
    }
}
