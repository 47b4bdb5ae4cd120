package io.bulkimport.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentDispositionNameTest {

    @Test
    void decodes_an_rfc_8187_utf8_name() {
        // when / then
        assertThat(ContentDispositionName.of("attachment; filename*=UTF-8''R%C3%A9servations-2024-%E2%82%AC.csv"))
                .isEqualTo("Réservations-2024-€.csv");
    }

    @Test
    void prefers_filename_star_to_filename_wherever_it_stands() {
        // RFC 6266 §4.3: filename* wins when the recipient understands it
        assertThat(ContentDispositionName.of("attachment; filename*=utf-8'fr'%C3%A9t%C3%A9.csv; filename=\"ete.csv\""))
                .isEqualTo("été.csv");
        assertThat(ContentDispositionName.of("attachment; filename=\"ete.csv\"; filename*=UTF-8''%C3%A9t%C3%A9.csv"))
                .isEqualTo("été.csv");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "attachment; filename=\"people.csv\"|people.csv",
            "attachment; filename=people.csv|people.csv",
            "form-data; name=\"file\"; filename=\"a;b.csv\"|a;b.csv",
            "attachment; filename=\"say \\\"hi\\\".csv\"|say \"hi\".csv",
            "attachment; FILENAME=\"Upper.csv\"|Upper.csv",
            "attachment; filename=\"..\\..\\evil\\win.csv\"|..\\..\\evil\\win.csv",
    })
    void reads_a_plain_filename_as_a_token_or_a_quoted_string(String header, String expected) {
        // when / then
        assertThat(ContentDispositionName.of(header)).isEqualTo(expected);
    }

    @Test
    void reads_a_plain_filename_of_raw_utf8_bytes_as_utf8_and_keeps_latin1_that_is_not() {
        // given: the header as the HTTP decoder gives it, one character per byte
        String utf8Bytes = new String("Réservations-€.csv".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1);

        // when / then
        assertThat(ContentDispositionName.of("attachment; filename=\"" + utf8Bytes + "\"")).isEqualTo("Réservations-€.csv");
        assertThat(ContentDispositionName.of("attachment; filename=\"\u00e9t\u00e9.csv\"")).isEqualTo("été.csv");
    }

    @Test
    void reads_an_iso_8859_1_ext_value() {
        assertThat(ContentDispositionName.of("attachment; filename*=ISO-8859-1''%E9t%E9.csv")).isEqualTo("été.csv");
    }

    @Test
    void gives_null_when_no_name_is_given() {
        assertThat(ContentDispositionName.of(null)).isNull();
        assertThat(ContentDispositionName.of("attachment")).isNull();
        assertThat(ContentDispositionName.of("inline; size=12")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "attachment; filename*=UTF-8''%E9t%E9.csv|not valid UTF-8",
            "attachment; filename*=KOI8-R''abc.csv|charset must be UTF-8 or ISO-8859-1",
            "attachment; filename*=UTF-8''abc%2.csv|bad percent-encoding",
            "attachment; filename*=abc.csv|charset'language'value",
    })
    void refuses_a_filename_star_it_cannot_decode(String header, String reason) {
        assertThatThrownBy(() -> ContentDispositionName.of(header)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void refuses_a_name_over_255_utf8_bytes_and_keeps_one_of_255() {
        // given: 85 three-byte characters are 255 bytes; one more is 258
        String fits = "€".repeat(85);
        String tooLong = "€".repeat(86);

        // when / then
        assertThat(UploadFileName.requireNotTooLong("dir/" + fits)).isEqualTo("dir/" + fits);
        assertThatThrownBy(() -> UploadFileName.requireNotTooLong(tooLong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("258 bytes").hasMessageContaining("255");
        assertThat(UploadFileName.requireNotTooLong(null)).isNull();
    }
}
