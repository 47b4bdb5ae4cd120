package io.bulkimport.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.ImportOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GroupViewTest {

    private static final Instant STARTED = Instant.parse("2026-11-30T10:00:00Z");
    private static final UUID GROUP = UUID.fromString("00000000-0000-0000-0000-0000000000aa");

    @Test
    void runs_while_any_file_is_queued_and_sums_the_rows_of_its_files() {
        // given one file done and one half read
        List<ImportJob> files = List.of(file(ImportStatus.COMPLETED, 100L, 100, 0, 1000),
                file(ImportStatus.RUNNING, 200L, 100, 3, 2000));

        // when
        Map<String, Object> view = view("running", files, STARTED.plusSeconds(10));

        // then
        assertThat(view).containsEntry("status", "running").containsEntry("filesTotal", 2).containsEntry("filesDone", 1L)
                .containsEntry("filesFailed", 0L).containsEntry("rowsRead", 200L).containsEntry("rowsFailed", 3L)
                .containsEntry("percent", 66.7).containsEntry("rowsPerSecond", 20.0).containsEntry("etaSeconds", 5.0)
                .containsEntry("finishedAt", null);
        assertThat((List<?>) view.get("imports")).hasSize(2);
    }

    @Test
    void a_running_group_takes_its_rate_and_eta_from_the_recent_window_when_one_is_given() {
        // given one file done and one half read, 10 s after the start (20 rows/s on average)
        List<ImportJob> files = List.of(file(ImportStatus.COMPLETED, 100L, 100, 0, 1000),
                file(ImportStatus.RUNNING, 200L, 100, 3, 2000));

        // when the recent window says 50 rows/s
        Map<String, Object> view = GroupView.of(GROUP, "transactions", "running", null, files, Map.of(),
                j -> Map.of("id", j.id().toString()), STARTED.plusSeconds(10), (startedAt, read) -> {
                    assertThat(startedAt).isEqualTo(STARTED);
                    assertThat(read).isEqualTo(200L);
                    return 50.0;
                });

        // then the 100 rows left take 2 s, not the average's 5 s
        assertThat(view).containsEntry("rowsPerSecond", 50.0).containsEntry("etaSeconds", 2.0);
    }

    @Test
    void reckons_a_file_without_a_total_from_its_size_at_the_other_files_bytes_per_row() {
        // given a workbook not opened yet, twice the bytes of a 100-row file that is half read
        List<ImportJob> files = List.of(file(ImportStatus.RUNNING, 100L, 50, 0, 1000),
                file(ImportStatus.QUEUED, null, 0, 0, 2000));

        // when
        Map<String, Object> view = view("running", files, STARTED.plusSeconds(5));

        // then 50 read of 50 + 50 + 200
        assertThat(view).containsEntry("percent", 16.7).containsEntry("etaSeconds", 25.0);
    }

    @Test
    void never_shows_100_percent_before_the_last_file_ends() {
        // given every row read, one file not ended yet
        List<ImportJob> files = List.of(file(ImportStatus.COMPLETED, 100L, 100, 0, 1000),
                file(ImportStatus.RUNNING, 100L, 100, 0, 1000));

        // when / then
        assertThat(view("running", files, STARTED.plusSeconds(5))).containsEntry("percent", 99.9);
    }

    @Test
    void a_failed_file_or_failed_rows_make_the_group_completed_with_errors() {
        assertThat(GroupView.status("running", List.of(file(ImportStatus.COMPLETED, 1L, 1, 0, 10),
                file(ImportStatus.FAILED, null, 0, 0, 10)))).isEqualTo("completed_with_errors");
        assertThat(GroupView.status("running", List.of(file(ImportStatus.COMPLETED_WITH_ERRORS, 2L, 2, 1, 10))))
                .isEqualTo("completed_with_errors");
        assertThat(GroupView.status("running", List.of(file(ImportStatus.COMPLETED, 2L, 2, 0, 10))))
                .isEqualTo("completed");
    }

    @Test
    void every_file_failed_makes_the_group_failed() {
        assertThat(GroupView.status("running", List.of(file(ImportStatus.FAILED, null, 0, 0, 10),
                file(ImportStatus.FAILED, null, 0, 0, 10)))).isEqualTo("failed");
    }

    @Test
    void a_persons_cancel_or_rollback_stands_over_what_the_files_say() {
        List<ImportJob> running = List.of(file(ImportStatus.RUNNING, 10L, 1, 0, 10));
        assertThat(GroupView.status("cancelled", running)).isEqualTo("cancelled");
        assertThat(GroupView.status("rolled_back", List.of(file(ImportStatus.ROLLED_BACK, 1L, 1, 0, 10))))
                .isEqualTo("rolled_back");
    }

    @Test
    void an_ended_group_shows_100_percent_no_eta_and_its_end() {
        // given
        List<ImportJob> files = List.of(file(ImportStatus.COMPLETED, 100L, 100, 0, 1000));

        // when
        Map<String, Object> view = GroupView.of(GROUP, "transactions", "completed", STARTED.plusSeconds(4), files,
                Map.of(), j -> Map.of("id", j.id().toString()), STARTED.plusSeconds(60), (t, r) -> 999.0);

        // then the rate is over its run, not until now, and not the recent rate of a running group
        assertThat(view).containsEntry("percent", 100.0).containsEntry("etaSeconds", 0.0)
                .containsEntry("rowsPerSecond", 25.0).containsEntry("finishedAt", STARTED.plusSeconds(4).toString());
    }

    @Test
    void a_cancelled_group_shows_how_far_it_got_and_still_after_its_rollback() {
        // given a group cancelled with one file done, one cancelled at 40 of 300 rows and one never started
        List<ImportJob> files = List.of(file(ImportStatus.COMPLETED, 100L, 100, 0, 1000),
                file(ImportStatus.CANCELLED, 300L, 40, 0, 3000), file(ImportStatus.CANCELLED, 50L, 0, 0, 500));

        // when it is viewed cancelled, and once rolled back
        Map<String, Object> cancelled = view("cancelled", files, STARTED.plusSeconds(10));
        Map<String, Object> rolledBack = view("rolled_back", files, STARTED.plusSeconds(20));

        // then 140 of 450 rows were read: 31.1%, not the 99.9 (and 100) of a group with nothing left to read
        assertThat(cancelled).containsEntry("status", "cancelled").containsEntry("percent", 31.1);
        assertThat(rolledBack).containsEntry("percent", 31.1);
    }

    private static Map<String, Object> view(String stored, List<ImportJob> files, Instant now) {
        return GroupView.of(GROUP, "transactions", stored, null, files, Map.of(), j -> Map.of("id", j.id().toString()), now, null);
    }

    private static ImportJob file(ImportStatus status, Long total, long read, long failed, long size) {
        return new ImportJob(UUID.randomUUID(), "transactions", "upload", "f.csv", "/x", "sha", size,
                new ImportOptions("skip", 100, false, false), List.of(), status, total, total != null, read,
                read - failed, 0, failed, 0, null, STARTED, STARTED, status.finished() ? STARTED.plusSeconds(1) : null, null);
    }
}
