package io.bulkimport.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.ImportOptions;
import io.bulkimport.pipeline.StageProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LiveProgressTest {

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-00000000000a");

    private long nanos = 1_000_000_000L;
    private final LiveProgress progress = new LiveProgress(Duration.ofSeconds(30), () -> nanos);

    @Test
    void adds_each_committed_batch_to_the_job_it_started_with() {
        // given
        progress.started(job(1000L, false));

        // when two batches commit
        progress.committed(ID, 0, 100, 90, 6, 4);
        progress.committed(ID, 1, 100, 100, 0, 0);

        // then
        ImportJob job = progress.find(ID).orElseThrow();
        assertThat(List.of(job.rowsRead(), job.rowsStored(), job.rowsDuplicate(), job.rowsFailed()))
                .containsExactly(200L, 190L, 6L, 4L);
        assertThat(job.batchesDone()).isEqualTo(2);
        assertThat(job.status()).isEqualTo(ImportStatus.RUNNING);
    }

    @Test
    void takes_a_new_estimate_only_while_the_total_is_not_exact() {
        progress.started(job(1000L, false));
        progress.estimated(ID, 1234, 13);
        assertThat(progress.find(ID).orElseThrow().totalRows()).isEqualTo(1234L);
        assertThat(progress.find(ID).orElseThrow().batchesTotal()).isEqualTo(13);

        progress.started(job(500L, true));
        progress.estimated(ID, 9999, 100);
        assertThat(progress.find(ID).orElseThrow().totalRows()).isEqualTo(500L);
    }

    @Test
    void routes_the_stage_progress_of_an_import_to_its_percent_and_eta() {
        // given a running import of 1000 rows and its stage's sink
        progress.started(job(1000L, true));
        StageProgress stage = progress.stageProgress(ID);

        // when the stage hashes 100 of the first batch's 200 passwords in 10 s
        stage.planned(0, 200, 200);
        nanos += 10_000_000_000L;
        stage.finished(0, 100);

        // then
        ProgressSnapshot snapshot = progress.snapshot(ID).orElseThrow();
        assertThat(snapshot.figures().percent()).isEqualTo(10.0);
        assertThat(snapshot.figures().rowsPerSecond()).isEqualTo(10.0);
        assertThat(snapshot.figures().etaSeconds()).isEqualTo(90.0);
        assertThat(snapshot.view()).containsEntry("rowsRead", 0L).containsEntry("percent", 10.0)
                .containsEntry("etaSeconds", 90.0);
    }

    @Test
    void forgets_an_import_that_ended_and_ignores_batches_after_that() {
        progress.started(job(1000L, false));

        progress.ended(ID);
        progress.committed(ID, 0, 100, 100, 0, 0);
        progress.stageProgress(ID).finished(1, 10);

        assertThat(progress.find(ID)).isEmpty();
        assertThat(progress.snapshot(ID)).isEmpty();
    }

    private static ImportJob job(Long totalRows, boolean exact) {
        return new ImportJob(ID, "contacts", "upload", "people.csv", "/data/people.csv", "ab12", 1234L,
                new ImportOptions("skip", 100, false, false), List.of("email"), ImportStatus.RUNNING, totalRows, exact,
                0, 0, 0, 0, 0, 10, Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T10:00:01Z"), null, null);
    }
}
