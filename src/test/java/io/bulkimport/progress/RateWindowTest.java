package io.bulkimport.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateWindowTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 5_000 * SECOND;   // nanoTime has an arbitrary origin

    private final RateWindow window = new RateWindow(Duration.ofSeconds(30), T0, 0);
    private long now = T0;
    private double done;

    @Test
    void measures_a_steady_rate() {
        // given 10 rows a second for a minute, one row at a time
        progress(60, 10);

        // when / then
        assertThat(window.rowsPerSecond(now)).isCloseTo(10.0, within(0.01));
    }

    @Test
    void follows_a_change_of_speed_within_the_window_instead_of_averaging_since_the_start() {
        // given a fast first minute, then a database that has slowed down to half the rate for 40 s
        progress(60, 10);
        progress(40, 5);

        // when
        Double rate = window.rowsPerSecond(now);

        // then the last 30 s say 5 rows/s (since the start it would be 8.5)
        assertThat(rate).isCloseTo(5.0, within(0.01));
    }

    @Test
    void counts_time_spent_waiting_as_it_goes_by() {
        // given 10 rows a second for a minute, then 15 s of waiting for the AI provider's Retry-After
        progress(60, 10);
        now += 15 * SECOND;

        // when
        Double rate = window.rowsPerSecond(now);

        // then the window ends now, not at the last progress: 150 rows in the last 30 s
        assertThat(rate).isCloseTo(5.0, within(0.01));
    }

    @Test
    void measures_a_young_import_over_the_later_half_of_its_time_so_far() {
        // given a cold first second at 1,000 rows/s, then 3 s at 10,000 rows/s
        progress(1, 1_000);
        progress(3, 10_000);

        // when
        Double rate = window.rowsPerSecond(now);

        // then the last 2 s count, not the cold start (since the start: 7,750 rows/s)
        assertThat(rate).isCloseTo(10_000.0, within(60.0));
    }

    @Test
    void judges_a_young_import_on_at_least_its_first_half_second() {
        // given 0.4 s with nothing committed, then 0.1 s in which the batches in flight commit together
        for (int i = 0; i < 4; i++) {
            progressMillis(100, 0);
        }
        progressMillis(100, 100_000);

        // when, half a second in
        Double rate = window.rowsPerSecond(now);

        // then the whole half second counts (200,000 rows/s), not its later half with the burst (333,333 rows/s)
        assertThat(rate).isCloseTo(200_000.0, within(1.0));

        // and from 1 s on, the later half again: 1.5 s more at 100,000 rows/s
        for (int i = 0; i < 15; i++) {
            progressMillis(100, 10_000);
        }
        assertThat(window.rowsPerSecond(now)).isCloseTo(100_000.0, within(1.0));
    }

    @Test
    void has_no_rate_at_the_first_instant_and_zero_without_progress() {
        // when / then
        assertThat(window.rowsPerSecond(T0)).isNull();
        assertThat(window.rowsPerSecond(T0 + 10 * SECOND)).isZero();
    }

    @Test
    void keeps_a_bounded_number_of_samples_however_long_the_import() {
        // given two hours of 100 rows a second
        progress(7_200, 100);

        // when / then: the rate is still exact, from at most a window's worth of samples
        assertThat(window.rowsPerSecond(now)).isCloseTo(100.0, within(0.01));
        assertThat(window.sampleCount()).isLessThanOrEqualTo(302);
    }

    /** {@code seconds} of progress at {@code perSecond} rows a second, one row at a time. */
    /** {@code rows} more done at once, {@code millis} after the last record. */
    private void progressMillis(long millis, long rows) {
        now += millis * 1_000_000L;
        done += rows;
        window.record(now, done);
    }

    private void progress(int seconds, int perSecond) {
        long rows = (long) seconds * perSecond;
        long start = now;
        for (long i = 1; i <= rows; i++) {
            now = start + i * seconds * SECOND / rows;
            done++;
            window.record(now, done);
        }
    }
}
