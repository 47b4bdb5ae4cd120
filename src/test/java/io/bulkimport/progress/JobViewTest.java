package io.bulkimport.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.ImportOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobViewTest {

    private static final Instant STARTED = Instant.parse("2024-05-01T10:00:00Z");
    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000042");

    // --- percent ---------------------------------------------------------------------------------

    @Test
    void reports_the_share_of_rows_read_rounded_to_one_decimal() {
        // when
        double percent = JobView.percent(job(ImportStatus.RUNNING, 3000L, 1000, STARTED, null));

        // then
        assertThat(percent).isEqualTo(33.3);
    }

    @Test
    void never_claims_more_than_99_9_percent_while_running() {
        // given an estimate that ran short, and a job one row from the end
        ImportJob overshooting = job(ImportStatus.RUNNING, 1000L, 1500, STARTED, null);
        ImportJob almostDone = job(ImportStatus.RUNNING, 10_000L, 9_999, STARTED, null);

        // when / then
        assertThat(JobView.percent(overshooting)).isEqualTo(99.9);
        assertThat(JobView.percent(almostDone)).isEqualTo(99.9);
    }

    @Test
    void reports_100_percent_once_completed_whatever_the_counters_say() {
        // when
        double completed = JobView.percent(job(ImportStatus.COMPLETED, 1000L, 10, STARTED, STARTED));
        double withErrors = JobView.percent(job(ImportStatus.COMPLETED_WITH_ERRORS, null, 0, STARTED, STARTED));

        // then
        assertThat(List.of(completed, withErrors)).containsOnly(100.0);
    }

    @Test
    void a_rolled_back_import_keeps_the_percent_it_reached() {
        // when: one undone after it had read every row, one undone after it failed a third of the way
        double whole = JobView.percent(job(ImportStatus.ROLLED_BACK, 1000L, 1000, STARTED, STARTED));
        double third = JobView.percent(job(ImportStatus.ROLLED_BACK, 3000L, 1000, STARTED, STARTED));

        // then
        assertThat(whole).isEqualTo(100.0);
        assertThat(third).isEqualTo(33.3);
    }

    @Test
    void reports_0_percent_without_a_total() {
        // when
        double unknown = JobView.percent(job(ImportStatus.RUNNING, null, 500, STARTED, null));
        double zero = JobView.percent(job(ImportStatus.RUNNING, 0L, 500, STARTED, null));

        // then
        assertThat(List.of(unknown, zero)).containsOnly(0.0);
    }

    @Test
    void keeps_the_last_percent_of_a_failed_job() {
        // when
        double percent = JobView.percent(job(ImportStatus.FAILED, 200L, 50, STARTED, STARTED.plusSeconds(1)));

        // then
        assertThat(percent).isEqualTo(25.0);
    }

    // --- rate and eta ----------------------------------------------------------------------------

    @Test
    void computes_rows_per_second_and_eta_from_the_start() {
        // given 1000 of 5000 rows read in 4 seconds
        ImportJob job = job(ImportStatus.RUNNING, 5000L, 1000, STARTED, null);
        Instant now = STARTED.plusSeconds(4);

        // when
        Double rate = JobView.rowsPerSecond(job, now);
        Double eta = JobView.etaSeconds(job, rate);

        // then
        assertThat(rate).isEqualTo(250.0);
        assertThat(eta).isEqualTo(16.0);
    }

    @Test
    void gives_the_eta_in_tenths_of_a_second() {
        // given 229,000 of 1M rows left at 150,000 rows/s: 1.53 s, which whole seconds showed as 2 (+31%)
        ImportJob job = job(ImportStatus.RUNNING, 1_000_000L, 771_000, STARTED, null);

        // when / then
        assertThat(JobView.etaSeconds(job, 150_000.0)).isEqualTo(1.5);
    }

    @Test
    void measures_the_rate_of_a_finished_job_up_to_its_end_not_up_to_now() {
        // given
        ImportJob job = job(ImportStatus.COMPLETED, 600L, 600, STARTED, STARTED.plusSeconds(3));

        // when
        Double rate = JobView.rowsPerSecond(job, STARTED.plusSeconds(3600));

        // then
        assertThat(rate).isEqualTo(200.0);
    }

    @Test
    void has_no_rate_before_the_start_or_at_the_very_first_instant() {
        // given
        ImportJob queued = job(ImportStatus.QUEUED, 100L, 0, null, null);
        ImportJob justStarted = job(ImportStatus.RUNNING, 100L, 0, STARTED, null);

        // when / then
        assertThat(JobView.rowsPerSecond(queued, STARTED)).isNull();
        assertThat(JobView.rowsPerSecond(justStarted, STARTED)).isNull();
        assertThat(JobView.etaSeconds(queued, null)).isNull();
    }

    @Test
    void has_no_eta_without_progress_or_without_a_total() {
        // when
        Double noProgress = JobView.etaSeconds(job(ImportStatus.RUNNING, 100L, 0, STARTED, null), 0.0);
        Double noTotal = JobView.etaSeconds(job(ImportStatus.RUNNING, null, 50, STARTED, null), 10.0);

        // then
        assertThat(noProgress).isNull();
        assertThat(noTotal).isNull();
    }

    @Test
    void never_reports_a_negative_eta_when_the_estimate_ran_short() {
        // when
        Double eta = JobView.etaSeconds(job(ImportStatus.RUNNING, 100L, 150, STARTED, null), 10.0);

        // then
        assertThat(eta).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = ImportStatus.class, names = {"COMPLETED", "COMPLETED_WITH_ERRORS", "FAILED", "CANCELLED", "ROLLED_BACK"})
    void reports_an_eta_of_0_once_finished(ImportStatus status) {
        // when
        Double eta = JobView.etaSeconds(job(status, 1000L, 10, STARTED, STARTED.plusSeconds(1)), 10.0);

        // then
        assertThat(eta).isZero();
    }

    // --- the JSON map ----------------------------------------------------------------------------

    @Test
    void has_exactly_the_api_keys_in_order() {
        // when
        Map<String, Object> view = JobView.of(job(ImportStatus.RUNNING, 5000L, 1000, STARTED, null), STARTED.plusSeconds(3));

        // then
        assertThat(view.keySet()).containsExactly("id", "pipeline", "status", "fileName", "totalRows", "totalRowsExact", "rowsRead",
                "rowsStored", "rowsDuplicate", "rowsFailed", "batchesDone", "batchesTotal", "percent", "rowsPerSecond",
                "etaSeconds", "startedAt", "finishedAt", "error");
    }

    @Test
    void fills_the_map_from_the_job_with_derived_figures() {
        // given 1000 of 5000 rows in 3 seconds
        ImportJob job = job(ImportStatus.RUNNING, 5000L, 1000, STARTED, null);

        // when
        Map<String, Object> view = JobView.of(job, STARTED.plusSeconds(3));

        // then
        assertThat(view).containsEntry("id", ID.toString()).containsEntry("pipeline", "contacts")
                .containsEntry("status", "running").containsEntry("fileName", "people.csv")
                .containsEntry("totalRows", 5000L).containsEntry("totalRowsExact", false)
                .containsEntry("rowsRead", 1000L).containsEntry("rowsStored", 900L)
                .containsEntry("rowsDuplicate", 60L).containsEntry("rowsFailed", 40L).containsEntry("batchesDone", 2)
                .containsEntry("batchesTotal", 10).containsEntry("percent", 20.0)
                .containsEntry("rowsPerSecond", 333.3).containsEntry("etaSeconds", 12.0)
                .containsEntry("startedAt", "2024-05-01T10:00:00Z").containsEntry("finishedAt", null)
                .containsEntry("error", null);
    }

    @Test
    void says_when_the_total_is_the_file_s_counted_rows() {
        // given a job whose rows were counted at intake
        ImportJob estimated = job(ImportStatus.QUEUED, null, 0, null, null);
        ImportJob counted = new ImportJob(ID, "contacts", "upload", "people.csv", "/data/people.csv", "ab12", 1234L,
                new ImportOptions("skip", 500, false, false), List.of(), ImportStatus.QUEUED, 2500L, true, 0, 0, 0, 0, 0,
                5, STARTED, null, null, null);

        // when / then
        assertThat(JobView.of(counted, STARTED)).containsEntry("totalRows", 2500L).containsEntry("totalRowsExact", true)
                .containsEntry("batchesTotal", 5);
        assertThat(JobView.of(estimated, STARTED)).containsEntry("totalRows", null).containsEntry("totalRowsExact", false);
    }

    @Test
    void shows_nulls_for_a_queued_job_and_the_error_of_a_failed_one() {
        // given
        ImportJob queued = job(ImportStatus.QUEUED, null, 0, null, null);
        ImportJob failed = withError(job(ImportStatus.FAILED, 10L, 5, STARTED, STARTED.plusSeconds(1)), "disk full");

        // when
        Map<String, Object> queuedView = JobView.of(queued, STARTED);
        Map<String, Object> failedView = JobView.of(failed, STARTED.plusSeconds(9));

        // then
        assertThat(queuedView).containsEntry("rowsPerSecond", null).containsEntry("etaSeconds", null)
                .containsEntry("startedAt", null).containsEntry("percent", 0.0);
        assertThat(failedView).containsEntry("status", "failed").containsEntry("error", "disk full")
                .containsEntry("etaSeconds", 0.0).containsEntry("rowsPerSecond", 5.0)
                .containsEntry("finishedAt", "2024-05-01T10:00:01Z");
    }

    private static ImportJob job(ImportStatus status, Long totalRows, long rowsRead, Instant startedAt, Instant finishedAt) {
        return new ImportJob(ID, "contacts", "upload", "people.csv", "/data/people.csv", "ab12", 1234L,
                new ImportOptions("skip", 500, false, false), List.of("email"), status, totalRows, false, rowsRead,
                rowsRead * 9 / 10, rowsRead * 6 / 100, rowsRead * 4 / 100, 2, 10, STARTED.minusSeconds(5), startedAt,
                finishedAt, null);
    }

    private static ImportJob withError(ImportJob j, String error) {
        return new ImportJob(j.id(), j.pipeline(), j.source(), j.fileName(), j.filePath(), j.sha256(), j.sizeBytes(),
                j.options(), j.header(), j.status(), j.totalRows(), j.totalRowsExact(), j.rowsRead(), j.rowsStored(),
                j.rowsDuplicate(), j.rowsFailed(), j.batchesDone(), j.batchesTotal(), j.createdAt(), j.startedAt(),
                j.finishedAt(), error);
    }
}
