package io.bulkimport.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.ImportOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImportProgressTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 42 * SECOND;

    private long now = T0;

    // --- work done: committed rows plus the finished share of batches in flight ----------------------------------

    @Test
    void counts_the_finished_share_of_a_batch_in_flight_for_percent_but_not_for_the_counters() {
        // given a 2,500-row users import whose first batch of 1000 has 250 of its passwords hashed
        ImportProgress progress = new ImportProgress(job(2500L, false), Duration.ofSeconds(30), now);
        progress.planned(0, 1000, 1000, now);
        progress.finished(0, 250, now += 10 * SECOND);

        // when
        ProgressSnapshot snapshot = progress.snapshot(now);

        // then
        assertThat(snapshot.figures().percent()).isEqualTo(10.0);
        assertThat(snapshot.rowsDone()).isEqualTo(250.0);
        assertThat(snapshot.job().rowsRead()).isZero();
        assertThat(snapshot.job().batchesDone()).isZero();
    }

    @Test
    void spreads_rows_that_need_no_work_over_the_batch() {
        // given a batch of 100 rows of which 50 need a hash (operational users, kept hashes and errors need none)
        ImportProgress progress = new ImportProgress(job(1000L, false), Duration.ofSeconds(30), now);
        progress.planned(3, 100, 50, now);

        // when 10 of the 50 hashes are done
        progress.finished(3, 10, now += SECOND);

        // then a fifth of the batch is done, not the 50 free rows at once
        assertThat(progress.snapshot(now).rowsDone()).isEqualTo(20.0);
    }

    @Test
    void counts_a_batch_with_nothing_to_do_as_done_and_a_committed_batch_once() {
        // given
        ImportProgress progress = new ImportProgress(job(1000L, false), Duration.ofSeconds(30), now);
        progress.planned(0, 100, 0, now);
        progress.planned(1, 100, 100, now);
        progress.finished(1, 100, now += SECOND);
        assertThat(progress.snapshot(now).rowsDone()).isEqualTo(200.0);

        // when both commit
        progress.committed(0, 100, 100, 0, 0, now += SECOND);
        progress.committed(1, 100, 95, 0, 5, now);

        // then their rows are counted once, now as committed
        ProgressSnapshot snapshot = progress.snapshot(now);
        assertThat(snapshot.rowsDone()).isEqualTo(200.0);
        assertThat(snapshot.job().rowsRead()).isEqualTo(200);
        assertThat(snapshot.figures().percent()).isEqualTo(20.0);
    }

    @Test
    void ignores_work_on_a_batch_it_was_not_told_about() {
        // given
        ImportProgress progress = new ImportProgress(job(1000L, false), Duration.ofSeconds(30), now);

        // when
        progress.finished(7, 50, now += SECOND);

        // then
        assertThat(progress.snapshot(now).rowsDone()).isZero();
    }

    // --- percent --------------------------------------------------------------------------------------------------

    @Test
    void never_goes_backwards_when_the_estimated_total_grows_or_a_stage_starts_a_batch_again() {
        // given 40% done
        ImportProgress progress = new ImportProgress(job(1000L, false), Duration.ofSeconds(30), now);
        progress.planned(0, 400, 400, now);
        progress.finished(0, 400, now += SECOND);
        List<Double> seen = new ArrayList<>(List.of(progress.snapshot(now).figures().percent()));

        // when the estimate of the total grows, and the stage starts the batch again (a redelivery)
        progress.estimated(2000, 20);
        seen.add(progress.snapshot(now += SECOND).figures().percent());
        progress.planned(0, 400, 400, now);
        seen.add(progress.snapshot(now += SECOND).figures().percent());

        // then
        assertThat(seen).containsExactly(40.0, 40.0, 40.0);
    }

    @Test
    void stays_at_99_9_percent_with_an_eta_of_0_when_all_work_is_done_but_not_yet_committed() {
        // given every row hashed, the last batch not committed yet
        ImportProgress progress = new ImportProgress(job(500L, false), Duration.ofSeconds(30), now);
        progress.committed(0, 400, 400, 0, 0, now += SECOND);
        progress.planned(1, 100, 100, now);
        progress.finished(1, 100, now += SECOND);

        // when
        ProgressFigures figures = progress.snapshot(now).figures();

        // then
        assertThat(figures.percent()).isEqualTo(99.9);
        assertThat(figures.etaSeconds()).isZero();
    }

    @Test
    void takes_a_new_estimate_only_while_the_total_is_not_exact() {
        // given
        ImportProgress estimated = new ImportProgress(job(1000L, false), Duration.ofSeconds(30), now);
        ImportProgress exact = new ImportProgress(job(1000L, true), Duration.ofSeconds(30), now);

        // when
        estimated.estimated(1234, 13);
        exact.estimated(1234, 13);

        // then
        assertThat(estimated.job().totalRows()).isEqualTo(1234L);
        assertThat(exact.job().totalRows()).isEqualTo(1000L);
    }

    // --- ETA ------------------------------------------------------------------------------------------------------

    @Test
    void the_eta_of_a_hash_bound_import_with_large_batches_holds_from_10_percent_on() {
        // given 2,500 users in batches of 1000 at 7 hashes a second, the first 20 s at half speed (a cold JVM and the
        // start-up hash measurement), and nothing committed before 1000 hashes are done
        ImportProgress progress = new ImportProgress(job(2500L, true), Duration.ofSeconds(30), now);
        List<double[]> timeline = new ArrayList<>();   // {seconds since start, percent, eta}
        double perSecond = 3.5;
        int hashed = 0;
        for (int batch = 0; batch < 3; batch++) {
            int rows = Math.min(1000, 2500 - batch * 1000);
            progress.planned(batch, rows, rows, now);
            for (int i = 0; i < rows; i++) {
                now += Math.round(SECOND / perSecond);
                progress.finished(batch, 1, now);
                hashed++;
                perSecond = (now - T0) < 20 * SECOND ? 3.5 : 7.0;
                ProgressFigures f = progress.snapshot(now).figures();
                timeline.add(new double[] {(now - T0) / 1e9, f.percent(), f.etaSeconds() == null ? -1 : f.etaSeconds()});
            }
            progress.committed(batch, rows, rows, 0, 0, now);
        }
        double end = (now - T0) / 1e9;

        // when / then: at 10, 25, 50 and 75% the ETA is within 20% of the time actually left
        for (double mark : new double[] {10, 25, 50, 75}) {
            double[] at = timeline.stream().filter(p -> p[1] >= mark).findFirst().orElseThrow();
            double left = end - at[0];
            assertThat(at[2]).as("ETA at %s%% (%.0f s left)", mark, left).isBetween(left * 0.8, left * 1.2);
        }
        // and percent moved before the first batch committed, never backwards, and stayed under 100
        assertThat(timeline.get(499)[1]).isEqualTo(20.0);
        for (int i = 1; i < timeline.size(); i++) {
            assertThat(timeline.get(i)[1]).isGreaterThanOrEqualTo(timeline.get(i - 1)[1]).isLessThanOrEqualTo(99.9);
        }
        assertThat(hashed).isEqualTo(2500);
    }

    @Test
    void the_eta_counts_the_time_an_ai_bound_import_waits_for_the_provider() {
        // given an items import at 20 rows a second (60 requests of 20 rows a minute) for 30 s
        ImportProgress progress = new ImportProgress(job(3000L, true), Duration.ofSeconds(30), now);
        progress.planned(0, 1000, 1000, now);
        for (int request = 0; request < 30; request++) {
            progress.finished(0, 20, now += SECOND);
        }
        double before = progress.snapshot(now).figures().etaSeconds();

        // when the provider answers 429 with Retry-After: 10 and nothing gets through for 10 s
        now += 10 * SECOND;
        double after = progress.snapshot(now).figures().etaSeconds();

        // then the ETA has grown with the wait instead of standing still
        assertThat(before).isEqualTo(120);
        assertThat(after).isGreaterThan(before + 10);
    }

    @Test
    void has_no_eta_before_any_time_has_passed_and_an_eta_once_work_moves() {
        // given
        ImportProgress progress = new ImportProgress(job(1000L, false), Duration.ofSeconds(30), now);

        // when / then
        assertThat(progress.snapshot(now).figures().etaSeconds()).isNull();
        progress.committed(0, 100, 100, 0, 0, now += SECOND);
        assertThat(progress.snapshot(now).figures().etaSeconds()).isEqualTo(9.0);
        assertThat(progress.snapshot(now).figures().rowsPerSecond()).isEqualTo(100.0);
    }

    private static ImportJob job(Long totalRows, boolean exact) {
        return new ImportJob(UUID.fromString("00000000-0000-0000-0000-00000000000b"), "users", "upload", "u.csv",
                "/data/u.csv", "ab12", 1234L, new ImportOptions("skip", 1000, false, false), List.of("email"),
                ImportStatus.RUNNING, totalRows, exact, 0, 0, 0, 0, 0, 3, Instant.parse("2026-11-23T10:00:00Z"),
                Instant.parse("2026-11-23T10:00:01Z"), null, null);
    }
}
