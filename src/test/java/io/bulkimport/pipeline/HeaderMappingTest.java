package io.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkimport.parse.UnreadableFileException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HeaderMappingTest {

    private static final String CONTACTS = """
            email: { key: true, format: email, aliases: [Mail, Email Address] }
            first_name: { aliases: "Given Name, Forename" }
            phone: {}
            """;

    // --- declared columns ------------------------------------------------------------------------

    @Test
    void finds_columns_ignoring_case_spaces_underscores_and_dashes() {
        // when
        HeaderMapping mapping = HeaderMapping.of(pipeline(CONTACTS), List.of("PHONE", " First-Name ", "E_Mail"));

        // then
        assertThat(positions(mapping, 3)).containsExactly(2, 1, 0);
    }

    @Test
    void finds_columns_through_their_aliases() {
        // when
        HeaderMapping mapping = HeaderMapping.of(pipeline(CONTACTS), List.of("forename", "EMAIL ADDRESS"));

        // then
        assertThat(positions(mapping, 3)).containsExactly(1, 0, -1);
    }

    @Test
    void marks_an_absent_optional_column_with_minus_one_and_ignores_unknown_cells() {
        // when
        HeaderMapping mapping = HeaderMapping.of(pipeline(CONTACTS), List.of("notes", "mail", "", "fax"));

        // then
        assertThat(positions(mapping, 3)).containsExactly(1, -1, -1);
        assertThat(mapping.jsonKeys()).isEmpty();
    }

    @Test
    void names_the_one_missing_required_column() {
        // when / then
        assertThatThrownBy(() -> HeaderMapping.of(pipeline(CONTACTS), List.of("first_name", "phone")))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessageStartingWith("missing required column: email (headers found: first_name, phone;");
    }

    @Test
    void names_every_missing_required_column_in_declared_order() {
        // given
        PipelineDefinition pipeline = pipeline("b: { required: true }\na: { key: true }\nc: {}\n");

        // when / then
        assertThatThrownBy(() -> HeaderMapping.of(pipeline, List.of("c")))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessageStartingWith("missing required columns: b, a (headers found: c;");
    }

    @Test
    void does_not_miss_a_required_column_that_has_a_default() {
        // given
        PipelineDefinition pipeline = pipeline("email: { key: true }\ncountry: { required: true, default: DE }\n");

        // when
        HeaderMapping mapping = HeaderMapping.of(pipeline, List.of("email"));

        // then
        assertThat(positions(mapping, 2)).containsExactly(0, -1);
    }

    @Test
    void rejects_two_header_cells_for_the_same_column_naming_both() {
        // when / then
        assertThatThrownBy(() -> HeaderMapping.of(pipeline(CONTACTS), List.of("id", "Email", "phone", "Mail")))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage("duplicate column: email (header cells 2 'Email' and 4 'Mail')");
    }

    @Test
    void rejects_the_same_header_written_twice() {
        // when / then
        assertThatThrownBy(() -> HeaderMapping.of(pipeline(CONTACTS), List.of("email", "phone", "Phone")))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage("duplicate column: phone (header cells 2 'phone' and 3 'Phone')");
    }

    @Test
    void tolerates_a_null_header_cell() {
        // when
        HeaderMapping mapping = HeaderMapping.of(pipeline(CONTACTS), Arrays.asList(null, "email"));

        // then
        assertThat(positions(mapping, 3)).containsExactly(1, -1, -1);
    }

    // --- the upload's map.<column>=<header> -------------------------------------------------------------

    @Test
    void a_mapped_column_takes_exactly_the_header_it_is_mapped_to() {
        // given
        ColumnChoices choices = choices(Map.of("email", "Courriel"));

        // when
        HeaderMapping mapping = HeaderMapping.of(pipeline(CONTACTS), List.of("Prénom", "Courriel", "phone"), choices);

        // then
        assertThat(positions(mapping, 3)).containsExactly(1, -1, 2);
    }

    @Test
    void a_mapped_header_matches_ignoring_case_spaces_underscores_and_dashes_when_not_written_exactly() {
        // given
        ColumnChoices choices = choices(Map.of("first_name", "given-name"));

        // when
        HeaderMapping mapping = HeaderMapping.of(pipeline(CONTACTS), List.of("email", "Given Name"), choices);

        // then
        assertThat(positions(mapping, 3)).containsExactly(0, 1, -1);
    }

    @Test
    void a_mapped_cell_is_not_also_claimed_through_another_columns_alias() {
        // given: "Mail" is an alias of email, but the upload says it is the phone column
        ColumnChoices choices = choices(Map.of("phone", "Mail"));

        // when
        HeaderMapping mapping = HeaderMapping.of(pipeline(CONTACTS), List.of("Mail", "Email Address"), choices);

        // then: email is found through its other alias, with no duplicate-column complaint
        assertThat(positions(mapping, 3)).containsExactly(1, -1, 0);
    }

    @Test
    void a_mapped_column_ignores_its_own_name_elsewhere_in_the_header() {
        // given
        ColumnChoices choices = choices(Map.of("email", "Work e-mail"));

        // when
        HeaderMapping mapping = HeaderMapping.of(pipeline(CONTACTS), List.of("Email", "Work e-mail"), choices);

        // then
        assertThat(positions(mapping, 3)).containsExactly(1, -1, -1);
    }

    @Test
    void refuses_a_mapped_header_the_file_does_not_have_naming_it_and_the_headers_found() {
        // when / then
        assertThatThrownBy(() -> HeaderMapping.of(pipeline(CONTACTS), List.of("Courriel", "phone"),
                choices(Map.of("email", "Mail"))))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage("header not in the file: map.email=Mail (headers found: Courriel, phone)");
    }

    @Test
    void reports_mapped_headers_missing_or_taken_twice() {
        // given
        ColumnChoices choices = choices(new TreeMap<>(Map.of("email", "X", "first_name", "Nom", "phone", "nom")));

        // when
        Map<String, String> problems = HeaderMapping.unmatchedChoices(choices, List.of("Nom", "Courriel"));

        // then
        assertThat(problems).containsExactly(Map.entry("email", "map.email=X"),
                Map.entry("phone", "map.phone=nom (that header is already mapped to first_name)"));
    }

    @Test
    void the_missing_column_message_names_the_closest_header_by_its_values_once_rows_are_known() {
        // given
        List<String> header = List.of("Courriel", "Prénom", "Nom");
        MissingColumnsException missing = catchMissing(header);

        // when
        MissingColumnsException judged = missing.withSample(List.of(
                List.of("ada@example.com", "Ada", "Lovelace"), List.of("alan@example.org", "Alan", "Turing")));

        // then
        assertThat(judged.columns()).containsExactly("email");
        assertThat(judged).hasMessage("missing required column: email (headers found: Courriel, Prénom, Nom; "
                + "closest: Courriel — its values are e-mail addresses (2 of 2); upload with map.email=<header>)");
    }

    @Test
    void the_missing_column_message_without_rows_names_the_closest_header_by_name() {
        // when
        MissingColumnsException missing = catchMissing(List.of("E-mails", "phone"));

        // then: phone is taken by its own column, so only E-mails is offered
        assertThat(missing.getMessage()).startsWith("missing required column: email (headers found: E-mails, phone; "
                + "closest: E-mails — name similarity 0.9").endsWith("; upload with map.email=<header>)");
    }

    @Test
    void a_missing_part_of_a_composite_key_may_be_set_for_every_row_but_a_whole_key_may_not() {
        // given: the key is (channel, order_id, sku)
        PipelineDefinition lines = pipeline("channel: { key: true }\norder_id: { key: true }\nsku: { key: true }\nqty: { }\n");

        // when
        MissingColumnsException partMissing = catchMissing(lines, List.of("order_id", "sku", "qty"));
        MissingColumnsException keyMissing = catchMissing(lines, List.of("qty"));

        // then: one channel for every row of a file still leaves each row its own key
        assertThat(partMissing.getMessage()).startsWith("missing required column: channel (")
                .endsWith("upload with map.channel=<header>, or set.channel=<value> for every row)");
        assertThat(keyMissing.columns()).containsExactly("channel", "order_id", "sku");
        assertThat(keyMissing.getMessage()).endsWith("upload with map.<column>=<header>)");
    }

    private static MissingColumnsException catchMissing(PipelineDefinition pipeline, List<String> header) {
        try {
            HeaderMapping.of(pipeline, header);
        } catch (MissingColumnsException e) {
            return e;
        }
        throw new AssertionError("no missing column in " + header);
    }

    private static MissingColumnsException catchMissing(List<String> header) {
        try {
            HeaderMapping.of(pipeline(CONTACTS), header);
        } catch (MissingColumnsException e) {
            return e;
        }
        throw new AssertionError("no missing column in " + header);
    }

    private static ColumnChoices choices(Map<String, String> map) {
        return new ColumnChoices(null, map, Map.of(), null, null);
    }

    // --- schemaless ------------------------------------------------------------------------------

    @Test
    void keeps_header_names_as_written_but_trimmed_for_json_keys() {
        // when
        HeaderMapping mapping = HeaderMapping.of(pipeline(""), List.of(" First Name ", "E-Mail", "\tcity"));

        // then
        assertThat(mapping.jsonKeys()).containsExactly("First Name", "E-Mail", "city");
    }

    @Test
    void names_a_blank_header_cell_after_its_position() {
        // when
        HeaderMapping mapping = HeaderMapping.of(pipeline(""), Arrays.asList("a", "  ", "b", null));

        // then
        assertThat(mapping.jsonKeys()).containsExactly("a", "column_2", "b", "column_4");
    }

    @Test
    void numbers_repeated_header_names_so_no_cell_is_lost() {
        // when
        HeaderMapping mapping = HeaderMapping.of(pipeline(""), List.of("tag", "name", "tag", " tag", "name"));

        // then
        assertThat(mapping.jsonKeys()).containsExactly("tag", "name", "tag (2)", "tag (3)", "name (2)");
    }

    @Test
    void treats_a_header_that_looks_like_a_generated_name_as_a_repeat() {
        // when
        HeaderMapping mapping = HeaderMapping.of(pipeline(""), List.of("column_2", ""));

        // then
        assertThat(mapping.jsonKeys()).containsExactly("column_2", "column_2 (2)");
    }

    @Test
    void gives_every_cell_a_distinct_key_even_when_a_header_looks_like_a_suffix() {
        // when
        HeaderMapping mapping = HeaderMapping.of(pipeline(""), List.of("a", "a", "a (2)"));

        // then
        assertThat(new HashSet<>(mapping.jsonKeys())).hasSize(3);
    }

    private static PipelineDefinition pipeline(String columns) {
        PipelineDefinition pipeline = new PipelineDefinition();
        pipeline.setName("test");
        pipeline.setColumns(columns);
        return pipeline;
    }

    private static List<Integer> positions(HeaderMapping mapping, int columns) {
        Integer[] out = new Integer[columns];
        for (int i = 0; i < columns; i++) {
            out[i] = mapping.position(i);
        }
        return List.of(out);
    }
}
