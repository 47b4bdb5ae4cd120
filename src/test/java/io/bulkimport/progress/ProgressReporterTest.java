package io.bulkimport.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.ImportOptions;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

    @Test
    void prints_the_same_percent_rate_and_eta_as_the_job_json_with_rows_done_and_committed() {
        // given 1,407 of 2,500 users hashed, 1,300 of them committed
        ImportJob job = new ImportJob(UUID.randomUUID(), "users", "upload", "u.csv", "/data/u.csv", "ab12", 1L,
                new ImportOptions("skip", 100, false, false), List.of("email"), ImportStatus.RUNNING, 2500L, true, 1300,
                1300, 0, 0, 13, 25, Instant.EPOCH, Instant.EPOCH, null, null);
        ProgressSnapshot snapshot = new ProgressSnapshot(job, new ProgressFigures(56.3, 7.04, 156.0), 1407.6);

        // when
        String line = ProgressReporter.line(snapshot);

        // then
        assertThat(line).isEqualTo("users 'u.csv'  56.3%  1,407/2,500 rows done, 1,300 committed  7 rows/s  ETA 2m 36s");
    }

    @Test
    void writes_durations_a_person_reads_at_a_glance() {
        assertThat(ProgressReporter.duration(null)).isEqualTo("?");
        assertThat(ProgressReporter.duration(45.2)).isEqualTo("45s");
        assertThat(ProgressReporter.duration(200.0)).isEqualTo("3m 20s");
        assertThat(ProgressReporter.duration(7_500.0)).isEqualTo("2h 05m");
    }

    @Test
    void the_summary_of_a_fast_import_shows_hundredths_and_one_that_never_ran_no_time() {
        // given an import of 56 rows that took 40 ms, and one that failed before its start
        UUID id = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        ImportJob fast = new ImportJob(id, "contacts", "upload", "p.csv", "/data/p.csv", "ab12", 1L,
                new ImportOptions("skip", 100, false, false), List.of("email"), ImportStatus.COMPLETED, 56L, true, 56,
                56, 0, 0, 1, 1, start, start, start.plusMillis(40), null);
        ImportJob neverRan = new ImportJob(id, "contacts", "upload", "p.csv", "/data/p.csv", "ab12", 1L,
                new ImportOptions("skip", 100, false, false), List.of("email"), ImportStatus.FAILED, null, false, 0,
                0, 0, 0, 0, null, start, null, start, "missing required column: email");

        // then
        assertThat(ProgressReporter.summaryLine(fast, start.plusSeconds(1))).isEqualTo(
                "contacts " + id + " 'p.csv' completed: 56 read, 56 stored, 0 duplicate, 0 failed in 0.04s (1,400 rows/s)");
        assertThat(ProgressReporter.summaryLine(neverRan, start.plusSeconds(1))).isEqualTo(
                "contacts " + id + " 'p.csv' failed: 0 read, 0 stored, 0 duplicate, 0 failed - missing required column: email");
    }
}
