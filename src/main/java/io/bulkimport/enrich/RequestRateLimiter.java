package io.bulkimport.enrich;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * One requests-per-window limit as the provider counts it: by the time each request <em>arrives</em> there, in a
 * strict sliding window (any {@code window}-long stretch, both ends included, holds at most {@code permits}
 * arrivals). We cannot see the arrival, only bound it: it comes after the request's start, and no later than its
 * {@link Request#latestArrival() latest possible arrival}: unknown ({@link Long#MAX_VALUE}) while the request is
 * being sent, then the moment it was written to the socket plus a transit margin, or the moment its answer (or its
 * failure) came back, whichever is earlier.
 *
 * <p>The rule: a request may start at {@code t} only if fewer than {@code permits} earlier requests could have
 * arrived at or after {@code t - window}. Proof of the bound: take any window holding arrivals, and the request in it
 * that started last; every other request in it started before, so it is in the log, and it arrived at or after
 * (that request's arrival - window) &ge; (its start - window); so it was counted, and there were fewer than
 * {@code permits} of them. Starts are also spread evenly, at least {@code window / permits} apart, so requests do not
 * bunch at the start of each window.
 *
 * <p>The log here is this JVM's ({@link InMemoryRequestAdmission}); {@link PostgresRequestAdmission} keeps it in the
 * database and uses only the limit's name, permits, window and {@link #earliestStart(long, Long, long[], int, long)
 * rule}. Not thread-safe: {@link InMemoryRequestAdmission} calls it under its lock. Times are
 * {@link System#nanoTime()} values.
 */
public final class RequestRateLimiter {

    /** One admitted request, in the log of every limit it was admitted under. */
    public static final class Request {
        private final long start;
        private volatile long latestArrival = Long.MAX_VALUE;

        Request(long start) {
            this.start = start;
        }

        /** When it was admitted (nanoTime). */
        public long start() {
            return start;
        }

        /** The latest moment it can have arrived at the provider (nanoTime); {@link Long#MAX_VALUE} while unknown. */
        public long latestArrival() {
            return latestArrival;
        }

        /** Narrows the bound; a later bound than the one known is ignored. */
        synchronized void arrivedBy(long nanos) {
            if (nanos < latestArrival) {
                latestArrival = nanos;
            }
        }
    }

    private final String name;
    private final int permits;
    private final long windowNanos;
    private final ArrayDeque<Request> log = new ArrayDeque<>();
    private long lastStart;
    private boolean started;

    /**
     * @param name    what the limit belongs to, for log lines ({@code provider}, a pipeline's name)
     * @param permits at most this many arrivals in any window, at least 1
     * @param window  the provider's window, 60 s for a per-minute limit
     */
    public RequestRateLimiter(String name, int permits, Duration window) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1");
        }
        this.name = name;
        this.permits = permits;
        this.windowNanos = window.toNanos();
    }

    /** What the limit belongs to: {@code provider} or a pipeline's name. */
    public String name() {
        return name;
    }

    /** At most this many arrivals in any window. */
    public int permits() {
        return permits;
    }

    /** The provider's window, 60 s for a per-minute limit. */
    public Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    /**
     * The earliest time &ge; {@code now} at which one more request may start under this limit, or
     * {@link Long#MAX_VALUE} when that depends on requests still being sent (wait until one's bound is known).
     * Every later time is allowed too, as long as nothing is admitted in between.
     */
    long earliestStart(long now) {
        prune(now);
        return earliestStart(now, started ? lastStart : null, log.stream().mapToLong(Request::latestArrival).toArray(),
                permits, windowNanos);
    }

    /**
     * The rule, on any log and in any one unit of time (nanoTime here, the database's microseconds in
     * {@link PostgresRequestAdmission}): the earliest time &ge; {@code now} at which one more request may start, or
     * {@link Long#MAX_VALUE} when that depends on a bound still unknown.
     *
     * @param lastStart      the latest start in the log, null for none
     * @param latestArrivals the bounds of the requests in the log ({@link Long#MAX_VALUE} = unknown); those that
     *                       ended before {@code now - window} may be left out
     */
    static long earliestStart(long now, Long lastStart, long[] latestArrivals, int permits, long window) {
        long t = now;
        long interval = window / permits;
        if (lastStart != null && t - (lastStart + interval) < 0) {
            t = lastStart + interval;
        }
        long from = t - window;
        long[] bounds = java.util.Arrays.stream(latestArrivals).filter(b -> b >= from).sorted().toArray();
        if (bounds.length < permits) {
            return t;
        }
        // the (length - permits + 1) earliest of them must have left the window: t > bound + window
        long leaving = bounds[bounds.length - permits];
        return leaving == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(t, leaving + window + 1);
    }

    /** Puts an admitted request in the log. */
    void record(Request request) {
        log.addLast(request);
        lastStart = request.start();
        started = true;
    }

    /** Requests in the log that could still share a window with a start at {@code now} or later. */
    int inWindow(long now) {
        prune(now);
        return log.size();
    }

    private void prune(long now) {
        // a request known to have arrived before now - window can share no window with a start from now on
        log.removeIf(r -> r.latestArrival() != Long.MAX_VALUE && r.latestArrival() < now - windowNanos);
    }

    @Override
    public String toString() {
        return name + ": at most " + permits + " per " + Duration.ofNanos(windowNanos).toMillis() + " ms";
    }
}
