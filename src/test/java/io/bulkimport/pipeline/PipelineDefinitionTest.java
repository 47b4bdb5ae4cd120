package io.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PipelineDefinitionTest {

    // --- the columns block -----------------------------------------------------------------------

    @Test
    void reads_columns_in_declared_order_with_their_rules() {
        // when
        List<ColumnDefinition> columns = ColumnDeclarations.parse("""
                email: { key: true, format: email, lowercase: true, maxLength: 254 }
                tier:  { allowed: [Gold, Silver], default: Silver, pattern: '[A-Za-z]+' }
                qty: { format: integer, default: 0 }
                note:
                """);

        // then
        assertThat(columns).extracting(ColumnDefinition::name).containsExactly("email", "tier", "qty", "note");
        ColumnDefinition email = columns.get(0);
        assertThat(email.format()).isEqualTo("email");
        assertThat(email.lowercase()).isTrue();
        assertThat(email.maxLength()).isEqualTo(254);
        ColumnDefinition tier = columns.get(1);
        assertThat(tier.allowed()).containsExactly("Gold", "Silver");
        assertThat(tier.defaultValue()).isEqualTo("Silver");
        assertThat(tier.pattern().pattern()).isEqualTo("[A-Za-z]+");
        assertThat(columns.get(2).defaultValue()).as("numeric default as text").isEqualTo("0");
        ColumnDefinition note = columns.get(3);
        assertThat(note).isEqualTo(new ColumnDefinition("note", false, false, "text", false, false, null, null,
                List.of(), null, List.of()));
    }

    @Test
    void reads_a_secret_column_and_shows_it_as_secret() {
        // when
        List<ColumnDefinition> columns = ColumnDeclarations.parse("""
                email:         { key: true }
                password_hash: { secret: true, aliases: [password] }
                """);

        // then
        assertThat(columns.get(0).secret()).isFalse();
        assertThat(columns.get(1).secret()).isTrue();
        assertThat(ColumnDeclarations.describe(columns.get(1))).containsEntry("secret", true);
        assertThat(ColumnDeclarations.describe(columns.get(0))).doesNotContainKey("secret");
    }

    @Test
    void reads_aliases_given_as_a_list_or_as_a_comma_separated_string() {
        // when
        List<ColumnDefinition> columns = ColumnDeclarations.parse("""
                first_name: { aliases: [First Name, Given Name] }
                last_name:  { aliases: "Surname,  Family Name" }
                """);

        // then
        assertThat(columns.get(0).aliases()).containsExactly("First Name", "Given Name");
        assertThat(columns.get(1).aliases()).containsExactly("Surname", "Family Name");
    }

    @Test
    void makes_a_key_column_required_and_trimmed() {
        // when
        ColumnDefinition column = ColumnDeclarations.parse("email: { key: true, required: false }").get(0);

        // then
        assertThat(column.key()).isTrue();
        assertThat(column.required()).isTrue();
        assertThat(column.trim()).isTrue();
    }

    @Test
    void trims_every_formatted_column_but_leaves_text_as_written_unless_asked_and_reads_format_in_any_case() {
        // when
        List<ColumnDefinition> columns = ColumnDeclarations.parse("""
                age: { format: INTEGER }
                note: {}
                name: { trim: true }
                """);

        // then
        assertThat(columns).extracting(ColumnDefinition::trim).containsExactly(true, false, true);
        assertThat(columns.get(0).format()).as("format read ignoring case").isEqualTo("integer");
    }

    @Test
    void rejects_an_unknown_rule_or_format_naming_the_column_and_what_is_known() {
        // when / then
        assertThatThrownBy(() -> ColumnDeclarations.parse("email: { requird: true }"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("column email: unknown rule 'requird', known: ")
                .hasMessageContaining("required");
        assertThatThrownBy(() -> ColumnDeclarations.parse("born: { format: datetime }"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column born: format must be one of [text, email, currency, integer, decimal, boolean, date, timestamp]");
        assertThatThrownBy(() -> ColumnDeclarations.parse("born: { type: datetime }"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column born: type must be one of text, date, timestamp, decimal, integer, boolean");
    }

    @Test
    void rejects_rules_or_columns_that_are_not_a_mapping_and_a_column_declared_twice() {
        // when / then
        assertThatThrownBy(() -> ColumnDeclarations.parse("email: required"))
                .hasMessage("column email: rules must be a mapping like { required: true }");
        assertThatThrownBy(() -> ColumnDeclarations.parse("- email\n- name\n"))
                .hasMessage("columns must be a YAML mapping of column name to rules");
        assertThatThrownBy(() -> ColumnDeclarations.parse("email: {}\nemail: { key: true }\n"))
                .hasMessageContaining("duplicate key email");
    }

    @Test
    void rejects_a_flag_that_is_neither_true_nor_false() {
        // when / then
        assertThatThrownBy(() -> ColumnDeclarations.parse("email: { key: yes }"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("email");
    }

    @Test
    void rejects_a_non_numeric_max_length_naming_the_column() {
        // when / then
        assertThatThrownBy(() -> ColumnDeclarations.parse("email: { maxLength: abc }"))
                .hasMessageContaining("column email");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Email: {}", "e-mail: {}", "1st: {}", "\"a b\": {}", "\"x; drop table t\": {}"})
    void rejects_a_column_name_that_is_not_a_lower_case_sql_identifier(String columns) {
        // given
        PipelineDefinition pipeline = new PipelineDefinition();

        // when / then
        assertThatThrownBy(() -> pipeline.setColumns(columns))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("column must be a lower-case SQL identifier ([a-z_][a-z0-9_]*), was '");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  \n  "})
    void is_schemaless_without_columns(String columns) {
        // given
        PipelineDefinition pipeline = new PipelineDefinition();

        // when
        pipeline.setColumns(columns);

        // then
        assertThat(pipeline.schemaless()).isTrue();
        assertThat(pipeline.columnDefinitions()).isEmpty();
        assertThat(pipeline.getColumns()).isEqualTo(columns == null ? "" : columns);
    }

    @Test
    void lists_the_key_columns_in_declared_order() {
        // given
        PipelineDefinition pipeline = new PipelineDefinition();

        // when
        pipeline.setColumns("sku: { key: true }\nqty: {}\nwarehouse: { key: true }\n");

        // then
        assertThat(pipeline.schemaless()).isFalse();
        assertThat(pipeline.keyColumns()).extracting(ColumnDefinition::name).containsExactly("sku", "warehouse");
    }

    // --- name, table, duplicates, batchSize --------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"Contacts", "contacts;drop", "9lives", "a-b", ""})
    void rejects_a_table_or_name_that_is_not_a_lower_case_sql_identifier(String identifier) {
        // given
        PipelineDefinition pipeline = new PipelineDefinition();

        // when / then
        assertThatThrownBy(() -> pipeline.setTable(identifier)).hasMessageStartingWith("table must be a lower-case");
        assertThatThrownBy(() -> pipeline.setName(identifier)).hasMessageStartingWith("name must be a lower-case");
    }

    @Test
    void uses_the_name_as_table_until_a_table_of_up_to_sixty_three_characters_is_set() {
        // given
        PipelineDefinition pipeline = new PipelineDefinition();
        pipeline.setName("leads");
        assertThat(pipeline.getTable()).isEqualTo("leads");

        // when
        pipeline.setTable("_" + "a".repeat(62));

        // then
        assertThat(pipeline.getTable()).hasSize(63);
        assertThatThrownBy(() -> pipeline.setTable("a".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void normalises_the_duplicates_strategy_and_rejects_unknown_ones() {
        // given
        PipelineDefinition pipeline = new PipelineDefinition();

        // when
        pipeline.setDuplicates(" Merge ");

        // then
        assertThat(pipeline.getDuplicates()).isEqualTo("merge");
        assertThatThrownBy(() -> pipeline.setDuplicates("replace"))
                .hasMessage("duplicates must be one of skip, update, merge; was 'replace'");
        assertThatThrownBy(() -> PipelineDefinition.requireStrategy(null))
                .hasMessage("duplicates must be one of skip, update, merge; was 'null'");
    }

    @Test
    void defaults_to_a_thousand_and_accepts_batch_sizes_from_one_to_one_hundred_thousand_only() {
        // given
        PipelineDefinition pipeline = new PipelineDefinition();
        assertThat(pipeline.getBatchSize()).isEqualTo(1000);
        assertThat(pipeline.getDuplicates()).isEqualTo("skip");

        // when
        pipeline.setBatchSize(1);
        pipeline.setBatchSize(100_000);

        // then
        assertThat(pipeline.getBatchSize()).isEqualTo(100_000);
        assertThatThrownBy(() -> pipeline.setBatchSize(0)).hasMessage("batchSize must be between 1 and 100000, was 0");
        assertThatThrownBy(() -> pipeline.setBatchSize(100_001))
                .hasMessage("batchSize must be between 1 and 100000, was 100001");
        assertThat(pipeline.getBatchSize()).isEqualTo(100_000);
    }

    // --- describe() ------------------------------------------------------------------------------

    @Test
    void describes_itself_with_its_columns_for_the_api() {
        // given
        PipelineDefinition pipeline = new PipelineDefinition();
        pipeline.setName("contacts");
        pipeline.setDescription("  CRM contacts  ");
        pipeline.setBatchSize(500);
        pipeline.setDuplicates("update");
        pipeline.setColumns("""
                email: { key: true, format: email, maxLength: 254, aliases: [Mail] }
                tier: { allowed: [Gold], default: Gold, pattern: 'G.*' }
                """);

        // when
        Map<String, Object> described = pipeline.describe();

        // then
        assertThat(described).containsOnly(Map.entry("name", "contacts"), Map.entry("table", "contacts"),
                Map.entry("description", "CRM contacts"), Map.entry("batchSize", 500),
                Map.entry("duplicates", "update"), Map.entry("columns", described.get("columns")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> columns = (List<Map<String, Object>>) described.get("columns");
        assertThat(columns.get(0)).containsExactly(Map.entry("name", "email"), Map.entry("key", true),
                Map.entry("required", true), Map.entry("format", "email"), Map.entry("maxLength", 254),
                Map.entry("aliases", List.of("Mail")));
        assertThat(columns.get(1)).containsExactly(Map.entry("name", "tier"), Map.entry("key", false),
                Map.entry("required", false), Map.entry("format", "text"), Map.entry("pattern", "G.*"),
                Map.entry("allowed", List.of("Gold")), Map.entry("default", "Gold"), Map.entry("aliases", List.of()));
    }

    // --- dialect -------------------------------------------------------------------------------------

    @Test
    void reads_the_escape_property_of_a_route_file() {
        // given
        PipelineDefinition pipeline = new PipelineDefinition();

        // when
        pipeline.setEscape("\\");

        // then
        assertThat(pipeline.escapeCharacter()).isEqualTo('\\');
        assertThat(pipeline.getEscape()).isEqualTo("\\");
    }

    @Test
    void refuses_an_escape_property_of_two_characters() {
        // when / then the route file fails to load, naming the value
        assertThatThrownBy(() -> new PipelineDefinition().setEscape("\\\\")).hasMessageEndingWith("was '\\\\'");
    }


    @Test
    void reads_the_encoding_property_of_a_route_file_by_its_canonical_name() {
        // given
        PipelineDefinition pipeline = new PipelineDefinition();

        // when
        pipeline.setEncoding("cp1252");

        // then
        assertThat(pipeline.encodingName()).isEqualTo("windows-1252");
        assertThat(pipeline.getEncoding()).isEqualTo("windows-1252");
    }

    @Test
    void refuses_an_unknown_encoding_property() {
        // when / then
        assertThatThrownBy(() -> new PipelineDefinition().setEncoding("ansi")).hasMessage("unknown charset: 'ansi'");
    }

}
