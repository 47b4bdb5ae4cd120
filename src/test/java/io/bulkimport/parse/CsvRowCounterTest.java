package io.bulkimport.parse;

import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvRowCounterTest {

    private static final Charset WINDOWS_1252 = EncodingDetector.WINDOWS_1252;

    @TempDir
    Path dir;

    @Test
    void counts_a_quoted_crlf_as_part_of_its_cell() throws IOException {
        // given 3 data rows, one of them over three lines of the file
        String csv = "name,note\r\nAda,\"first line\r\nsecond line\r\nthird\"\r\nBob,plain\r\n\"Cy\",\"x\"\r\n";

        // when / then
        assertCounted(utf8(csv), "a.csv", CsvDialect.DEFAULT, 3);
    }

    @Test
    void reads_doubled_quotes_as_quotes_inside_a_quoted_cell() throws IOException {
        // given a cell that holds "" before a line break, and one that is only a quote
        String csv = "name,quote\n\"Ada\",\"she said \"\"hi\n\"\" twice\"\n\"\"\"\",x\nBob,\"\"\"\"\"\"\n";

        // when / then
        assertCounted(utf8(csv), "a.csv", CsvDialect.DEFAULT, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r", "\n", "\r\n"})
    void counts_each_kind_of_line_break_once(String eol) throws IOException {
        // given
        String csv = "name,city" + eol + "Ada,London" + eol + "\"Bob" + eol + "Jr\",Paris" + eol + "Cy,Rome" + eol;

        // when / then
        assertCounted(utf8(csv), "a.csv", CsvDialect.DEFAULT, 3);
    }

    @Test
    void counts_a_cr_only_file_without_a_last_line_break() throws IOException {
        // when / then
        assertCounted(utf8("name,city\rAda,London\r\rBob,Paris"), "a.csv", CsvDialect.DEFAULT, 2);
    }

    @Test
    void counts_the_last_record_without_a_line_break() throws IOException {
        // when / then
        assertCounted(utf8("name,city\nAda,London\nBob,\"Paris\""), "a.csv", CsvDialect.DEFAULT, 2);
    }

    @Test
    void leaves_out_records_of_only_white_space_and_delimiters_as_the_reader_skips_them() throws IOException {
        // given blank lines, delimiters, spaces, tabs, quoted blanks, a quoted line break and no-break spaces: all empty
        String csv = "\n  \nname,city\n\n,\n  ,  ,\n\t\n\"\",\"\"\n\" \",\"\r\n\"\n\u00A0,\u2007\u202F\u3000\n"
                + "Ada,London\n , x\n\"\u00A0\"\n";

        // when / then only "Ada,London" and " , x" are rows
        assertCounted(utf8(csv), "a.csv", CsvDialect.DEFAULT, 2);
    }

    @Test
    void takes_a_no_break_space_for_white_space_in_windows_1252_too() throws IOException {
        // given a windows-1252 file (an accent makes it one) with a record of no-break spaces (A0)
        byte[] file = "name,city\nZo\u00eb,Paris\n\u00A0,\u00A0\nBob,Rome\n".getBytes(WINDOWS_1252);

        // when / then
        assertCounted(file, "a.csv", CsvDialect.DEFAULT, 2);
    }

    @Test
    void counts_a_delimiter_of_another_kind_as_something() throws IOException {
        // given a semicolon file where one record is a lone comma, a cell with a comma in it
        String csv = "name;city\nAda;London\n,\n;\n";

        // when / then
        assertCounted(utf8(csv), "a.csv", CsvDialect.DEFAULT, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sep=;\n", "\"sep=;\"\r\n", "sep=;;;\n"})
    void leaves_out_excel_s_sep_line(String hint) throws IOException {
        // given the hint, a header with commas in its cells' text, and two rows
        String csv = hint + "name;note\nAda;\"a, b\"\nBob;c\n";

        // when / then
        assertCounted(utf8(csv), "a.csv", CsvDialect.DEFAULT, 2);
    }

    @Test
    void reads_a_quote_inside_an_unquoted_cell_as_text() throws IOException {
        // given 5'10" written without quoting: the quote is text and opens nothing
        String csv = "name,height\nAda,5'10\"\nBob,6'1\"\nCy,5'8\"\n";

        // when / then
        assertCounted(utf8(csv), "a.csv", CsvDialect.DEFAULT, 3);
    }

    @Test
    void counts_a_record_that_breaks_the_quoting_rules_as_the_one_row_the_reader_reports() throws IOException {
        // given text after a closing quote (a cell that then opens a quote over a line break), and an unclosed quote
        String csv = "name,note\n\"Ada\"x,\"a\nb\"\nBob,ok\n\"never closed\nCy,lost\n";

        // when / then
        assertCounted(utf8(csv), "a.csv", CsvDialect.DEFAULT, 3);
    }

    @Test
    void honours_the_escape_option() throws IOException {
        // given a MySQL export: \" is a quote, \<LF> a line break inside the cell, \\ a backslash, \t a tab
        String csv = "name,note\n\"Ada\",\"say \\\"hi\\\"\"\nBob,two\\\nlines\nCy,\"\\\\\"\n\\t,\\n\n";
        CsvDialect escaped = new CsvDialect(null, '\\');

        // when / then: the last record holds a tab and a line feed only, an empty row
        assertCounted(utf8(csv), "a.csv", escaped, 3);
        assertCounted(utf8(csv), "a.csv", CsvDialect.DEFAULT, 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16LE", "UTF-16BE"})
    void counts_utf16_by_its_16_bit_units(String name) throws IOException {
        // given a file with a BOM, quoted line breaks, an ideographic-space row and text outside ASCII
        Charset charset = Charset.forName(name);
        String csv = "\uFEFFname\tnote\r\nZo\u00eb\t\"a\r\nb\"\r\n\u3000\t\u00A0\r\n\u0416\u0443\u043a\t\u4e2d\u6587\r\n";

        // when / then
        assertCounted(csv.getBytes(charset), "a.tsv", CsvDialect.DEFAULT, 2);
    }

    @Test
    void counts_utf16_forced_without_a_bom() throws IOException {
        // when / then
        assertCounted("name,note\nAda,\"x\ny\"\n,\nBob,z\n".getBytes(UTF_16LE), "a.csv",
                new CsvDialect(UTF_16LE, null), 2);
    }

    @Test
    void decides_between_utf8_and_windows_1252_at_the_last_byte() throws IOException {
        // given 100 KB of ASCII rows, blank records of no-break spaces both ways, then the one accent that makes it 1252
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8("name,city\n"));
        for (int i = 0; i < 3000; i++) {
            out.writeBytes(utf8("person " + i + ",somewhere on the plain ASCII side\n"));
        }
        out.writeBytes(new byte[] {(byte) 0xA0, ',', (byte) 0xA0, '\n'});
        out.writeBytes("Zo\u00eb,Paris\n".getBytes(WINDOWS_1252));

        // when / then the A0 record is empty in windows-1252 (in UTF-8 it would be a bad byte: a row)
        assertCounted(out.toByteArray(), "a.csv", CsvDialect.DEFAULT, 3001);
    }

    @Test
    void leaves_the_count_unknown_for_a_file_that_is_not_text() {
        // given
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1,
                8, 2, 0, 0, 0, (byte) 0x90, 'w', 'S', (byte) 0xDE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

        // when / then
        assertThat(count(png, "a.csv", CsvDialect.DEFAULT, png.length)).isNull();
    }

    @Test
    void agrees_with_the_reader_on_random_files_of_awkward_characters() throws IOException {
        // given files made of the characters that decide how records split and whether they are empty
        String[] pieces = {"a", "b", ",", ",", ";", "\"", "\"", "\"\"", "\n", "\n", "\r", "\r\n", " ", "\t", "\\",
                "\u00A0", "\u00e9", "\u2003", "|"};
        Random random = new Random(11);
        int compared = 0;
        for (int n = 0; n < 400; n++) {
            StringBuilder csv = new StringBuilder("h1,h2\n");
            for (int i = random.nextInt(60); i > 0; i--) {
                csv.append(pieces[random.nextInt(pieces.length)]);
            }
            CsvDialect dialect = random.nextBoolean() ? CsvDialect.DEFAULT : new CsvDialect(null, '\\');
            Long rows = count(utf8(csv.toString()), "a.csv", dialect, 1 + random.nextInt(7));
            Long read = rowsRead(utf8(csv.toString()), "a.csv", dialect);

            // then wherever both give a number, it is the same number
            if (rows != null && read != null) {
                assertThat(rows).as("rows of %s", csv.toString().replace("\r", "\\r").replace("\n", "\\n")).isEqualTo(read);
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(250);
    }

    /** The counter gives the same number fed whole, a byte at a time and in odd chunks, and so does the reader. */
    private void assertCounted(byte[] file, String name, CsvDialect dialect, long expected) throws IOException {
        assertThat(count(file, name, dialect, file.length)).isEqualTo(expected);
        assertThat(count(file, name, dialect, 1)).isEqualTo(expected);
        assertThat(count(file, name, dialect, 7)).isEqualTo(expected);
        assertThat(rowsRead(file, name, dialect)).as("rows the reader gives").isEqualTo(expected);
    }

    private static Long count(byte[] file, String name, CsvDialect dialect, int chunk) {
        CsvRowCounter counter = new CsvRowCounter(name, dialect);
        EncodingDetector encoding = new EncodingDetector();
        for (int i = 0; i < file.length; i += chunk) {
            int n = Math.min(chunk, file.length - i);
            counter.update(file, i, n);
            encoding.update(file, i, n);
        }
        return counter.dataRows(encoding.charset());
    }

    /** The rows the reader gives, reading the file with the charset intake decided; null when it cannot read it. */
    private Long rowsRead(byte[] file, String name, CsvDialect dialect) throws IOException {
        Path path = Files.write(dir.resolve(name), file);
        EncodingDetector encoding = new EncodingDetector();
        encoding.update(file, 0, file.length);
        Charset charset = dialect.charset() != null ? dialect.charset() : encoding.charset();
        long rows = 0;
        try (CsvRowReader reader = CsvRowReader.open(path, name, new CsvDialect(charset, dialect.escape()))) {
            while (reader.hasNext()) {
                reader.next();
                rows++;
            }
        } catch (UnreadableFileException e) {
            return null;
        }
        return rows;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(UTF_8);
    }
}
