package io.bulkimport.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UploadFileNameTest {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Test
    void keeps_an_ordinary_name_as_it_is() {
        // when / then
        assertThat(UploadFileName.of("Contacts 2024 (final).csv", "text/csv")).isEqualTo("Contacts 2024 (final).csv");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "../../etc/passwd|passwd",
            "/var/data/people.csv|people.csv",
            "C:\\Users\\ann\\Desktop\\people.csv|people.csv",
            "..\\..\\windows\\win.ini|win.ini",
            "dir/sub\\mixed/people.csv|people.csv",
    })
    void keeps_only_the_last_path_segment(String given, String expected) {
        // when / then
        assertThat(UploadFileName.of(given, "text/csv")).isEqualTo(expected);
    }

    @Test
    void removes_control_characters_and_double_quotes() {
        // when
        String name = UploadFileName.of("peo\u0000ple\r\n\"x\"\u001B[31m\u007F.csv", "text/csv");

        // then
        assertThat(name).isEqualTo("peoplex[31m.csv");
    }

    @Test
    void removes_leading_dots_and_surrounding_white_space() {
        // when / then
        assertThat(UploadFileName.of("  ...hidden.csv  ", "text/csv")).isEqualTo("hidden.csv");
        assertThat(UploadFileName.of(".env", "text/csv")).isEqualTo("env");
    }

    @Test
    void cuts_a_very_long_name_to_200_characters_keeping_the_extension() {
        // given
        String given = "a".repeat(300) + ".xlsx";

        // when
        String name = UploadFileName.of(given, XLSX);

        // then
        assertThat(name).hasSize(200).endsWith("a.xlsx").startsWith("aaaa");
    }

    @Test
    void cuts_without_keeping_an_extension_longer_than_ten_characters() {
        // given
        String given = "b".repeat(250) + ".thisisnotanextension";

        // when
        String name = UploadFileName.of(given, "text/csv");

        // then
        assertThat(name).isEqualTo("b".repeat(200));
    }

    @Test
    void keeps_a_name_of_exactly_200_characters() {
        // given
        String given = "c".repeat(196) + ".csv";

        // when / then
        assertThat(UploadFileName.of(given, "text/csv")).isEqualTo(given);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "...", "../", "dir/", "\u0000\u0001"})
    void falls_back_to_upload_csv_when_nothing_is_left(String given) {
        // when / then
        assertThat(UploadFileName.of(given, "text/csv")).isEqualTo("upload.csv");
        assertThat(UploadFileName.of(given, null)).isEqualTo("upload.csv");
    }

    @Test
    void falls_back_to_upload_xlsx_for_the_spreadsheetml_content_type() {
        // when / then
        assertThat(UploadFileName.of("", XLSX)).isEqualTo("upload.xlsx");
        assertThat(UploadFileName.of(null, XLSX + "; charset=binary")).isEqualTo("upload.xlsx");
    }

    @Test
    void removes_c1_control_characters_as_well() {
        // when
        String name = UploadFileName.of("peo\u0085ple\u009B31m.csv", "text/csv");

        // then
        assertThat(name).isEqualTo("people31m.csv");
    }
}
