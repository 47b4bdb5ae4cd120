package io.bulkimport.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpreadsheetSafeTest {

    @ParameterizedTest
    @ValueSource(strings = {"=cmd|' /C calc'!A0", "=1+1", "+SUM(1)", "@x", "@SUM(A1:A9)", "-2+3", "-A1", "+",
            "-", "=", "\t=1", "\r=1", "-1.5e3", "+1,5"})
    void prefixes_a_quote_to_what_a_spreadsheet_would_run_as_a_formula(String value) {
        // when
        String safe = SpreadsheetSafe.cell(value);

        // then
        assertThat(safe).isEqualTo("'" + value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-12.5", "+42", "-7", "0", "12.5", "Ann", "ann@example.org", "a=b", "1+1", " =1",
            "'=1", "Smith-Jones", "100%"})
    void leaves_plain_numbers_and_ordinary_text_alone(String value) {
        // when
        String safe = SpreadsheetSafe.cell(value);

        // then
        assertThat(safe).isEqualTo(value);
    }

    @Test
    void passes_empty_and_missing_values_through() {
        // when / then
        assertThat(SpreadsheetSafe.cell("")).isEmpty();
        assertThat(SpreadsheetSafe.cell(null)).isNull();
    }

    @Test
    void looks_only_at_the_first_character() {
        // when
        String safe = SpreadsheetSafe.cell("=HYPERLINK(\"http://evil\")\n=1");

        // then exactly one quote in front, the rest untouched
        assertThat(safe).isEqualTo("'=HYPERLINK(\"http://evil\")\n=1");
    }
}
