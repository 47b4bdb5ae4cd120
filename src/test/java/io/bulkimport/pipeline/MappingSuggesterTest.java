package io.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.MappingSuggestion.ColumnSuggestion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MappingSuggesterTest {

    private static final String CONTACTS = """
            email:      { key: true, format: email, aliases: [E-mail, Email Address, Mail] }
            first_name: { aliases: [First Name, Given Name] }
            last_name:  { aliases: [Last Name, Surname] }
            phone:      { aliases: [Telephone, Tel] }
            """;

    @Test
    void finds_the_email_column_by_its_values_under_a_header_named_contact() {
        // given: 48 addresses and 2 junk values under "Contact"
        List<String> header = List.of("Contact", "Notes");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(List.of(i < 48 ? "person" + i + "@example.com" : "n/a", "met at fair " + i));
        }

        // when
        MappingSuggestion suggestion = MappingSuggester.suggest(columns(CONTACTS), header, rows);

        // then
        ColumnSuggestion email = column(suggestion, "email");
        assertThat(email.header()).isEqualTo("Contact");
        assertThat(email.score()).isGreaterThan(0.7).isLessThanOrEqualTo(1.0);
        assertThat(email.reasons()).contains("48 of 50 sample values are e-mail addresses");
        assertThat(suggestion.unmatchedHeaders()).containsExactly("Notes");
        assertThat(suggestion.mapParameters()).isEqualTo("map.email=Contact");
    }

    @Test
    void a_header_of_e_mail_addresses_beats_a_header_named_like_the_column_whose_values_are_not() {
        // given: "Email" holds yes/no flags (say, "send e-mail?"), "Contact" holds addresses
        List<String> header = List.of("Email", "Contact");
        List<List<String>> rows = List.of(List.of("yes", "a@example.com"), List.of("no", "b@example.com"));

        // when
        ColumnSuggestion email = column(MappingSuggester.suggest(columns(CONTACTS), header, rows), "email");

        // then: the name alone keeps "Email" at its floor; the addresses give "Contact" more
        assertThat(MappingSuggester.score(columns(CONTACTS).get(0), 0, 0, header, rows).score())
                .isEqualTo(MappingSuggester.NAME_MATCH_FLOOR);
        assertThat(email.header()).isEqualTo("Contact");
    }

    @Test
    void an_alias_scores_one_and_says_so() {
        // when
        MappingSuggestion suggestion = MappingSuggester.suggest(columns(CONTACTS), List.of("EMAIL_ADDRESS", "Surname"), List.of());

        // then
        assertThat(column(suggestion, "email").score()).isEqualTo(1.0);
        assertThat(column(suggestion, "email").reasons()).containsExactly("alias 'Email Address'");
        assertThat(column(suggestion, "last_name").reasons()).containsExactly("alias 'Surname'");
    }

    @Test
    void a_header_close_to_a_name_is_suggested_with_its_similarity() {
        // when
        ColumnSuggestion first = column(MappingSuggester.suggest(columns(CONTACTS), List.of("Firstname:"), List.of()),
                "first_name");

        // then
        assertThat(first.header()).isEqualTo("Firstname:");
        assertThat(first.reasons()).singleElement().asString().startsWith("name similarity 0.9");
    }

    @Test
    void a_header_spelt_with_accents_is_as_close_as_without() {
        // when
        ColumnSuggestion phone = column(MappingSuggester.suggest(columns(CONTACTS), List.of("Téléphone"), List.of()), "phone");

        // then
        assertThat(phone.header()).isEqualTo("Téléphone");
        assertThat(phone.reasons()).containsExactly("alias 'Telephone'");
    }

    @Test
    void gives_each_header_to_one_column_only_the_one_it_fits_best() {
        // given: "Tel" is an alias of phone, and also similar to nothing else
        List<String> header = List.of("Tel", "Given Name");

        // when
        MappingSuggestion suggestion = MappingSuggester.suggest(columns(CONTACTS), header, List.of());

        // then
        assertThat(suggestion.columns()).extracting(ColumnSuggestion::header)
                .containsExactly(null, "Given Name", null, "Tel");
        assertThat(suggestion.mapping()).containsOnlyKeys("first_name", "phone");
        assertThat(suggestion.unmatchedHeaders()).isEmpty();
    }

    @Test
    void a_column_without_a_close_header_has_none_and_the_reason() {
        // when
        ColumnSuggestion email = column(MappingSuggester.suggest(columns(CONTACTS), List.of("Zzz"), List.of(List.of("1"))),
                "email");

        // then
        assertThat(email.header()).isNull();
        assertThat(email.score()).isZero();
        assertThat(email.reasons()).singleElement().asString().startsWith("no header close enough (best: 'Zzz' at ");
    }

    @Test
    void judges_whole_numbers_for_an_integer_column() {
        // given
        List<ColumnDefinition> columns = columns("quantity: { format: integer }\nlabel: { key: true }\n");
        List<List<String>> rows = List.of(List.of("shirt", "3"), List.of("hat", "12"), List.of("scarf", " 7 "));

        // when
        ColumnSuggestion quantity = column(MappingSuggester.suggest(columns, List.of("Article", "Anzahl"), rows), "quantity");

        // then
        assertThat(quantity.header()).isEqualTo("Anzahl");
        assertThat(quantity.reasons()).contains("3 of 3 sample values are whole numbers");
    }

    @Test
    void map_parameters_encode_headers_for_a_query_string() {
        // when
        String parameters = MappingSuggester.mapParameters(new java.util.LinkedHashMap<>(java.util.Map.of("email", "E-mail & co")));

        // then
        assertThat(parameters).isEqualTo("map.email=E-mail%20%26%20co");
    }

    @Test
    void ignores_blank_header_cells_and_short_rows() {
        // when
        MappingSuggestion suggestion = MappingSuggester.suggest(columns(CONTACTS), java.util.Arrays.asList("", null, "Mail"),
                List.of(List.of("x")));

        // then
        assertThat(column(suggestion, "email").header()).isEqualTo("Mail");
        assertThat(suggestion.unmatchedHeaders()).isEmpty();
    }

    private static ColumnSuggestion column(MappingSuggestion suggestion, String name) {
        return suggestion.columns().stream().filter(c -> c.column().equals(name)).findFirst().orElseThrow();
    }

    private static List<ColumnDefinition> columns(String yaml) {
        PipelineDefinition pipeline = new PipelineDefinition();
        pipeline.setName("test");
        pipeline.setColumns(yaml);
        return pipeline.columnDefinitions();
    }
}
