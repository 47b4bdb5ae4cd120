package io.bulkimport.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.TestImports;
import io.bulkimport.validate.ValueRules.Invalid;
import io.bulkimport.validate.ValueRules.Valid;
import java.util.Currency;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Column rule {@code format: currency}: ISO 4217 alphabetic codes as java.util.Currency knows them. */
class CurrencyCodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"EUR", "eur", "Usd", "jpy", "CHF", "gbp"})
    void stores_a_known_code_upper_case_whatever_its_case(String written) {
        // when
        ValueRules.Result result = ValueRules.apply(currency("{ format: currency }"), written);

        // then: the code as the JDK's ISO 4217 table spells it
        String expected = Currency.getInstance(written.toUpperCase(java.util.Locale.ROOT)).getCurrencyCode();
        assertThat(result).isEqualTo(new Valid(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"EURO", "EU", "€", "$", "US$", "ABC", "E U", "Euro", "12€"})
    void rejects_what_is_no_iso_4217_alphabetic_code_showing_the_value(String written) {
        // when
        ValueRules.Result result = ValueRules.apply(currency("{ format: currency }"), written);

        // then
        assertThat(result).isEqualTo(new Invalid("not an ISO 4217 currency code (e.g. EUR, USD, GBP): " + written));
    }

    @Test
    void trims_the_value_and_leaves_an_empty_optional_cell_empty() {
        // given
        ColumnDefinition column = currency("{ format: currency }");

        // when / then
        assertThat(ValueRules.apply(column, "  sek\u00A0")).isEqualTo(new Valid("SEK"));
        assertThat(ValueRules.apply(column, "   ")).isEqualTo(new Valid(null));
        assertThat(ValueRules.apply(currency("{ format: currency, required: true }"), ""))
                .isEqualTo(new Invalid("required value is empty"));
    }

    @Test
    void a_default_and_allowed_values_go_through_the_same_rule() {
        // given
        ColumnDefinition defaulted = currency("{ format: currency, default: eur }");
        ColumnDefinition limited = currency("{ format: currency, allowed: [EUR, USD] }");

        // when / then
        assertThat(ValueRules.apply(defaulted, "")).isEqualTo(new Valid("EUR"));
        assertThat(ValueRules.apply(limited, "usd")).isEqualTo(new Valid("USD"));
        assertThat(ValueRules.apply(limited, "GBP")).isEqualTo(new Invalid("must be one of EUR, USD"));
    }

    @Test
    void mapping_suggestions_know_currency_codes_by_their_values() {
        // given
        ValueKind kind = ValueKind.of(currency("{ format: currency }"));

        // then
        assertThat(kind.plural()).isEqualTo("currency codes");
        assertThat(kind.fits(" eur ")).isTrue();
        assertThat(kind.fits("Paris")).isFalse();
    }

    @Test
    void is_a_format_of_text_not_a_type() {
        // given
        ColumnDefinition column = currency("{ type: text, format: currency }");

        // then: stored as text, no SQL cast, no type rules
        assertThat(column.format()).isEqualTo("currency");
        assertThat(column.type()).isNull();
        assertThat(column.sqlCast()).isEmpty();
        assertThatThrownBy(() -> currency("{ format: currency, locale: de-DE }"))
                .hasMessageContaining("locale needs a type");
    }

    private static ColumnDefinition currency(String rules) {
        return TestImports.pipeline("t", "id: { key: true }\nc: " + rules).columnDefinitions().get(1);
    }
}
