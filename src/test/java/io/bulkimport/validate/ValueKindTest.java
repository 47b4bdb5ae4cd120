package io.bulkimport.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.TestImports;
import org.junit.jupiter.api.Test;

class ValueKindTest {

    @Test
    void knows_typed_columns_by_the_readers_validation_uses() {
        // given
        ValueKind date = ValueKind.of(column("{ type: date, formats: [dd/MM/yyyy] }"));
        ValueKind amount = ValueKind.of(column("{ type: decimal, locale: de-DE }"));
        ValueKind email = ValueKind.of(column("{ format: email }"));

        // then
        assertThat(date.plural()).isEqualTo("dates");
        assertThat(date.fits(" 03/05/2024 ")).isTrue();
        assertThat(date.fits("31/02/2024")).isFalse();
        assertThat(amount.fits("1.234,56 €")).isTrue();
        assertThat(amount.fits("Paris")).isFalse();
        assertThat(email.fits("ana@example.org")).isTrue();
        assertThat(email.fits("ana")).isFalse();
        assertThat(ValueKind.of(column("{ maxLength: 20 }"))).isNull();
    }

    private static ColumnDefinition column(String rules) {
        return TestImports.pipeline("t", "id: { key: true }\nc: " + rules).columnDefinitions().get(1);
    }
}
