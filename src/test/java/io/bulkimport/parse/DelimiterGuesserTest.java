package io.bulkimport.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DelimiterGuesserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '!', ignoreLeadingAndTrailingWhitespace = false, value = {
            "a,b,c!,",
            "a;b;c!;",
            "a\tb\tc!\t",
            "id|name|note!|",
            "id|name|note, with a comma!|",
            "Name;Betrag,Cent;Kunde!;"})
    void picks_the_most_frequent_delimiter_of_the_header(String header, char expected) {
        // when
        char delimiter = DelimiterGuesser.guess(header + "\n1,2|3;4\n");

        // then
        assertThat(delimiter).isEqualTo(expected);
    }

    @Test
    void ignores_pipes_inside_quoted_header_cells() {
        // given three quoted pipes but two real commas
        String text = "\"a|b|c|d\",e,f\n";

        // when / then
        assertThat(DelimiterGuesser.guess(text)).isEqualTo(',');
    }

    @Test
    void breaks_ties_in_the_order_comma_semicolon_tab_pipe() {
        // when / then
        assertThat(DelimiterGuesser.guess("a,b|c\n")).isEqualTo(',');
        assertThat(DelimiterGuesser.guess("a;b|c\n")).isEqualTo(';');
        assertThat(DelimiterGuesser.guess("a\tb|c\n")).isEqualTo('\t');
    }

    @Test
    void looks_only_at_the_first_non_empty_line() {
        // given an empty first line and a pipe-separated header, then rows full of commas
        String text = "\r\nid|name\n1|a,b,c,d\n";

        // when / then
        assertThat(DelimiterGuesser.guess(text)).isEqualTo('|');
    }

    @Test
    void falls_back_to_comma_when_the_header_has_no_candidate() {
        // when / then
        assertThat(DelimiterGuesser.guess("email\nx@y.org\n")).isEqualTo(',');
    }
}
