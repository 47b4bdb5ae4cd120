package io.bulkimport.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.ImportOptions;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PipelineProgressTest {

    @Test
    void gives_the_longest_eta_and_the_percent_weighted_by_rows_of_the_running_imports() {
        // given a small import at 50% with 10 s to go and a large one at 10% with 90 s to go
        List<ProgressSnapshot> running = List.of(running(1000L, 50.0, 10.0), running(9000L, 10.0, 90.0));

        // when / then
        assertThat(PipelineProgress.etaSeconds(running)).isEqualTo(90.0);
        assertThat(PipelineProgress.percent(running)).isEqualTo(14.0);
    }

    @Test
    void has_no_figures_while_none_runs_and_no_eta_while_one_has_none_yet() {
        // when / then
        assertThat(PipelineProgress.etaSeconds(List.of())).isNaN();
        assertThat(PipelineProgress.percent(List.of())).isNaN();
        assertThat(PipelineProgress.etaSeconds(List.of(running(1000L, 50.0, 10.0), running(500L, 0.0, null)))).isNaN();
    }

    private static ProgressSnapshot running(Long total, double percent, Double eta) {
        ImportJob job = new ImportJob(UUID.randomUUID(), "contacts", "upload", "c.csv", "/data/c.csv", "ab12", 1L,
                new ImportOptions("skip", 1000, false, false), List.of("email"), ImportStatus.RUNNING, total, true, 0, 0,
                0, 0, 0, 1, Instant.EPOCH, Instant.EPOCH, null, null);
        return new ProgressSnapshot(job, new ProgressFigures(percent, 1.0, eta), total * percent / 100);
    }
}
