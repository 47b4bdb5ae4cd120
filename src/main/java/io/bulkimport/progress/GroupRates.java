package io.bulkimport.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The recent rows/s of each running group of files (issue #11 "the same for groups", issue #14), over the same
 * window as one import's ({@link RateWindow}: the last {@code import.eta-window-seconds}, or the later half of the
 * time since the group's first file started while that is shorter). A group's files start and end every few seconds,
 * so their own windows are too short to add up; the group's window is fed instead with the group's rows read each
 * time its figures are asked for (the event stream asks every second). Until it has been asked twice, or when its
 * views are far apart, the rate is in effect the average since the start. In memory, per instance; a group is
 * forgotten when it ends.
 */
public final class GroupRates {

    private final Duration window;
    private final LongSupplier nanoClock;
    private final Map<UUID, RateWindow> windows = new ConcurrentHashMap<>();

    /**
     * @param window    the longest window ({@code import.eta-window-seconds})
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    public GroupRates(Duration window, LongSupplier nanoClock) {
        this.window = window;
        this.nanoClock = nanoClock;
    }

    /**
     * Records that {@code group} has read {@code rowsRead} rows by now and gives its rows per second over the window
     * ending now.
     *
     * @param startedAt when its first file started (wall clock), or null when none has
     * @param now       the wall-clock time of {@code rowsRead}
     * @return rows per second, or null when no file has started or no time has passed
     */
    public Double rowsPerSecond(UUID group, Instant startedAt, long rowsRead, Instant now) {
        if (startedAt == null) {
            return null;
        }
        long nowNanos = nanoClock.getAsLong();
        long sinceStart = Math.max(0, Duration.between(startedAt, now).toNanos());
        RateWindow rates = windows.computeIfAbsent(group, g -> new RateWindow(window, nowNanos - sinceStart, 0));
        synchronized (rates) {
            rates.record(nowNanos, rowsRead);
            return rates.rowsPerSecond(nowNanos);
        }
    }

    /** Drops an ended group's window. */
    public void forget(UUID group) {
        windows.remove(group);
    }

    int size() {
        return windows.size();
    }
}
