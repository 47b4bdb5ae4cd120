package io.bulkimport.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkimport.pipeline.ColumnChoices;
import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.TestImports;
import io.bulkimport.validate.ValueRules.Invalid;
import io.bulkimport.validate.ValueRules.Valid;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Typed columns read their values by the route's rules and the upload's locale=/dateFormat=, into canonical text. */
class TypedValuesTest {

    @ParameterizedTest
    @CsvSource({"03/05/2024,2024-05-03", "2024-05-03,2024-05-03", "29/02/2024,2024-02-29", "' 13/05/2024 ',2024-05-13"})
    void reads_day_first_dates_by_the_pipelines_formats(String written, String stored) {
        assertThat(read("{ type: date, formats: [dd/MM/yyyy, yyyy-MM-dd] }", written)).isEqualTo(new Valid(stored));
    }

    @Test
    void rejects_an_impossible_date_showing_the_value_and_the_formats() {
        assertThat(read("{ type: date, formats: [dd/MM/yyyy, yyyy-MM-dd] }", "31/02/2024"))
                .isEqualTo(new Invalid("not a date (dd/MM/yyyy or yyyy-MM-dd): 31/02/2024"));
        assertThat(read("{ type: date }", "03/05/2024")).isEqualTo(new Invalid("not a date (yyyy-MM-dd): 03/05/2024"));
    }

    @Test
    void reads_month_first_dates_when_the_upload_gives_the_format() {
        assertThat(read("{ type: date, formats: [dd/MM/yyyy] }", "03/05/2024", Map.of("dateFormat", "MM/dd/yyyy, yyyy-MM-dd")))
                .isEqualTo(new Valid("2024-03-05"));
    }

    @Test
    void rejects_a_date_that_reads_both_day_first_and_month_first_naming_both_readings() {
        String rules = "{ type: date, formats: [dd/MM/yyyy, MM/dd/yyyy] }";

        assertThat(read(rules, "03/05/2024")).isEqualTo(new Invalid("ambiguous date (2024-05-03 by dd/MM/yyyy or "
                + "2024-03-05 by MM/dd/yyyy; set the column's dateOrder, or dateFormat= on the upload): 03/05/2024"));
        assertThat(read(rules, "13/05/2024")).as("only one reading").isEqualTo(new Valid("2024-05-13"));
        assertThat(read(rules, "05/05/2024")).as("both the same day").isEqualTo(new Valid("2024-05-05"));
    }

    @Test
    void reads_an_ambiguous_date_by_the_columns_date_order() {
        assertThat(read("{ type: date, formats: [dd/MM/yyyy, MM/dd/yyyy], dateOrder: mdy }", "03/05/2024"))
                .isEqualTo(new Valid("2024-03-05"));
    }

