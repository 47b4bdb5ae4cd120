package io.bulkimport.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.ImportOptions;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.TestImports;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DryRunExecutionTest {

    private final PipelineDefinition contacts = TestImports.pipeline("contacts", """
            email:      { key: true, format: email, lowercase: true }
            first_name: { }
            company:    { }
            """);

    @Test
    void the_execution_takes_the_dry_runs_options_with_the_overrides_on_top_and_is_never_a_dry_run() {
        // given a dry run with its own choices
        Map<String, String> upload = new HashMap<>(Map.of("dryRun", "true", "duplicates", "merge", "batchSize", "7",
                "map.first_name", "Prénom", "set.company", "Acme", "maxErrors", "3", "charset", "windows-1252"));
        ImportOptions dryRun = ImportOptions.from(contacts, upload);

        // when executed with duplicates=update
        ImportOptions executed = ImportOptions.from(contacts, DryRunExecution.params(dryRun, Map.of("duplicates", "update")));

        // then everything else is the dry run's
        assertThat(executed.dryRun()).isFalse();
        assertThat(executed.duplicates()).isEqualTo("update");
        assertThat(executed.batchSize()).isEqualTo(7);
        assertThat(executed.columns()).isEqualTo(dryRun.columns());
        assertThat(executed.errorBudget()).isEqualTo(dryRun.errorBudget());
        assertThat(executed.charset()).isEqualTo(dryRun.charset());
        assertThat(executed.force()).isFalse();
    }

    @Test
    void a_dry_run_forced_past_a_duplicate_file_does_not_force_its_execution_unless_asked() {
        ImportOptions dryRun = ImportOptions.from(contacts, Map.of("dryRun", "true", "force", "true"));

        assertThat(ImportOptions.from(contacts, DryRunExecution.params(dryRun, Map.of())).force()).isFalse();
        assertThat(ImportOptions.from(contacts, DryRunExecution.params(dryRun, Map.of("force", "true"))).force()).isTrue();
    }
}
