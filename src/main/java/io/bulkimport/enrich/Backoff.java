package io.bulkimport.enrich;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter; a wait the provider asked for wins when it is longer. */
public record Backoff(Duration initial, Duration max) {

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration delay(int retry, Duration asked) {
        long cap = max.toMillis();
        long exponential = Math.min(cap, initial.toMillis() << Math.min(20, retry - 1));
        // "equal jitter": between half and all of the exponential step, so parallel callers do not retry in step
        long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
        long wanted = asked == null ? 0 : asked.toMillis();
        return Duration.ofMillis(Math.max(jittered, wanted));
    }
}
