package io.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImportOptionsTest {

    @Test
    void takes_the_pipeline_defaults() {
        // given
        PipelineDefinition pipeline = pipeline("merge", 250);

        // when
        ImportOptions options = ImportOptions.defaultsOf(pipeline);

        // then
        assertThat(options).isEqualTo(new ImportOptions("merge", 250, false, false));
    }

    @Test
    void takes_the_pipeline_defaults_for_absent_or_blank_parameters() {
        // given
        PipelineDefinition pipeline = pipeline("update", 300);

        // when
        ImportOptions absent = ImportOptions.from(pipeline, Map.of());
        ImportOptions blankSize = ImportOptions.from(pipeline, Map.of("batchSize", "  "));

        // then
        assertThat(absent).isEqualTo(new ImportOptions("update", 300, false, false));
        assertThat(blankSize).isEqualTo(absent);
    }

    @Test
    void lets_request_parameters_override_the_pipeline() {
        // given
        PipelineDefinition pipeline = pipeline("skip", 1000);

        // when
        ImportOptions options = ImportOptions.from(pipeline,
                Map.of("duplicates", " UPDATE ", "batchSize", " 50 ", "dryRun", "true", "force", "1"));

        // then
        assertThat(options).isEqualTo(new ImportOptions("update", 50, true, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "true", "TRUE", "1", "yes", "Yes"})
    void reads_a_present_flag_as_true(String value) {
        // when
        ImportOptions options = ImportOptions.from(pipeline("skip", 10), Map.of("dryRun", value, "force", value));

        // then
        assertThat(options.dryRun()).isTrue();
        assertThat(options.force()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "0", "no", "off", "OFF", " False "})
    void reads_a_flag_said_false_as_false(String value) {
        // when
        ImportOptions options = ImportOptions.from(pipeline("skip", 10), Map.of("dryRun", value));

        // then
        assertThat(options.dryRun()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ture", "maybe", "2", "y"})
    void refuses_a_flag_that_is_neither_true_nor_false(String value) {
        // a misspelt dryRun=ture read as false would import for real what the user meant to try
        assertThatThrownBy(() -> ImportOptions.from(pipeline("skip", 10), Map.of("dryRun", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dryRun must be true or false (also 1/0, yes/no, on/off), was '" + value + "'");
    }

    @Test
    void rejects_an_unknown_duplicates_strategy_with_a_readable_message() {
        // when / then
        assertThatThrownBy(() -> ImportOptions.from(pipeline("skip", 10), Map.of("duplicates", "overwrite")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicates must be one of skip, update, merge; was 'overwrite'");
    }

    @Test
    void rejects_a_batch_size_that_is_not_a_whole_number() {
        // when / then
        assertThatThrownBy(() -> ImportOptions.from(pipeline("skip", 10), Map.of("batchSize", "1e3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize must be a whole number, was '1e3'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "100001"})
    void rejects_a_batch_size_out_of_range(String size) {
        // when / then
        assertThatThrownBy(() -> ImportOptions.from(pipeline("skip", 10), Map.of("batchSize", size)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize must be between 1 and 100000, was " + size);
    }

    @Test
    void normalises_the_strategy_also_when_built_directly() {
        // when
        ImportOptions options = new ImportOptions("Merge", 1, false, false);

        // then
        assertThat(options.duplicates()).isEqualTo("merge");
        assertThatThrownBy(() -> new ImportOptions(null, 1, false, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writes_its_fields_as_a_map_in_a_fixed_order() {
        // when
        Map<String, Object> map = new ImportOptions("merge", 500, true, false).asMap();

        // then
        assertThat(map).containsExactly(Map.entry("duplicates", "merge"), Map.entry("batchSize", 500),
                Map.entry("dryRun", true), Map.entry("force", false), Map.entry("createNew", true));
    }

    @Test
    void keeps_the_sheet_and_reads_jobs_stored_before_createNew_and_sheet_existed() {
        ImportOptions withSheet = new ImportOptions("skip", 10, false, false, false, "Leads");

        assertThat(ImportOptions.fromMap(withSheet.asMap())).isEqualTo(withSheet);
        assertThat(ImportOptions.fromMap(Map.of("duplicates", "skip", "batchSize", 10, "dryRun", false, "force", false)))
                .isEqualTo(new ImportOptions("skip", 10, false, false, true, null));
    }

    @Test
    void reads_an_escape_character_and_keeps_it_with_the_job() {
        // when
        ImportOptions options = ImportOptions.from(pipeline("skip", 10), Map.of("escape", "\\"));

        // then
        assertThat(options.escape()).isEqualTo('\\');
        assertThat(options.dialect().escape()).isEqualTo('\\');
        assertThat(ImportOptions.fromMap(options.asMap())).isEqualTo(options);
    }

    @Test
    void takes_the_escape_of_the_route_unless_the_upload_says_none() {
        // given a pipeline whose route file says escape: "\\"
        PipelineDefinition pipeline = pipeline("skip", 10);
        pipeline.setEscape("\\");

        // when
        ImportOptions inherited = ImportOptions.from(pipeline, Map.of());
        ImportOptions none = ImportOptions.from(pipeline, Map.of("escape", "none"));
        ImportOptions empty = ImportOptions.from(pipeline, Map.of("escape", ""));

        // then
        assertThat(inherited.escape()).isEqualTo('\\');
        assertThat(ImportOptions.defaultsOf(pipeline).escape()).isEqualTo('\\');
        assertThat(none.escape()).isNull();
        assertThat(empty.escape()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\\\", "x", "7", "\"", " ", "\t", "\n", "ab"})
    void rejects_an_escape_that_is_not_one_punctuation_character(String escape) {
        // when / then
        assertThatThrownBy(() -> ImportOptions.from(pipeline("skip", 10), Map.of("escape", escape)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("escape must be one character such as \\ (not a letter, digit, space, quote or line break), or none;"
                        + " was '" + escape + "'");
    }

    @Test
    void reads_a_forced_charset_by_any_name_java_knows_and_keeps_its_canonical_name() {
        // when
        ImportOptions cp1252 = ImportOptions.from(pipeline("skip", 10), Map.of("charset", "cp1252"));
        ImportOptions latin1 = ImportOptions.from(pipeline("skip", 10), Map.of("charset", " latin1 "));

        // then
        assertThat(cp1252.charset()).isEqualTo("windows-1252");
        assertThat(latin1.charset()).isEqualTo("ISO-8859-1");
        assertThat(cp1252.dialect().charset()).isEqualTo(java.nio.charset.Charset.forName("windows-1252"));
        assertThat(ImportOptions.fromMap(cp1252.asMap())).isEqualTo(cp1252);
    }

    @Test
    void rejects_an_unknown_charset_naming_it() {
        // when / then
        assertThatThrownBy(() -> ImportOptions.from(pipeline("skip", 10), Map.of("charset", "klingon-8")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown charset: 'klingon-8'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"utf-32", "IBM037"})
    void rejects_a_charset_whose_delimiters_are_not_ascii_bytes(String name) {
        // when / then
        assertThatThrownBy(() -> ImportOptions.from(pipeline("skip", 10), Map.of("charset", name)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not read here").hasMessageEndingWith("was '" + name + "'");
    }

    @Test
    void keeps_a_forced_charset_over_the_one_intake_decides_and_fills_it_in_otherwise() {
        // given the route file forces windows-1252 on one pipeline
        PipelineDefinition forced = pipeline("skip", 10);
        forced.setEncoding("windows-1252");
        java.nio.charset.Charset decided = java.nio.charset.StandardCharsets.UTF_8;

        // when
        ImportOptions fromRoute = ImportOptions.from(forced, Map.of()).withCharset(decided);
        ImportOptions fromUpload = ImportOptions.from(forced, Map.of("charset", "iso-8859-15")).withCharset(decided);
        ImportOptions fromFile = ImportOptions.from(pipeline("skip", 10), Map.of()).withCharset(decided);

        // then
        assertThat(fromRoute.charset()).isEqualTo("windows-1252");
        assertThat(ImportOptions.defaultsOf(forced).charset()).isEqualTo("windows-1252");
        assertThat(fromUpload.charset()).isEqualTo("ISO-8859-15");
        assertThat(fromFile.charset()).isEqualTo("UTF-8");
    }

    @Test
    void reads_back_what_it_wrote() {
        // given
        ImportOptions original = new ImportOptions("update", 777, false, true);

        // when
        ImportOptions copy = ImportOptions.fromMap(original.asMap());

        // then
        assertThat(copy).isEqualTo(original);
    }

    @Test
    void reads_a_map_whose_numbers_came_back_from_json_as_long_and_whose_flags_are_missing() {
        // given
        Map<String, Object> stored = new HashMap<>();
        stored.put("duplicates", "skip");
        stored.put("batchSize", 2000L);

        // when
        ImportOptions options = ImportOptions.fromMap(stored);

        // then
        assertThat(options).isEqualTo(new ImportOptions("skip", 2000, false, false));
    }

    @Test
    void takes_the_routes_error_budget_and_lets_each_upload_value_win() {
        // given a route with maxErrors: 5% and onTooManyErrors: rollback
        PipelineDefinition pipeline = pipeline("skip", 10);
        pipeline.setMaxErrors("5%");
        pipeline.setOnTooManyErrors("rollback");

        // when / then: absent or blank upload values take the route's, given ones win one by one
        assertThat(ImportOptions.from(pipeline, Map.of("maxErrors", " ")).errorBudget()).isEqualTo(ErrorBudget.parse("5%", "rollback"));
        assertThat(ImportOptions.defaultsOf(pipeline).errorBudget()).isEqualTo(ErrorBudget.parse("5%", "rollback"));
        assertThat(ImportOptions.from(pipeline, Map.of("maxErrors", "3")).errorBudget()).isEqualTo(ErrorBudget.parse("3", "rollback"));
        assertThat(ImportOptions.from(pipeline, Map.of("onTooManyErrors", "stop")).errorBudget()).isEqualTo(ErrorBudget.parse("5%", "stop"));
    }

    @Test
    void refuses_a_route_budget_that_is_not_one() {
        PipelineDefinition pipeline = pipeline("skip", 10);

        assertThatThrownBy(() -> pipeline.setMaxErrors("many")).hasMessageContaining("maxErrors");
        assertThatThrownBy(() -> pipeline.setOnTooManyErrors("ignore")).hasMessageContaining("onTooManyErrors");
        pipeline.setMaxErrors("");   // what an unset "{{contacts.max-errors:}}" placeholder gives
        assertThat(ImportOptions.defaultsOf(pipeline).errorBudget()).isEqualTo(ErrorBudget.NONE);
    }

    private static PipelineDefinition pipeline(String duplicates, int batchSize) {
        PipelineDefinition pipeline = new PipelineDefinition();
        pipeline.setName("test");
        pipeline.setDuplicates(duplicates);
        pipeline.setBatchSize(batchSize);
        return pipeline;
    }
}
