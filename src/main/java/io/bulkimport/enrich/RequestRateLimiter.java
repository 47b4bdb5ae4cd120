package io.bulkimport.enrich;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * At most {@code permits} request starts in any window of {@code window} length, spread evenly: a start waits until
 * {@code window / permits} after the previous one (a token bucket of capacity one) and until more than one window
 * after the start {@code permits} places back (a sliding log). The log alone proves the bound, even for a closed
 * window; the spacing keeps requests from bunching at the start of each window. Shared by every import.
 */
public class RequestRateLimiter {

    private final int permits;
    private final long windowNanos;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final ArrayDeque<Long> starts = new ArrayDeque<>();
    private long lastStart = Long.MIN_VALUE;

    public RequestRateLimiter(int permits, Duration window) {
        this(permits, window, System::nanoTime);
    }

    RequestRateLimiter(int permits, Duration window, LongSupplier clock) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1");
        }
        this.permits = permits;
        this.windowNanos = window.toNanos();
        this.intervalNanos = windowNanos / permits;
        this.clock = clock;
    }

    /** Waits for the next slot; returns how long it waited, in nanoseconds. */
    public long acquire() throws InterruptedException {
        long slot = reserve();
        long waited = 0;
        long now = clock.getAsLong();
        while (slot - now > 0) {
            long remaining = slot - now;
            Thread.sleep(remaining / 1_000_000, (int) (remaining % 1_000_000));
            waited += remaining;
            now = clock.getAsLong();
        }
        return waited;
    }

    /** Takes the next free slot (a time on the clock) for the caller; the slot is never given to anyone else. */
    synchronized long reserve() {
        long now = clock.getAsLong();
        long slot = now;
        if (lastStart != Long.MIN_VALUE && slot - (lastStart + intervalNanos) < 0) {
            slot = lastStart + intervalNanos;
        }
        if (starts.size() == permits) {
            long free = starts.peekFirst() + windowNanos + 1_000_000;
            if (slot - free < 0) {
                slot = free;
            }
            starts.pollFirst();
        }
        starts.addLast(slot);
        lastStart = slot;
        return slot;
    }
}