    @Test
    void reads_timestamps_in_the_columns_zone_and_keeps_an_offset_the_value_gives() {
        String rules = "{ type: timestamp, formats: ['dd/MM/yyyy HH:mm', \"yyyy-MM-dd'T'HH:mm:ssXXX\"], zone: Europe/Paris }";

        assertThat(read(rules, "01/07/2024 10:00")).isEqualTo(new Valid("2024-07-01T10:00:00+02:00"));
        assertThat(read(rules, "15/01/2024 10:00")).isEqualTo(new Valid("2024-01-15T10:00:00+01:00"));
        assertThat(read(rules, "2024-07-01T10:00:00-05:00")).isEqualTo(new Valid("2024-07-01T10:00:00-05:00"));
        assertThat(read("{ type: timestamp }", "2024-07-01T10:00:00.5")).isEqualTo(new Valid("2024-07-01T10:00:00.5Z"));
        assertThat(read("{ type: timestamp }", "2024-07-01 10:00")).isEqualTo(new Valid("2024-07-01T10:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource({"'1.234,56',1234.56", "'€ 1.234,56',1234.56", "'-12,5 €',-12.5", "'1.234.567',1234567", "'0,5',0.5"})
    void reads_german_decimals_by_the_columns_locale(String written, String stored) {
        assertThat(read("{ type: decimal, locale: de-DE }", written)).isEqualTo(new Valid(stored));
    }

    @Test
    void rejects_an_english_amount_in_a_german_column_saying_what_was_expected() {
        assertThat(read("{ type: decimal, locale: de-DE }", "1,234.56"))
                .isEqualTo(new Invalid("not a number (de-DE, e.g. 1.234,56): 1,234.56"));
    }

    @Test
    void reads_english_decimals_by_default_and_german_ones_when_the_upload_says_locale_de_DE() {
        assertThat(read("{ type: decimal }", "$1,234.56")).isEqualTo(new Valid("1234.56"));
        assertThat(read("{ type: decimal }", "1.234,56", Map.of("locale", "de-DE"))).isEqualTo(new Valid("1234.56"));
        assertThat(read("{ type: decimal }", "1,5")).isInstanceOf(Invalid.class);
    }

    @Test
    void reads_numbers_by_declared_separators_and_french_spaces() {
        assertThat(read("{ type: decimal, decimalSeparator: ',', groupingSeparator: ' ' }", "1 234,5"))
                .isEqualTo(new Valid("1234.5"));
        assertThat(read("{ type: decimal, locale: fr-FR }", "1\u202F234,56")).isEqualTo(new Valid("1234.56"));
        assertThat(read("{ type: decimal, locale: fr-FR }", "1 234,56")).isEqualTo(new Valid("1234.56"));
    }

    @Test
    void reads_booleans_by_the_columns_own_spellings_ignoring_case() {
        String rules = "{ type: boolean, trueValues: [actif, X], falseValues: [inactif, '-'] }";

        assertThat(read(rules, "Actif")).isEqualTo(new Valid("true"));
        assertThat(read(rules, "x")).isEqualTo(new Valid("true"));
        assertThat(read(rules, "-")).isEqualTo(new Valid("false"));
        assertThat(read(rules, "yes")).isEqualTo(new Invalid("not true or false (actif/X or inactif/-): yes"));
        // and what a spreadsheet's boolean cell shows, whatever the column's spellings
        assertThat(read(rules, "TRUE")).isEqualTo(new Valid("true"));
        assertThat(read(rules, "FALSE")).isEqualTo(new Valid("false"));
    }

    @Test
    void reads_a_spreadsheet_cells_stored_value_instead_of_its_text() {
        // given what a cell shows and what it holds: a German amount column, a day-first date column
        ColumnDefinition amount = column("{ type: decimal, locale: de-DE }");
        ColumnDefinition day = column("{ type: date, formats: [dd/MM/yyyy] }");
        TypedColumns typed = TypedColumns.of(List.of(amount, day), ColumnChoices.NONE);

        // then the stored number is not read by the German separators, the stored date not by the column's format
        assertThat(ValueRules.apply(amount, "1,234.56", typed, 0, "1234.56")).isEqualTo(new Valid("1234.56"));
        assertThat(ValueRules.apply(day, "2024-05-03", typed, 1, "2024-05-03")).isEqualTo(new Valid("2024-05-03"));
        assertThat(ValueRules.apply(day, "2024-05-03 10:30:00", typed, 1, "2024-05-03T10:30")).isEqualTo(new Valid("2024-05-03"));
    }

    @Test
    void refuses_rules_that_cannot_be_used_when_the_route_is_read() {
        assertThatThrownBy(() -> column("{ type: date, formats: [dd/MM/yyyy, 'not a pattern bb'] }"))
                .hasMessageContaining("column c: not a date pattern 'not a pattern bb'");
        assertThatThrownBy(() -> column("{ type: decimal, locale: xx-YY }")).hasMessageContaining("unknown locale 'xx-YY'");
        assertThatThrownBy(() -> column("{ type: timestamp, zone: Mars/Olympus }")).hasMessageContaining("not a time zone");
        assertThatThrownBy(() -> column("{ type: integer, formats: [dd/MM/yyyy] }"))
                .hasMessageContaining("formats applies to type date or timestamp, not integer");
        assertThatThrownBy(() -> column("{ locale: de-DE }")).hasMessageContaining("locale needs a type");
        assertThatThrownBy(() -> column("{ type: integer, format: decimal }")).hasMessageContaining("disagree");
        assertThatThrownBy(() -> column("{ type: date, dateOrder: dym }")).hasMessageContaining("dateOrder must be one of");
        assertThatThrownBy(() -> column("{ type: boolean, trueValues: [x, Y], falseValues: [y] }"))
                .hasMessageContaining("'Y' is in both trueValues and falseValues");
        assertThatThrownBy(() -> column("{ type: decimal, decimalSeparator: ',', groupingSeparator: ',' }"))
                .hasMessageContaining("must differ");
    }

    @Test
    void format_is_the_older_spelling_of_the_same_type() {
        assertThat(column("{ format: decimal }").type()).isEqualTo("decimal");
        assertThat(column("{ type: decimal, format: decimal }").type()).isEqualTo("decimal");
        assertThat(column("{ format: email }").type()).isNull();
        assertThat(column("{ type: timestamp }").sqlCast()).isEqualTo("::timestamptz");
        assertThat(column("{ type: date }").sqlCast()).isEqualTo("::date");
    }

    private static ValueRules.Result read(String rules, String written) {
        return read(rules, written, Map.of());
    }

    private static ValueRules.Result read(String rules, String written, Map<String, String> upload) {
        PipelineDefinition pipeline = TestImports.pipeline("t", "id: { key: true }\nc: " + rules);
        ColumnChoices choices = ColumnChoices.from(pipeline, new HashMap<>(upload));
        TypedColumns typed = TypedColumns.of(pipeline.columnDefinitions(), choices);
        return ValueRules.apply(pipeline.columnDefinitions().get(1), written, typed, 1, null);
    }

    private static ColumnDefinition column(String rules) {
        return TestImports.pipeline("t", "id: { key: true }\nc: " + rules).columnDefinitions().get(1);
    }
}
