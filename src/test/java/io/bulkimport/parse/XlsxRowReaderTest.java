package io.bulkimport.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XlsxRowReaderTest {

    @TempDir
    Path dir;

    @Test
    void reads_cells_as_a_person_sees_them_with_excel_row_numbers() throws IOException {
        // given a sheet with text, numbers, a date, a date-time, a boolean, a percentage, and an empty row 3
        Path file = workbook("people.xlsx", sheet -> {
            header(sheet, "email", "count", "price", "noise", "born", "seen", "active", "share");
            sheet.value(1, 0, "ann@example.com");
            sheet.value(1, 1, 42);
            sheet.value(1, 2, 12.5);
            sheet.value(1, 3, 0.1 + 0.2);
            sheet.value(1, 4, LocalDate.of(1990, 4, 5));
            sheet.style(1, 4).format("dd.mm.yyyy").set();
            sheet.value(1, 5, LocalDateTime.of(2024, 1, 2, 3, 4, 5));
            sheet.style(1, 5).format("m/d/yy h:mm").set();
            sheet.value(1, 6, true);
            sheet.value(1, 7, 0.15);
            sheet.style(1, 7).format("0%").set();
            sheet.value(3, 0, "bob@example.com");
        });

        // when
        List<Row> rows = readAll(file, null);

        // then
        assertThat(rows).extracting(Row::rowNumber).containsExactly(2L, 4L);
        assertThat(rows.get(0).values()).containsExactly("ann@example.com", "42", "12.5", "0.3", "1990-04-05",
                "2024-01-02 03:04:05", "TRUE", "15%");
        assertThat(rows.get(1).values().get(0)).isEqualTo("bob@example.com");
    }

    @Test
    void reads_formulas_by_their_cached_values() throws IOException {
        // given a workbook whose B2 is =A2*2, saved (as Excel does) with the value it last computed
        Path written = workbook("formula-source.xlsx", sheet -> {
            header(sheet, "n", "twice", "label");
            sheet.value(1, 0, 42);
            sheet.formula(1, 1, "A2*2");
            sheet.formula(1, 2, "CONCATENATE(\"n=\",A2)");
        });
        Path file = withCachedValues(written, "<f>A2*2</f>", "<v>84</v>", "<f>CONCATENATE(\"n=\",A2)</f>", "<v>n=42</v>");

        // when
        List<Row> rows = readAll(file, null);

        // then
        assertThat(rows.get(0).values()).containsExactly("42", "84", "n=42");
    }

    /** Copies the workbook, adding a cached value after each given formula in the first sheet. */
    private Path withCachedValues(Path source, String... formulaThenValue) throws IOException {
        Path target = dir.resolve("formula.xlsx");
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(source.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry entry : java.util.Collections.list(in.entries())) {
                byte[] bytes = in.getInputStream(entry).readAllBytes();
                if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                    String xml = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                    for (int i = 0; i < formulaThenValue.length; i += 2) {
                        assertThat(xml).contains(formulaThenValue[i]);
                        xml = xml.replace(formulaThenValue[i], formulaThenValue[i] + formulaThenValue[i + 1]);
                    }
                    // a cached text result is marked as a string cell
                    xml = xml.replace("<c r=\"C2\"", "<c r=\"C2\" t=\"str\"");
                    bytes = xml.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return target;
    }

    @Test
    void chooses_a_sheet_by_name_or_by_position() throws IOException {
        Path file = dir.resolve("two.xlsx");
        try (OutputStream out = Files.newOutputStream(file)) {
            Workbook wb = new Workbook(out, "test", "1.0");
            Worksheet first = wb.newWorksheet("First");
            header(first, "id");
            first.value(1, 0, "from-first");
            Worksheet second = wb.newWorksheet("Leads 2024");
            header(second, "id");
            second.value(1, 0, "from-second");
            wb.finish();
        }

        assertThat(readAll(file, null).get(0).values()).containsExactly("from-first");
        assertThat(readAll(file, "Leads 2024").get(0).values()).containsExactly("from-second");
        assertThat(readAll(file, "2").get(0).values()).containsExactly("from-second");
        assertThatThrownBy(() -> XlsxRowReader.open(file, "Nope")).isInstanceOf(UnreadableFileException.class)
                .hasMessage("the workbook has no sheet 'Nope'; its sheets are: First, Leads 2024");
    }

    @Test
    void refuses_files_that_are_not_workbooks() throws IOException {
        Path text = Files.writeString(dir.resolve("text.xlsx"), "email\nx@y.z\n");
        Path zip = dir.resolve("other.xlsx");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("hello".getBytes());
            out.closeEntry();
        }

        assertThatThrownBy(() -> XlsxRowReader.open(text, null)).hasMessageStartingWith("the file is not a readable Excel workbook");
        assertThatThrownBy(() -> XlsxRowReader.open(zip, null)).hasMessage("the file is a zip but not an Excel workbook (no xl/workbook.xml)");
    }

    @Test
    void refuses_a_zip_bomb_dressed_as_a_workbook() throws IOException {
        // given a workbook entry that expands from a few hundred KB to 100 MB
        Path bomb = dir.resolve("bomb.xlsx");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
            out.putNextEntry(new ZipEntry("xl/workbook.xml"));
            out.write("<workbook/>".getBytes());
            out.closeEntry();
            out.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 100; i++) {
                out.write(zeros);
            }
            out.closeEntry();
        }

        assertThatThrownBy(() -> XlsxRowReader.open(bomb, null)).hasMessageStartingWith("the workbook looks like a zip bomb");
    }

    @Test
    void an_empty_sheet_and_a_header_only_sheet_fail_with_a_reason() throws IOException {
        Path empty = workbook("empty.xlsx", sheet -> { });
        Path headerOnly = workbook("header.xlsx", sheet -> header(sheet, "email"));

        assertThatThrownBy(() -> XlsxRowReader.open(empty, null)).hasMessage("the sheet is empty");
        assertThatThrownBy(() -> XlsxRowReader.open(headerOnly, null)).hasMessage("the sheet has a header but no data rows");
    }

    private List<Row> readAll(Path file, String sheet) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (XlsxRowReader reader = XlsxRowReader.open(file, sheet)) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }

    private Path workbook(String name, java.util.function.Consumer<Worksheet> fill) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            Workbook wb = new Workbook(out, "test", "1.0");
            fill.accept(wb.newWorksheet("Sheet1"));
            wb.finish();
        }
        return file;
    }

    private static void header(Worksheet sheet, String... names) {
        for (int i = 0; i < names.length; i++) {
            sheet.value(0, i, names[i]);
        }
    }
}
