package io.bulkimport.parse;

import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvRowReaderTest {

    private static final String TEXT_AFTER_QUOTE = "text after the closing quote of a quoted cell: a quote inside a quoted cell"
            + " must be doubled (\"\"), or, if the file writes it as \\\", import it with escape=\\";

    @TempDir
    Path dir;

    // --- RFC 4180 --------------------------------------------------------------------------------

    @Test
    void reads_a_utf8_file_with_bom_and_crlf_without_leaking_the_bom_into_the_header() throws IOException {
        // given
        Path file = write("people.csv", bytes(bom(), utf8("Name,Email\r\nAnn,ann@x.org\r\nBob,bob@x.org\r\n")));

        // when
        try (CsvRowReader reader = CsvRowReader.open(file, "people.csv")) {
            // then
            assertThat(reader.header()).containsExactly("Name", "Email");
            assertThat(drain(reader)).containsExactly(
                    new Row(2, List.of("Ann", "ann@x.org")), new Row(3, List.of("Bob", "bob@x.org")));
        }
    }

    @Test
    void keeps_a_quoted_comma_inside_one_cell() throws IOException {
        // given
        Path file = write("a.csv", "name,city\n\"Doe, Jane\",Berlin\n");

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(new Row(2, List.of("Doe, Jane", "Berlin")));
    }

    @Test
    void turns_a_doubled_quote_into_one_quote() throws IOException {
        // given
        Path file = write("a.csv", "name,nick\nJoe,\"the \"\"boss\"\"\"\n");

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows.get(0).values()).containsExactly("Joe", "the \"boss\"");
    }

    @Test
    void counts_a_quoted_newline_as_one_row() throws IOException {
        // given a company name spanning three lines
        Path file = write("a.csv", "name,company\nAnn,\"ACME\nDivision\r\nNorth\"\nBob,Initech\n");

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(
                new Row(2, List.of("Ann", "ACME\nDivision\r\nNorth")), new Row(3, List.of("Bob", "Initech")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void accepts_any_line_ending(String eol) throws IOException {
        // given
        Path file = write("a.csv", "a,b" + eol + "1,2" + eol + "3,4" + eol);

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(new Row(2, List.of("1", "2")), new Row(3, List.of("3", "4")));
    }

    @Test
    void reads_a_last_line_without_newline() throws IOException {
        // given
        Path file = write("a.csv", "a,b\n1,2\n3,4");

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows).extracting(Row::values).containsExactly(List.of("1", "2"), List.of("3", "4"));
    }

    @Test
    void returns_header_and_values_untrimmed_and_ragged_rows_as_parsed() throws IOException {
        // given
        Path file = write("a.csv", " First Name ,E-mail\n Ann ,a@x\nBob\nCid,c@x,extra\n");

        // when
        try (CsvRowReader reader = CsvRowReader.open(file, "a.csv")) {
            // then
            assertThat(reader.header()).containsExactly(" First Name ", "E-mail");
            assertThat(drain(reader)).extracting(Row::values).containsExactly(
                    List.of(" Ann ", "a@x"), List.of("Bob"), List.of("Cid", "c@x", "extra"));
        }
    }

    // --- delimiters ------------------------------------------------------------------------------

    @Test
    void detects_semicolons_from_the_header() throws IOException {
        // given a German Excel export: decimal commas in the data
        Path file = write("a.csv", "Name;Betrag\nMüller;1,50\n");

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows.get(0).values()).containsExactly("Müller", "1,50");
    }

    @Test
    void detects_tabs_in_a_file_named_csv() throws IOException {
        // given
        Path file = write("a.csv", "name\tnote\nAnn\tlikes a, b\n");

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows.get(0).values()).containsExactly("Ann", "likes a, b");
    }

    @Test
    void detects_pipes_from_the_header() throws IOException {
        // given a database export separated by '|', with commas and semicolons in its values
        Path file = write("a.csv", "id|name|note\n1|Doe, Jane|a;b\n");

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows.get(0).values()).containsExactly("1", "Doe, Jane", "a;b");
    }

    @Test
    void ignores_delimiters_inside_quoted_header_cells() throws IOException {
        // given two quoted commas but only one real semicolon
        Path file = write("a.csv", "\"a, b, c\";d\n1;2\n");

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows.get(0).values()).containsExactly("1", "2");
    }

    @Test
    void takes_the_delimiter_from_an_excel_sep_line_and_numbers_the_header_row_1() throws IOException {
        // given Excel's hint line, which Excel hides, above a semicolon header whose values are full of commas
        Path file = write("a.csv", "sep=;\r\nE-mail;First Name\r\nines@example.org;Inès, Marie\r\n\r\npaul@example.net;Paul\r\n");

        // when
        try (CsvRowReader reader = CsvRowReader.open(file, "a.csv")) {
            // then the line after the hint is the header, row 1; its data rows are 2 and (after a blank one) 4
            assertThat(reader.header()).containsExactly("E-mail", "First Name");
            assertThat(drain(reader)).containsExactly(
                    new Row(2, List.of("ines@example.org", "Inès, Marie")), new Row(4, List.of("paul@example.net", "Paul")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"sep=|\"\n", "sep=||\n", "\"sep=|\"||\r\n"})
    void skips_a_quoted_sep_line_or_one_followed_by_delimiters(String hint) throws IOException {
        // given a BOM, then the hint in another spelling, then a pipe-separated file with commas in it
        Path file = write("a.csv", bytes(bom(), utf8(hint + "id|note\n1|a, b\n")));

        // when
        try (CsvRowReader reader = CsvRowReader.open(file, "a.csv")) {
            // then
            assertThat(reader.header()).containsExactly("id", "note");
            assertThat(drain(reader)).containsExactly(new Row(2, List.of("1", "a, b")));
        }
    }

    @Test
    void reads_a_sep_line_in_utf16_and_in_windows_1252() throws IOException {
        // given the same hinted file as Excel's "Unicode text" and as a windows-1252 export
        String csv = "sep=;\r\nName;Stadt\r\nMüller;Köln, Nord\r\n";
        Path utf16 = write("u.csv", bytes(new byte[] {(byte) 0xFF, (byte) 0xFE}, csv.getBytes(UTF_16LE)));
        Path ansi = write("w.csv", csv.getBytes(java.nio.charset.Charset.forName("windows-1252")));

        // when / then
        assertThat(readAll(utf16)).containsExactly(new Row(2, List.of("Müller", "Köln, Nord")));
        assertThat(readAll(ansi)).containsExactly(new Row(2, List.of("Müller", "Köln, Nord")));
    }

    @Test
    void a_sep_line_wins_over_a_tsv_file_name() throws IOException {
        // given
        Path file = write("a.tsv", "sep=,\na,b\n1,2\n");

        // when / then
        assertThat(readAll(file)).containsExactly(new Row(2, List.of("1", "2")));
    }

    @Test
    void defaults_to_comma_for_a_single_column_file() throws IOException {
        // given
        Path file = write("a.csv", "email\nx@y.org\n");

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows.get(0).values()).containsExactly("x@y.org");
    }

    @Test
    void uses_tab_for_a_tsv_file_name_whatever_the_header_contains() throws IOException {
        // given more commas than tabs in the header
        Path file = write("upload.bin", "last, first\tcity, country\nDoe, Jane\tBerlin, DE\n");

        // when
        List<Row> rows = readAll(file, "Export.TSV");

        // then
        assertThat(rows.get(0).values()).containsExactly("Doe, Jane", "Berlin, DE");
    }

    // --- row numbers -----------------------------------------------------------------------------

    @Test
    void relies_on_commons_csv_reporting_each_blank_line_as_a_record_of_one_empty_cell() throws IOException {
        // given
        Path file = write("a.csv", "h\r\n\r\nA\n\n");
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

        // when
        List<List<String>> records = new ArrayList<>();
        try (CSVParser parser = format.parse(Files.newBufferedReader(file))) {
            parser.forEach(record -> records.add(record.toList()));
        }

        // then
        assertThat(records).containsExactly(List.of("h"), List.of(""), List.of("A"), List.of(""));
    }

    @Test
    void skips_blank_lines_but_keeps_their_row_numbers() throws IOException {
        // given
        Path file = write("a.csv", "h\nA\n\nB\n");

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(new Row(2, List.of("A")), new Row(4, List.of("B")));
    }

    @Test
    void skips_rows_whose_cells_are_all_empty_but_keeps_their_row_numbers() throws IOException {
        // given
        Path file = write("a.csv", "a,b\r\n1,2\r\n,\r\n\"\",\"\"\r\n3,4\r\n");

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows).extracting(Row::rowNumber).containsExactly(2L, 5L);
    }

    @Test
    void does_not_return_trailing_blank_lines() throws IOException {
        // given
        Path file = write("a.csv", "a\n1\n\n\n");

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(new Row(2, List.of("1")));
    }

    @Test
    void skips_rows_of_only_white_space_and_delimiters_but_keeps_their_row_numbers() throws IOException {
        // given rows that a spreadsheet shows as empty: spaces, spaces between commas, a lone tab, a no-break space
        Path file = write("a.csv", "email,first_name,last_name\ndana@example.com,Dana,Ito\n ,,\n,, \n\t,,\n  \n"
                + "\"  \",\u00A0,\nlee@example.com,Lee,Park\n");

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(new Row(2, List.of("dana@example.com", "Dana", "Ito")),
                new Row(8, List.of("lee@example.com", "Lee", "Park")));
    }

    @Test
    void keeps_a_row_with_one_visible_cell_among_blank_ones() throws IOException {
        // given
        Path file = write("a.csv", "a,b\n  ,x\n");

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(new Row(2, List.of("  ", "x")));
    }

    @Test
    void skips_white_space_rows_above_the_header_like_blank_lines() throws IOException {
        // given
        Path file = write("a.csv", " , \nname\nAnn\n");

        // when
        try (CsvRowReader reader = CsvRowReader.open(file, "a.csv")) {
            // then
            assertThat(reader.header()).containsExactly("name");
            assertThat(drain(reader)).containsExactly(new Row(3, List.of("Ann")));
        }
    }

    @Test
    void numbers_rows_after_leading_blank_lines_as_a_spreadsheet_would() throws IOException {
        // given
        Path file = write("a.csv", "\n\nname\nAnn\n");

        // when
        try (CsvRowReader reader = CsvRowReader.open(file, "a.csv")) {
            // then
            assertThat(reader.header()).containsExactly("name");
            assertThat(drain(reader)).containsExactly(new Row(4, List.of("Ann")));
        }
    }

    // --- encodings -------------------------------------------------------------------------------

    @Test
    void decodes_utf16le_with_bom() throws IOException {
        // given what Excel writes for "Unicode text"
        Path file = write("a.tsv", bytes(new byte[] {(byte) 0xFF, (byte) 0xFE}, "name\tcity\r\nZoë\tKöln\r\n".getBytes(UTF_16LE)));

        // when
        try (CsvRowReader reader = CsvRowReader.open(file, "a.tsv")) {
            // then
            assertThat(reader.header()).containsExactly("name", "city");
            assertThat(drain(reader)).containsExactly(new Row(2, List.of("Zoë", "Köln")));
        }
    }

    @Test
    void decodes_utf16be_with_bom_and_detects_its_delimiter() throws IOException {
        // given
        Path file = write("a.csv", bytes(new byte[] {(byte) 0xFE, (byte) 0xFF}, "a;b\n1;2\n".getBytes(UTF_16BE)));

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(new Row(2, List.of("1", "2")));
    }

    @Test
    void decodes_windows_1252_when_the_file_is_not_utf8() throws IOException {
        // given "Müller" as Excel on Windows writes it: ü is the single byte 0xFC
        Path file = write("a.csv", bytes(utf8("name;city\n"), new byte[] {'M', (byte) 0xFC, 'l', 'l', 'e', 'r'}, utf8(";Wien\n")));

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows.get(0).values()).containsExactly("Müller", "Wien");
    }

    @Test
    void keeps_utf8_when_a_character_straddles_the_sniffing_window() throws IOException {
        // given a two-byte 'ü' whose first byte is the last byte of the first 64 KiB
        StringBuilder text = new StringBuilder("name\n");
        while (text.length() < FileSniffer.PREFIX_BYTES - 1) {
            text.append('x');
        }
        text.setLength(FileSniffer.PREFIX_BYTES - 1);
        text.append("ü\n");
        Path file = write("a.csv", text.toString());

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows.get(0).values().get(0)).endsWith("xü");
    }

    @Test
    void marks_invalid_utf8_after_the_first_64_kib_in_the_exact_row() throws IOException {
        // given a UTF-8 file (an accent in row 2), a clean ASCII stretch, then a windows-1252 byte at row 5002
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(utf8("name,city\nZo\u00eb,K\u00f6ln\n"));
        for (int i = 1; i < 5000; i++) {
            content.writeBytes(utf8("person" + i + ",Berlin\n"));
        }
        content.writeBytes(new byte[] {'M', (byte) 0xFC, 'l', 'l', 'e', 'r', ',', 'W', '\n'});
        content.writeBytes(utf8("last,row\n"));
        Path file = write("a.csv", content.toByteArray());

        // when
        List<Row> rows = new ArrayList<>();
        try (CsvRowReader reader = CsvRowReader.open(file, "a.csv")) {
            reader.forEachRemaining(rows::add);
        }

        // then the bad bytes are marked in that row only, for validation to report it, and reading goes on
        assertThat(rows).hasSize(5002);
        assertThat(rows.get(0).values()).containsExactly("Zo\u00eb", "K\u00f6ln");
        assertThat(rows.get(5000).rowNumber()).isEqualTo(5002);
        assertThat(rows.get(5000).values().get(0)).isEqualTo("M" + CsvRowReader.INVALID_BYTES + "ller");
        assertThat(rows.get(5001).values()).containsExactly("last", "row");
        assertThat(rows.subList(0, 5000)).noneMatch(r -> r.values().toString().contains(CsvRowReader.INVALID_BYTES));
    }

    @Test
    void reads_a_file_as_windows_1252_when_its_first_accent_comes_after_64_kib() throws IOException {
        // given 1,800 plain ASCII rows (over 64 KiB), then curly quotes, an en dash and accents as Excel on Windows writes them
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(utf8("id,name,note\r\n"));
        for (int i = 1; i <= 1800; i++) {
            content.writeBytes(utf8(String.format("%04d,Person number %04d,an ordinary note for row %04d\r\n", i, i, i)));
        }
        content.writeBytes("1801,Siobh\u00e1n O\u2019Neil,\u201cVIP\u201d since 2019 \u2013 call first\r\n"
                .getBytes(java.nio.charset.Charset.forName("windows-1252")));
        assertThat(content.size()).isGreaterThan(FileSniffer.PREFIX_BYTES);
        Path file = write("a.csv", content.toByteArray());

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows).hasSize(1801);
        assertThat(rows.get(1800)).isEqualTo(new Row(1802,
                List.of("1801", "Siobh\u00e1n O\u2019Neil", "\u201cVIP\u201d since 2019 \u2013 call first")));
    }

    @Test
    void reads_the_charset_the_import_decided_without_guessing() throws IOException {
        // given UTF-8 bytes that the import was told are ISO-8859-1
        Path file = write("a.csv", "name\nZo\u00eb\n");

        // when
        List<Row> rows;
        try (CsvRowReader reader = CsvRowReader.open(file, "a.csv", new CsvDialect(java.nio.charset.StandardCharsets.ISO_8859_1, null))) {
            rows = drain(reader);
        }

        // then each byte is one character, as that charset says
        assertThat(rows).containsExactly(new Row(2, List.of("Zo\u00c3\u00ab")));
    }

    @Test
    void skips_the_bom_of_a_forced_utf16_and_takes_its_byte_order_from_it() throws IOException {
        // given
        Path file = write("a.csv", bytes(new byte[] {(byte) 0xFF, (byte) 0xFE}, "name\r\nZo\u00eb\r\n".getBytes(UTF_16LE)));

        // when
        List<Row> rows;
        try (CsvRowReader reader = CsvRowReader.open(file, "a.csv", new CsvDialect(java.nio.charset.StandardCharsets.UTF_16, null))) {
            assertThat(reader.header()).containsExactly("name");
            rows = drain(reader);
        }

        // then
        assertThat(rows).containsExactly(new Row(2, List.of("Zo\u00eb")));
    }

    @Test
    void marks_the_bytes_windows_1252_leaves_unassigned() throws IOException {
        // given a windows-1252 file (an accent) with the unassigned byte 0x81 in row 3
        Path file = write("a.csv", bytes(utf8("name\n"), new byte[] {'M', (byte) 0xFC, 'l', '\n', 'X', (byte) 0x81, 'Y', '\n'}));

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(new Row(2, List.of("M\u00fcl")), new Row(3, List.of("X" + CsvRowReader.INVALID_BYTES + "Y")));
    }

    // --- refusals --------------------------------------------------------------------------------

    @Test
    void refuses_a_workbook_named_csv_saying_what_it_looks_like() throws IOException {
        // given the first bytes of an .xlsx (a zip: PK 3 4, then binary header fields) sent as people.csv
        byte[] xlsx = new byte[200];
        System.arraycopy(new byte[] {'P', 'K', 3, 4, 20, 0, 6, 0, 8, 0, 0, 0, 33, 0}, 0, xlsx, 0, 14);
        Path file = write("people.csv", xlsx);

        // when / then
        assertThatThrownBy(() -> CsvRowReader.open(file, "people.csv"))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessageStartingWith("the file is not text (binary content near byte 2): it looks like a zip archive "
                        + "or an .xlsx workbook, which are read by their file name: send it named .xlsx or .zip");
    }

    @Test
    void refuses_png_bytes_as_not_text() throws IOException {
        // given the PNG signature and the start of an IHDR chunk
        Path file = write("a.csv", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'});

        // when / then
        assertThatThrownBy(() -> CsvRowReader.open(file, "a.csv"))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage("the file is not text (binary content near byte 6)");
    }

    @Test
    void refuses_a_text_file_with_a_nul_byte() throws IOException {
        // given
        Path file = write("a.csv", bytes(utf8("a,b\n1,"), new byte[] {0}, utf8("\n")));

        // when / then
        assertThatThrownBy(() -> CsvRowReader.open(file, "a.csv")).hasMessageStartingWith("the file is not text");
    }

    @Test
    void refuses_content_full_of_control_characters_even_without_nuls() throws IOException {
        // given roughly one control character in four
        Path file = write("a.csv", "a,b\n" + "x\u0001y\u0002".repeat(100) + "\n");

        // when / then
        assertThatThrownBy(() -> CsvRowReader.open(file, "a.csv")).hasMessageStartingWith("the file is not text");
    }

    @Test
    void tolerates_a_few_stray_control_characters() throws IOException {
        // given one vertical tab in a few hundred characters, as FileMaker writes for in-cell line breaks
        Path file = write("a.csv", "name,note\n" + "Ann,line one\u000Bline two\n" + "Bob,plain text here\n".repeat(20));

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows).hasSize(21);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\uFEFF", "\n\r\n\n", ",,\n,\n"})
    void refuses_a_file_without_any_content_as_empty(String content) throws IOException {
        // given
        Path file = write("a.csv", content);

        // when / then
        assertThatThrownBy(() -> CsvRowReader.open(file, "a.csv"))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage("the file is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,b", "a,b\r\n", "a,b\n\n\n,\n"})
    void refuses_a_header_without_data_rows(String content) throws IOException {
        // given
        Path file = write("a.csv", content);

        // when / then
        assertThatThrownBy(() -> CsvRowReader.open(file, "a.csv"))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage("the file has a header but no data rows");
    }

    @Test
    void reports_an_unterminated_quote_as_its_row_which_takes_the_rest_of_the_file() throws IOException {
        // given the quote opened on row 4 runs to the end of the file
        Path file = write("a.csv", "name,company\nAnn,Acme\n\nBob,\"Unclosed\nCid,Initech\n");

        // when
        List<Row> rows = readAll(file);

        // then the row before it is read, and the bad row says where it went
        assertThat(rows).containsExactly(new Row(2, List.of("Ann", "Acme")),
                Row.unreadable(4, "a quoted cell is never closed, so the rest of the file (lines 4-5) was read as this row"));
    }

    @Test
    void stops_an_unterminated_quote_before_it_swallows_a_big_file() throws IOException {
        // given an unclosed quote on row 3 followed by twice as much text as any row may hold
        Path file = dir.resolve("a.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, UTF_8)) {
            out.write("name,company\nAnn,Acme\nBob,\"Unclosed\n");
            for (int i = 0; i < 2 * RecordSizeGuard.MAX_RECORD_CHARS / 10; i++) {
                out.write("Cid,Inite\n");
            }
        }

        try (CsvRowReader reader = CsvRowReader.open(file, "a.csv")) {
            reader.next();

            // when
            Throwable failure = catchThrowable(reader::hasNext);

            // then it gave up well before the end of the file
            assertThat(failure).isInstanceOf(UnreadableFileException.class)
                    .hasMessageContaining("unterminated quoted field starting at row 3");
            assertThat(reader.bytesRead()).isLessThan(Files.size(file) * 3 / 4);
        }
    }

    @Test
    void reports_text_after_a_closing_quote_as_its_row_and_reads_on() throws IOException {
        // given a cell that goes on after its closing quote in row 3, and a good row after it
        Path file = write("a.csv", "name,nick\nAnn,ann\nBob,\"the\"boss,x\nCid,cid\n");

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(new Row(2, List.of("Ann", "ann")), Row.unreadable(3, TEXT_AFTER_QUOTE + " (line 3 of the file)"),
                new Row(4, List.of("Cid", "cid")));
    }

    @Test
    void keeps_row_numbers_after_bad_records_whatever_their_shape() throws IOException {
        // given a stray quote in row 3, a good multi-line row 4, a MySQL-style \" in row 5, a bad row 6 spanning two
        // lines, a bad last row 8 without a final line break
        Path file = write("a.csv", "email,name\n"
                + "a@x,Ann\n"
                + "b@x,\"Bob\"by\n"
                + "c@x,\"multi\nline\"\n"
                + "d@x,\"say \\\"hi\\\"\",x\n"
                + "e@x,\"E\"ve,\"two\nlines\"\n"
                + "f@x,Fay\n"
                + "g@x,\"G\" g");

        // when
        List<Row> rows = readAll(file);

        // then every record takes one row number, good or bad, and the file's lines are named for the bad ones
        assertThat(rows).containsExactly(
                new Row(2, List.of("a@x", "Ann")),
                Row.unreadable(3, TEXT_AFTER_QUOTE + " (line 3 of the file)"),
                new Row(4, List.of("c@x", "multi\nline")),
                Row.unreadable(5, TEXT_AFTER_QUOTE + " (line 6 of the file)"),
                Row.unreadable(6, TEXT_AFTER_QUOTE + " (lines 7-8 of the file)"),
                new Row(7, List.of("f@x", "Fay")),
                Row.unreadable(8, TEXT_AFTER_QUOTE + " (line 10 of the file)"));
    }

    @Test
    void names_the_lines_of_a_bad_record_counting_the_sep_line() throws IOException {
        // given
        Path file = write("a.csv", "sep=,\na,b\n1,2\n\"x\"y,3\n4,5\n");

        // when
        List<Row> rows = readAll(file);

        // then the sep line takes no row number but is a line of the file
        assertThat(rows).containsExactly(new Row(2, List.of("1", "2")), Row.unreadable(3, TEXT_AFTER_QUOTE + " (line 4 of the file)"),
                new Row(4, List.of("4", "5")));
    }

    @Test
    void says_so_when_a_bad_record_opens_a_quote_that_takes_the_rest_of_the_file() throws IOException {
        // given a stray quote in row 2, then a quote in the same row that is never closed
        Path file = write("a.csv", "a,b,c\n\"x\"y,\"open,z\nmore\nlast\n");

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(Row.unreadable(2, TEXT_AFTER_QUOTE
                + "; a quoted cell after it is never closed, so the rest of the file (lines 2-4) was read as this row"));
    }

    @Test
    void reads_backslash_escapes_as_their_writer_meant_with_the_escape_option() throws IOException {
        // given a MySQL-style export: \" for a quote, \\ for a backslash, \, for a delimiter, \n for a line break
        Path file = write("a.csv", "name,note\n\"say \\\"hi\\\"\",5\\\" screen\nC:\\\\temp,a\\,b\nx,one\\ntwo\n");

        // when
        List<Row> rows;
        try (CsvRowReader reader = CsvRowReader.open(file, "a.csv", new CsvDialect(null, '\\'))) {
            rows = drain(reader);
        }

        // then
        assertThat(rows).containsExactly(new Row(2, List.of("say \"hi\"", "5\" screen")), new Row(3, List.of("C:\\temp", "a,b")),
                new Row(4, List.of("x", "one\ntwo")));
    }

    @Test
    void reports_backslash_escaped_quotes_as_bad_rows_without_the_escape_option_and_reads_on() throws IOException {
        // given the same kind of export read as RFC 4180
        Path file = write("a.csv", "name,note\n\"say \\\"hi\\\"\",x\nok,fine\n");

        // when
        List<Row> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(Row.unreadable(2, TEXT_AFTER_QUOTE + " (line 2 of the file)"), new Row(3, List.of("ok", "fine")));
    }

    @Test
    void refuses_an_escape_character_that_is_the_delimiter() throws IOException {
        // given
        Path file = write("a.csv", "a;b\n1;2\n");

        // when / then
        assertThatThrownBy(() -> CsvRowReader.open(file, "a.csv", new CsvDialect(null, ';')))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage("the escape character ; is also the file's delimiter");
    }

    @Test
    void refuses_a_header_that_breaks_the_quoting_rules() throws IOException {
        // given
        Path file = write("a.csv", "\"email\"x,name\na@x,Ann\n");

        // when / then
        assertThatThrownBy(() -> CsvRowReader.open(file, "a.csv"))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage("the header (row 1) cannot be read: " + TEXT_AFTER_QUOTE + " (line 1 of the file)");
    }

    @Test
    void reports_a_missing_file_plainly() {
        // when / then
        assertThatThrownBy(() -> CsvRowReader.open(dir.resolve("gone.csv"), "gone.csv"))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage("the file does not exist");
    }

    // --- iterator contract -----------------------------------------------------------------------

    @Test
    void answers_has_next_the_same_way_however_often_it_is_asked() throws IOException {
        // given
        Path file = write("a.csv", "a\n1\n2\n");

        try (CsvRowReader reader = CsvRowReader.open(file, "a.csv")) {
            // when
            boolean first = reader.hasNext();
            boolean second = reader.hasNext();
            Row row = reader.next();

            // then
            assertThat(first).isTrue();
            assertThat(second).isTrue();
            assertThat(row.rowNumber()).isEqualTo(2);
            assertThat(reader.next().rowNumber()).isEqualTo(3);
            assertThat(reader.hasNext()).isFalse();
            assertThat(reader.hasNext()).isFalse();
            assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void keeps_reporting_the_same_failure_after_the_file_could_not_be_read() throws IOException {
        // given a quote on row 3 that runs on for more than a row may hold
        Path file = write("a.csv", "a\n1\n\"" + "x".repeat(RecordSizeGuard.MAX_RECORD_CHARS + 100_000) + "\n");

        try (CsvRowReader reader = CsvRowReader.open(file, "a.csv")) {
            reader.next();

            // when
            Throwable first = catchFailure(reader);
            Throwable second = catchFailure(reader);

            // then
            assertThat(first).isInstanceOf(UnreadableFileException.class).isSameAs(second);
        }
    }

    @Test
    void closes_the_file_on_close() throws IOException {
        // given
        Path file = write("a.csv", "a\n1\n2\n");
        assumeThat(Path.of("/proc/self/fd")).isDirectory();
        CsvRowReader reader = CsvRowReader.open(file, "a.csv");
        assertThat(openHandlesTo(file)).isPositive();

        // when
        reader.close();

        // then
        assertThat(openHandlesTo(file)).isZero();
        assertThat(reader.hasNext()).isFalse();
    }

    @Test
    void closes_the_file_when_open_refuses_it() throws IOException {
        // given
        Path file = write("a.csv", "a,b\n");
        assumeThat(Path.of("/proc/self/fd")).isDirectory();

        // when
        assertThatThrownBy(() -> CsvRowReader.open(file, "a.csv")).isInstanceOf(UnreadableFileException.class);

        // then
        assertThat(openHandlesTo(file)).isZero();
    }

    // --- streaming -------------------------------------------------------------------------------

    @Test
    void streams_a_large_file_row_by_row() throws IOException {
        // given ~200k rows, one of them spanning two lines, and a trailing blank line
        int dataRows = 200_000;
        Path file = dir.resolve("big.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, UTF_8)) {
            out.write("id,name,company\r\n");
            for (int i = 1; i <= dataRows; i++) {
                out.write(i == 1000 ? "1000,Ann,\"Multi\r\nLine\"\r\n" : i + ",name" + i + ",Company " + i + "\r\n");
            }
            out.write("\r\n");
        }

        // when
        long count = 0;
        long lastRowNumber = 0;
        long previousBytes = 0;
        boolean bytesMonotonic = true;
        try (CsvRowReader reader = CsvRowReader.open(file, "big.csv")) {
            while (reader.hasNext()) {
                lastRowNumber = reader.next().rowNumber();
                count++;
                bytesMonotonic &= reader.bytesRead() >= previousBytes;
                previousBytes = reader.bytesRead();
            }

            // then
            assertThat(reader.bytesRead()).isEqualTo(Files.size(file));
        }
        assertThat(count).isEqualTo(dataRows);
        assertThat(lastRowNumber).isEqualTo(dataRows + 1);
        assertThat(bytesMonotonic).isTrue();
    }

    // --- helpers ---------------------------------------------------------------------------------

    private Path write(String name, String content) throws IOException {
        return write(name, utf8(content));
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private List<Row> readAll(Path file) throws IOException {
        return readAll(file, file.getFileName().toString());
    }

    private List<Row> readAll(Path file, String fileName) throws IOException {
        try (CsvRowReader reader = CsvRowReader.open(file, fileName)) {
            return drain(reader);
        }
    }

    private static List<Row> drain(RowReader reader) {
        List<Row> rows = new ArrayList<>();
        reader.forEachRemaining(rows::add);
        return rows;
    }

    private static Throwable catchFailure(RowReader reader) {
        return catchThrowable(reader::hasNext);
    }

    private static long openHandlesTo(Path file) throws IOException {
        Path target = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(target);
                } catch (IOException | UnsupportedOperationException e) {
                    return false; // the descriptor used for listing vanishes while we look
                }
            }).count();
        }
    }

    private static byte[] bom() {
        return new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    }

    private static byte[] utf8(String text) {
        return text.getBytes(UTF_8);
    }

    private static byte[] bytes(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
