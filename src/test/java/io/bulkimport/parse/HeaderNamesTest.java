package io.bulkimport.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"E-mail", "e_mail", " E Mail ", "EMAIL", "e-_ mail"})
    void treats_spelling_variants_of_email_as_the_same_name(String written) {
        // when
        String normalized = HeaderNames.normalize(written);

        // then
        assertThat(normalized).isEqualTo("email");
    }

    @Test
    void drops_accents_so_a_french_header_finds_its_english_alias() {
        assertThat(HeaderNames.normalize("Téléphone")).isEqualTo(HeaderNames.normalize("Telephone"));
        assertThat(HeaderNames.normalize("Prénom ")).isEqualTo("prenom");
    }

    @Test
    void joins_words_of_a_multi_word_header() {
        // when
        String normalized = HeaderNames.normalize("First Name");

        // then
        assertThat(normalized).isEqualTo("firstname");
    }

    @Test
    void lower_cases_independently_of_the_default_locale() {
        // given a Turkish default locale would turn "I" into a dotless i
        Locale previous = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            // when
            String normalized = HeaderNames.normalize("CITY");

            // then
            assertThat(normalized).isEqualTo("city");
        } finally {
            Locale.setDefault(previous);
        }
    }

    @Test
    void removes_tabs_and_non_breaking_spaces_as_well() {
        // when
        String normalized = HeaderNames.normalize("\tZip\u00A0Code ");

        // then
        assertThat(normalized).isEqualTo("zipcode");
    }

    @Test
    void maps_null_to_an_empty_name() {
        // when
        String normalized = HeaderNames.normalize(null);

        // then
        assertThat(normalized).isEmpty();
    }
}
