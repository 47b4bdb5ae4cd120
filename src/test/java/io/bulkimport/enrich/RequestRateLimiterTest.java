package io.bulkimport.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void spreads_starts_evenly_at_one_per_window_divided_by_permits() {
        // given 30 permits per minute and a clock that stands still
        AtomicLong now = new AtomicLong(0);
        RequestRateLimiter limiter = new RequestRateLimiter(30, Duration.ofMinutes(1), now::get);

        // when five callers ask at the same instant
        List<Long> slots = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            slots.add(limiter.reserve());
        }

        // then they get slots two seconds apart, the first at once
        assertThat(slots).containsExactly(0L, 2 * SECOND, 4 * SECOND, 6 * SECOND, 8 * SECOND);
    }

    @Test
    void never_allows_more_than_the_permits_in_any_closed_window_whatever_the_arrival_pattern() {
        // given 7 permits per 10 s and callers arriving in bursts and lulls
        AtomicLong now = new AtomicLong(0);
        RequestRateLimiter limiter = new RequestRateLimiter(7, Duration.ofSeconds(10), now::get);
        List<Long> slots = new ArrayList<>();
        long[] arrivals = {0, 0, 0, 1, 1, 9, 9, 9, 9, 10, 10, 10, 25, 25, 26, 40, 40, 40, 40, 40, 40, 40, 40, 40};

        // when each takes a slot as it arrives (the clock moves to the arrival, never backwards)
        for (long a : arrivals) {
            now.set(Math.max(now.get(), a * SECOND));
            long slot = limiter.reserve();
            assertThat(slot).isGreaterThanOrEqualTo(now.get());
            slots.add(slot);
        }

        // then no closed 10 s window holds more than 7 starts
        for (long start : slots) {
            long inWindow = slots.stream().filter(s -> s >= start && s - start <= 10 * SECOND).count();
            assertThat(inWindow).isLessThanOrEqualTo(7);
        }
    }

    @Test
    void acquire_waits_for_the_slot_on_the_real_clock() throws InterruptedException {
        // given 600 per minute: one every 100 ms
        RequestRateLimiter limiter = new RequestRateLimiter(600, Duration.ofMinutes(1));

        // when four starts are taken
        long started = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            limiter.acquire();
        }

        // then the last came 300 ms after the first
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(290_000_000L);
    }
}
