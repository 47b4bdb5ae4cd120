package io.bulkimport.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GroupRatesTest {

    private static final Instant STARTED = Instant.parse("2026-12-01T10:00:00Z");
    private static final UUID GROUP = UUID.fromString("00000000-0000-0000-0000-0000000000bb");

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final GroupRates rates = new GroupRates(Duration.ofSeconds(30), nanos::get);

    @Test
    void the_first_look_gives_the_average_since_the_first_file_started() {
        // given a group whose first file started 10 s ago and which has read 1,000 rows
        // when it is first asked for
        Double rate = rates.rowsPerSecond(GROUP, STARTED, 1_000, STARTED.plusSeconds(10));

        // then
        assertThat(rate).isEqualTo(100.0);
    }

    @Test
    void later_looks_follow_the_recent_rate_not_the_average() {
        // given a group seen at 10 s with 1,000 rows read
        rates.rowsPerSecond(GROUP, STARTED, 1_000, STARTED.plusSeconds(10));

        // when 10 s later it has read 5,000 more (the average since the start would be 300 rows/s)
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        Double rate = rates.rowsPerSecond(GROUP, STARTED, 6_000, STARTED.plusSeconds(20));

        // then the window (the later half of the 20 s) gives the last 10 s
        assertThat(rate).isEqualTo(500.0);
    }

    @Test
    void waiting_lowers_the_rate_as_time_goes_by() {
        // given a group that read 3,000 rows in its first 10 s, seen at 5 s and at 10 s
        rates.rowsPerSecond(GROUP, STARTED, 1_500, STARTED.plusSeconds(5));
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        Double before = rates.rowsPerSecond(GROUP, STARTED, 3_000, STARTED.plusSeconds(10));

        // when it reads nothing for 10 s more
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        Double after = rates.rowsPerSecond(GROUP, STARTED, 3_000, STARTED.plusSeconds(20));

        // then
        assertThat(before).isEqualTo(300.0);
        assertThat(after).isEqualTo(0.0);
    }

    @Test
    void a_group_with_no_file_started_has_no_rate_and_an_ended_one_is_forgotten() {
        assertThat(rates.rowsPerSecond(GROUP, null, 0, STARTED)).isNull();
        assertThat(rates.size()).isZero();

        rates.rowsPerSecond(GROUP, STARTED, 10, STARTED.plusSeconds(1));
        rates.forget(GROUP);

        assertThat(rates.size()).isZero();
    }
}
