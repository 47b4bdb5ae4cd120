package io.bulkimport.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SeparatorLineTest {

    @ParameterizedTest
    @ValueSource(strings = {"sep=;\r\n", "sep=;\n", "sep=;\r", "\"sep=;\"\r\n", "sep=;;;;\r\n", "\"sep=;\";;;\n",
            "SEP=;\n", "sep=; \n", "\uFEFFsep=;\n"})
    void finds_the_hint_in_every_spelling_and_measures_the_whole_line(String line) {
        // given the hint line, then the header
        String text = line + "email;name\n";

        // when
        var found = SeparatorLine.find(text);

        // then
        assertThat(found).hasValueSatisfying(f -> {
            assertThat(f.delimiter()).isEqualTo(';');
            assertThat(text.substring(f.length())).isEqualTo("email;name\n");
        });
    }

    @ParameterizedTest
    @ValueSource(chars = {',', ';', '\t', '|', ':', '^'})
    void takes_any_delimiter_character(char delimiter) {
        // when
        var found = SeparatorLine.find("sep=" + delimiter + "\na" + delimiter + "b\n");

        // then
        assertThat(found).hasValueSatisfying(f -> assertThat(f.delimiter()).isEqualTo(delimiter));
    }

    @ParameterizedTest
    @ValueSource(strings = {"email;sep=;\n", "sep=\n", "sep=ab\n", "sep=x\n", "sep=\"\n", "sep= \n", "sep=;x\n",
            "\nsep=;\n", "separator=;\n", "sep=;,\n"})
    void ignores_lines_that_are_not_exactly_a_hint(String text) {
        // when / then
        assertThat(SeparatorLine.find(text + "a;b\n")).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void reads_a_hint_that_is_the_whole_text() {
        // when / then
        assertThat(SeparatorLine.find("sep=|")).hasValueSatisfying(f -> assertThat(f.length()).isEqualTo(5));
    }
}
