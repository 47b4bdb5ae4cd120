package io.bulkimport.enrich;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * {@link RequestAdmission} with the logs in this JVM (each {@link RequestRateLimiter}'s own): one limit for this
 * instance alone ({@code ai.rate-limit.shared=false}, and the unit tests). A request is admitted only when both limits
 * allow it, atomically, so the two logs always hold the same requests. Times are {@link System#nanoTime()} values.
 *
 * <p>The margin is the longest time a request written to our socket may take to reach the provider (network
 * transit, a proxy on the way). Until a request is written its arrival is unknown and it blocks a slot; once
 * written it counts until written + margin; once answered (or failed) until then at the latest.
 */
public final class InMemoryRequestAdmission implements RequestAdmission {

    private final RequestRateLimiter provider;
    private final long marginNanos;
    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition changed = lock.newCondition();

    /**
     * @param provider the provider-wide limit
     * @param margin   transit from our socket to the provider, at most (≥ 0)
     */
    public InMemoryRequestAdmission(RequestRateLimiter provider, Duration margin) {
        this(provider, margin, System::nanoTime);
    }

    InMemoryRequestAdmission(RequestRateLimiter provider, Duration margin, LongSupplier clock) {
        if (margin.isNegative()) {
            throw new IllegalArgumentException("the margin must not be negative");
        }
        this.provider = provider;
        this.marginNanos = margin.toNanos();
        this.clock = clock;
    }

    @Override
    public RequestRateLimiter provider() {
        return provider;
    }

    @Override
    public Optional<RequestAdmission.Ticket> admitIfPipelineAllows(RequestRateLimiter pipeline, long asked)
            throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                long now = clock.getAsLong();
                Ticket ticket = tryAdmit(pipeline, now, asked);
                if (ticket != null) {
                    return Optional.of(ticket);
                }
                long byProvider = provider.earliestStart(now);
                long byPipeline = pipeline == provider ? byProvider : pipeline.earliestStart(now);
                if (byPipeline > byProvider) {
                    return Optional.empty();
                }
                awaitChange(byProvider, now);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void awaitPipeline(RequestRateLimiter pipeline) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                long now = clock.getAsLong();
                long at = pipeline.earliestStart(now);
                if (at <= now) {
                    return;
                }
                awaitChange(at, now);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits, with the lock released, until {@code at} or until a request is written or answered. {@code at}
     * is {@link Long#MAX_VALUE} while a request in the window is still being sent: its bound narrows when it is
     * written or answered, and a second at most is waited for that.
     */
    private void awaitChange(long at, long now) throws InterruptedException {
        if (at == Long.MAX_VALUE) {
            changed.await(1, TimeUnit.SECONDS);
        } else {
            changed.awaitNanos(at - now);
        }
    }

    /** Admits a request at {@code now} if both limits allow it; null otherwise. */
    Ticket tryAdmit(RequestRateLimiter pipeline, long now, long asked) {
        lock.lock();
        try {
            if (earliest(pipeline, now) > now) {
                return null;
            }
            RequestRateLimiter.Request request = new RequestRateLimiter.Request(now);
            provider.record(request);
            if (pipeline != provider) {
                pipeline.record(request);
            }
            return new Ticket(request, now - asked);
        } finally {
            lock.unlock();
        }
    }

    /** The earliest start both limits allow, from {@code now}; {@link Long#MAX_VALUE} when unknown yet. */
    long earliest(RequestRateLimiter pipeline, long now) {
        long a = provider.earliestStart(now);
        long b = pipeline == provider ? a : pipeline.earliestStart(now);
        return Math.max(a, b);
    }

    private void narrowed(RequestRateLimiter.Request request, long bound) {
        request.arrivedBy(bound);
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** One admitted request: what the limits learn about its arrival. */
    public final class Ticket implements RequestAdmission.Ticket {
        private final RequestRateLimiter.Request request;
        private final long waitedNanos;

        Ticket(RequestRateLimiter.Request request, long waitedNanos) {
            this.request = request;
            this.waitedNanos = waitedNanos;
        }

        @Override
        public long waitedNanos() {
            return waitedNanos;
        }

        public RequestRateLimiter.Request request() {
            return request;
        }

        @Override
        public void sent() {
            sentAt(clock.getAsLong());
        }

        @Override
        public void finished() {
            finishedAt(clock.getAsLong());
        }

        void sentAt(long nanos) {
            narrowed(request, nanos + marginNanos);
        }

        void finishedAt(long nanos) {
            narrowed(request, nanos);
        }
    }
}
