package io.bulkimport.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.ImportOptions;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LiveProgressTest {

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-00000000000a");

    private final LiveProgress progress = new LiveProgress();

    @Test
    void adds_each_committed_batch_to_the_job_it_started_with() {
        // given
        progress.started(job(1000L, false));

        // when two batches commit
        progress.committed(ID, 100, 90, 6, 4);
        progress.committed(ID, 100, 100, 0, 0);

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
    void forgets_an_import_that_ended_and_ignores_batches_after_that() {
        progress.started(job(1000L, false));

        progress.ended(ID);
        progress.committed(ID, 100, 100, 0, 0);

        assertThat(progress.find(ID)).isEmpty();
    }

    private static ImportJob job(Long totalRows, boolean exact) {
        return new ImportJob(ID, "contacts", "upload", "people.csv", "/data/people.csv", "ab12", 1234L,
                new ImportOptions("skip", 100, false, false), List.of("email"), ImportStatus.RUNNING, totalRows, exact,
                0, 0, 0, 0, 0, 10, Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T10:00:01Z"), null, null);
    }
}
