package io.bulkimport.progress;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Rows done per second over the recent past of one import, on the wall clock (nanoseconds of one clock): in goes the
 * rows done (committed and in flight) whenever they change, out comes the rate over the window ending now.
 *
 * <p>The window is the last {@code maxWindow} (30 s by default, {@code import.eta-window-seconds}), or the later half
 * of the time since the import started running here while that is shorter, but never less than the first
 * {@value #MIN_WINDOW_MILLIS} ms of it. A recent window rather than the start follows stages that warm up (caches)
 * and a database that slows as its table grows; half the time so far keeps a short import (1M contacts take 5-10 s)
 * from extrapolating its first batches, which pay the pipeline's fill once (the first commit came 0.1-0.3 s after
 * the start); the floor keeps it from being judged on a quarter of a second, in which a few batches that were in
 * flight together commit at once (a warm 1M import's ETA at 10%, half a second in, was 20% short from such a
 * burst). Replayed on the polled samples of six 1M imports, a floor of 0.5 s gave the smallest errors at 10%; 1 s
 * took in the fill and made a freshly started service's first import 10 points more pessimistic. The start-up
 * warm-up ({@code RowPathWarmUp}) took away most of the cold JIT that made short windows worth it. 30 s holds a few
 * hundred bcrypt hashes at cost 12 or 30 AI requests at 60/min, enough that one slow hash or one request does not
 * swing the rate. The window ends <em>now</em>, not at the last progress: time spent waiting (AI rate limit,
 * {@code Retry-After}, a database outage) lowers the rate as it goes by, so the ETA counts waiting in. Issue #11.
 */
final class RateWindow {

    /** Samples closer together than this are merged: at most maxWindow / 100 ms samples are kept. */
    private static final long STEP_NANOS = 100_000_000L;
    /** The shortest window, unless the import is younger: then all of its time so far. */
    static final long MIN_WINDOW_MILLIS = 500;

    private record Sample(long nanos, double done) {
    }

    private final long maxWindowNanos;
    private final long startNanos;
    /** Oldest first, at least STEP apart; the oldest is at or before the start of the longest window. */
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private Sample latest;

    RateWindow(Duration maxWindow, long startNanos, double startDone) {
        if (maxWindow.isNegative() || maxWindow.isZero()) {
            throw new IllegalArgumentException("the ETA window must be positive, was " + maxWindow);
        }
        this.maxWindowNanos = maxWindow.toNanos();
        this.startNanos = startNanos;
        this.latest = new Sample(startNanos, startDone);
        samples.add(latest);
    }

    /** The rows done as of {@code nanos}. */
    void record(long nanos, double done) {
        latest = new Sample(nanos, done);
        if (nanos - samples.peekLast().nanos() < STEP_NANOS) {
            return;
        }
        samples.addLast(latest);
        Sample oldest = samples.pollFirst();
        while (!samples.isEmpty() && nanos - samples.peekFirst().nanos() >= maxWindowNanos) {
            oldest = samples.pollFirst();
        }
        samples.addFirst(oldest);
    }

    /** Rows per second over the window ending at {@code nowNanos}; null before any time has passed. */
    Double rowsPerSecond(long nowNanos) {
        long elapsed = nowNanos - startNanos;
        if (elapsed <= 0) {
            return null;
        }
        long window = Math.max(elapsed / 2, Math.min(elapsed, MIN_WINDOW_MILLIS * 1_000_000L));
        long from = nowNanos - Math.min(maxWindowNanos, window);
        Sample anchor = samples.peekFirst();
        for (Sample s : samples) {
            if (s.nanos() > from) {
                break;
            }
            anchor = s;
        }
        long span = nowNanos - anchor.nanos();
        return span <= 0 ? null : Math.max(0, latest.done() - anchor.done()) * 1e9 / span;
    }

    int sampleCount() {
        return samples.size();
    }
}
