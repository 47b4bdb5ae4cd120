package io.bulkimport.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.parse.CsvDialect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeaderSampleTest {

    @TempDir
    Path dir;

    @Test
    void reads_the_header_and_at_most_the_asked_rows() throws IOException {
        // given
        Path file = write("a.csv", "Courriel,Nom\nx@example.com,X\ny@example.com,Y\nz@example.com,Z\n");

        // when
        HeaderSample sample = HeaderSample.read(file, "a.csv", null, CsvDialect.DEFAULT, 2);

        // then
        assertThat(sample.header()).containsExactly("Courriel", "Nom");
        assertThat(sample.rows()).containsExactly(List.of("x@example.com", "X"), List.of("y@example.com", "Y"));
    }

    @Test
    void a_file_cut_inside_a_quoted_value_gives_the_rows_before_the_cut() throws IOException {
        // given the first part of a file, cut in the middle of a quoted field
        Path file = write("cut.csv", "email,note\na@example.com,\"fine\"\nb@example.com,\"never clos");

        // when
        HeaderSample sample = HeaderSample.read(file, "cut.csv", null, CsvDialect.DEFAULT, 200);

        // then
        assertThat(sample.header()).containsExactly("email", "note");
        assertThat(sample.rows()).first().isEqualTo(List.of("a@example.com", "fine"));
        assertThat(sample.rows()).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void reads_tab_separated_text_by_its_name() throws IOException {
        // when
        HeaderSample sample = HeaderSample.read(write("t.tsv", "Contact\tName\na@example.com\tA\n"), "t.tsv", null,
                CsvDialect.DEFAULT, 10);

        // then
        assertThat(sample.header()).containsExactly("Contact", "Name");
        assertThat(sample.rows()).containsExactly(List.of("a@example.com", "A"));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
