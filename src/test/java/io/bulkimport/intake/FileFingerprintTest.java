package io.bulkimport.intake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.parse.CsvDialect;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFingerprintTest {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    @TempDir
    Path dir;

    @Test
    void takes_the_sha256_and_the_charset_of_the_whole_file_in_one_pass() throws Exception {
        // given 100 KB of ASCII, then a windows-1252 curly quote
        byte[] content = windows1252AfterAscii();
        Path file = Files.write(dir.resolve("a.csv"), content);

        // when
        FileFingerprint fingerprint = FileFingerprint.of(file, "a.csv", CsvDialect.DEFAULT);

        // then
        assertThat(fingerprint.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        assertThat(fingerprint.charset()).isEqualTo(WINDOWS_1252);
    }

    @Test
    void gives_the_same_fingerprint_when_fed_in_the_chunks_an_upload_arrives_in() throws IOException {
        // given
        byte[] content = windows1252AfterAscii();
        Path file = Files.write(dir.resolve("a.csv"), content);

        // when
        FileFingerprint.Scan scan = new FileFingerprint.Scan("a.csv", CsvDialect.DEFAULT);
        for (int i = 0; i < content.length; i += 1000) {
            scan.update(content, i, Math.min(1000, content.length - i));
        }

        // then
        assertThat(scan.finish()).isEqualTo(FileFingerprint.of(file, "a.csv", CsvDialect.DEFAULT));
    }

    @Test
    void counts_a_csv_file_s_data_rows_in_the_same_pass() throws IOException {
        // given 2000 rows and a windows-1252 one after 100 KB
        Path file = Files.write(dir.resolve("a.csv"), windows1252AfterAscii());

        // when
        FileFingerprint fingerprint = FileFingerprint.of(file, "a.csv", CsvDialect.DEFAULT);

        // then the first line is the header
        assertThat(fingerprint.dataRows()).isEqualTo(2000L);
    }

    @Test
    void leaves_a_workbook_s_rows_to_its_reader() throws IOException {
        // given the bytes of a CSV file under a workbook's name
        Path file = Files.write(dir.resolve("a.xlsx"), windows1252AfterAscii());

        // when / then
        assertThat(FileFingerprint.of(file, "a.xlsx", CsvDialect.DEFAULT).dataRows()).isNull();
    }

    @Test
    void remembers_an_unchanged_file_and_looks_again_when_it_changes() throws IOException {
        // given
        Path file = Files.write(dir.resolve("a.csv"), "name\nZo\u00eb\n".getBytes(UTF_8));
        FileFingerprint.Cache cache = new FileFingerprint.Cache();
        FileFingerprint first = cache.of(file, "a.csv", CsvDialect.DEFAULT);

        // when the file is rewritten in windows-1252 with another size
        Files.write(file, "name\nZo\u00eb, again\n".getBytes(WINDOWS_1252));

        // then
        assertThat(first.charset()).isEqualTo(UTF_8);
        assertThat(cache.of(file, "a.csv", CsvDialect.DEFAULT).charset()).isEqualTo(WINDOWS_1252);
    }

    private static byte[] windows1252AfterAscii() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 2000; i++) {
            out.writeBytes(("row " + i + ",plain ascii text for the first hundred kilobytes\n").getBytes(UTF_8));
        }
        out.writeBytes("O\u2019Neil,\u201cVIP\u201d\n".getBytes(WINDOWS_1252));
        return out.toByteArray();
    }
}
