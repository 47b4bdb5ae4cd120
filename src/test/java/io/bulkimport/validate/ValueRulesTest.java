package io.bulkimport.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.validate.ValueRules.Invalid;
import io.bulkimport.validate.ValueRules.Valid;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueRulesTest {

    // --- trimming, lower-casing, empty values ------------------------------------------------------

    @Test
    void strips_surrounding_white_space_only_when_the_column_trims() {
        // when
        ValueRules.Result trimmed = ValueRules.apply(text().trim(true).build(), "  Ann \t");
        ValueRules.Result asWritten = ValueRules.apply(text().build(), "  Ann ");

        // then
        assertThat(trimmed).isEqualTo(new Valid("Ann"));
        assertThat(asWritten).isEqualTo(new Valid("  Ann "));
    }

    @Test
    void lower_cases_after_trimming() {
        // when
        ValueRules.Result result = ValueRules.apply(text().trim(true).lowercase(true).build(), " ANN@Example.ORG ");

        // then
        assertThat(result).isEqualTo(new Valid("ann@example.org"));
    }

    @Test
    void stores_an_empty_optional_value_as_null() {
        // when
        ValueRules.Result fromEmpty = ValueRules.apply(text().build(), "");
        ValueRules.Result fromAbsent = ValueRules.apply(text().build(), null);
        ValueRules.Result fromBlank = ValueRules.apply(text().trim(true).build(), "   ");

        // then
        assertThat(List.of(fromEmpty, fromAbsent, fromBlank)).containsOnly(new Valid(null));
    }

    @Test
    void rejects_an_empty_required_value_also_when_it_is_only_white_space() {
        // given
        ColumnDefinition column = text().required(true).trim(true).build();

        // when
        ValueRules.Result empty = ValueRules.apply(column, null);
        ValueRules.Result blank = ValueRules.apply(column, " \t ");

        // then
        assertThat(List.of(empty, blank)).containsOnly(new Invalid("required value is empty"));
    }

    @Test
    void uses_the_default_for_an_empty_value_and_still_checks_it() {
        // given a required integer column with a default
        ColumnDefinition column = text().required(true).trim(true).format("integer").defaultValue("0").build();

        // when
        ValueRules.Result result = ValueRules.apply(column, "  ");

        // then a given value wins, and a default that breaks the format is reported like any value
        assertThat(result).isEqualTo(new Valid("0"));
        assertThat(ValueRules.apply(column, "7")).isEqualTo(new Valid("7"));
        assertThat(ValueRules.apply(text().format("integer").defaultValue("n/a").build(), ""))
                .isEqualTo(new Invalid("not a whole number (en, e.g. 1,234): n/a"));
    }

    // --- maxLength -------------------------------------------------------------------------------

    @Test
    void counts_max_length_in_code_points_not_utf16_units() {
        // given three emoji: six UTF-16 chars but three characters
        ColumnDefinition column = text().maxLength(3).build();
        String threeEmoji = "\uD83D\uDE00\uD83D\uDE01\uD83D\uDE02";

        // when
        ValueRules.Result fits = ValueRules.apply(column, threeEmoji);
        ValueRules.Result tooLong = ValueRules.apply(column, threeEmoji + "x");

        // then
        assertThat(fits).isEqualTo(new Valid(threeEmoji));
        assertThat(tooLong).isEqualTo(new Invalid("longer than 3 characters"));
    }

    @Test
    void measures_the_length_after_trimming() {
        // when / then
        assertThat(ValueRules.apply(text().trim(true).maxLength(3).build(), "  abc  ")).isEqualTo(new Valid("abc"));
    }

    // --- formats ---------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"ann@example.org", "first.last+tag@mail.example.co.uk", "o'neil@x-y.de", "A_B@EXAMPLE.COM"})
    void accepts_practical_email_addresses(String email) {
        // when
        ValueRules.Result result = ValueRules.apply(text().format("email").build(), email);

        // then
        assertThat(result).isEqualTo(new Valid(email));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ann @example.org", "ann@exa mple.org", "ann@@example.org", "ann@x@example.org",
            "ann@localhost", "ann@example.org.", "ann@example..org", "@example.org", "ann@", "ann@-x.org",
            "ann@.example.org", "ann.example.org"})
    void rejects_malformed_email_addresses(String email) {
        // when
        ValueRules.Result result = ValueRules.apply(text().format("email").build(), email);

        // then
        assertThat(result).isEqualTo(new Invalid("not a valid email address"));
    }

    // format: integer|decimal|boolean is the older spelling of the type: same reading, canonical values (TypedValuesTest)

    @ParameterizedTest
    @CsvSource({"0,0", "-17,-17", "+42,42", "007,7", "123456789012345678,123456789012345678", "'1,000',1000",
            "1.0,1", "9223372036854775807,9223372036854775807"})
    void accepts_whole_numbers_that_fit_a_bigint_as_their_plain_digits(String number, String stored) {
        // when
        ValueRules.Result result = ValueRules.apply(text().format("integer").build(), number);

        // then
        assertThat(result).isEqualTo(new Valid(stored));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "1,00", "--1", "9223372036854775808", "\u0661\u0662", "12a", "+"})
    void rejects_what_is_not_a_whole_number_naming_the_value(String number) {
        // when
        ValueRules.Result result = ValueRules.apply(text().format("integer").build(), number);

        // then
        assertThat(result).isEqualTo(new Invalid("not a whole number (en, e.g. 1,234): " + number));
    }

    @ParameterizedTest
    @CsvSource({"3.14,3.14", "-0.5,-0.5", "+2,2", ".5,0.5", "1e3,1000", "1E-2,0.01", "42,42", "'1,234.50',1234.50"})
    void accepts_decimal_numbers_as_plain_decimals(String number, String stored) {
        // when
        ValueRules.Result result = ValueRules.apply(text().format("decimal").build(), number);

        // then
        assertThat(result).isEqualTo(new Valid(stored));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3,14", "1.2.3", "NaN", "Infinity", "abc", "1 000"})
    void rejects_what_is_not_a_decimal_number(String number) {
        // when
        ValueRules.Result result = ValueRules.apply(text().format("decimal").build(), number);

        // then
        assertThat(result).isEqualTo(new Invalid("not a number (en, e.g. 1,234.56): " + number));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0661\u0662\u0663", "\uFF11\uFF12.\uFF15", "1e999999999"})
    void rejects_decimal_numbers_that_postgresql_cannot_read(String number) {
        // when
        ValueRules.Result result = ValueRules.apply(text().format("decimal").build(), number);

        // then
        assertThat(result).isInstanceOf(Invalid.class);
    }

    @ParameterizedTest
    @CsvSource({"true,true", "FALSE,false", "Yes,true", "no,false", "1,true", "0,false", "y,true", "N,false",
            "on,true", "Ja,true", "non,false"})
    void reads_the_usual_spellings_of_true_and_false(String flag, String stored) {
        // when
        ValueRules.Result result = ValueRules.apply(text().format("boolean").build(), flag);

        // then
        assertThat(result).isEqualTo(new Valid(stored));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "truee", "true false", "maybe"})
    void rejects_what_is_not_true_or_false_naming_the_spellings(String flag) {
        // when
        ValueRules.Result result = ValueRules.apply(text().format("boolean").build(), flag);

        // then
        assertThat(result).isEqualTo(new Invalid("not true or false (true/yes/y/1/… or false/no/n/0/…): " + flag));
    }

    // --- pattern, allowed values, NUL ---------------------------------------------------------------

    @Test
    void requires_the_pattern_to_match_the_whole_value() {
        // given
        ColumnDefinition column = text().pattern(Pattern.compile("[A-Z]{2}")).build();

        // when
        ValueRules.Result good = ValueRules.apply(column, "DE");
        ValueRules.Result partial = ValueRules.apply(column, "DEU");

        // then
        assertThat(good).isEqualTo(new Valid("DE"));
        assertThat(partial).isEqualTo(new Invalid("does not match the pattern [A-Z]{2}"));
    }

    @Test
    void matches_allowed_values_ignoring_case_and_stores_them_as_declared() {
        // given
        ColumnDefinition column = text().trim(true).allowed(List.of("Gold", "Silver")).build();

        // when
        ValueRules.Result known = ValueRules.apply(column, " gOLD ");
        ValueRules.Result unknown = ValueRules.apply(column, "Bronze");

        // then
        assertThat(known).isEqualTo(new Valid("Gold"));
        assertThat(unknown).isEqualTo(new Invalid("must be one of Gold, Silver"));
    }

    @Test
    void rejects_a_nul_character_even_in_an_unchecked_optional_column() {
        // when
        ValueRules.Result inside = ValueRules.apply(text().build(), "a\0b");
        ValueRules.Result alone = ValueRules.apply(text().trim(true).build(), "\0");

        // then
        assertThat(List.of(inside, alone)).containsOnly(new Invalid("contains a NUL character, which cannot be stored"));
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static Column text() {
        return new Column();
    }

    /** Builds a {@link ColumnDefinition}: format text and every rule off unless set. */
    private static final class Column {
        private boolean required, lowercase, trim;
        private String format = "text", defaultValue;
        private Integer maxLength;
        private Pattern pattern;
        private List<String> allowed = List.of();

        Column required(boolean v) { required = v; return this; }
        Column format(String v) { format = v; return this; }
        Column lowercase(boolean v) { lowercase = v; return this; }
        Column trim(boolean v) { trim = v; return this; }
        Column maxLength(int v) { maxLength = v; return this; }
        Column pattern(Pattern v) { pattern = v; return this; }
        Column allowed(List<String> v) { allowed = v; return this; }
        Column defaultValue(String v) { defaultValue = v; return this; }

        ColumnDefinition build() {
            return new ColumnDefinition("c", false, required, format, lowercase, trim, maxLength, pattern, allowed,
                    defaultValue, List.of());
        }
    }
}
