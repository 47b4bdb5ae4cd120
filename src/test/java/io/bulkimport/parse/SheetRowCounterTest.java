package io.bulkimport.parse;

import static io.bulkimport.parse.WorkbookXml.textRow;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The row count of a sheet, as {@link XlsxRowReader#dataRows()} gives it, against the rows the reader gives. */
class SheetRowCounterTest {

    private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    @TempDir
    Path dir;

    @Test
    void counts_the_rows_of_the_sheet_and_not_its_dimension() throws IOException {
        // given 5 data rows under a dimension that claims 999
        StringBuilder rows = new StringBuilder(textRow(1, "email", "name"));
        for (int r = 2; r <= 6; r++) {
            rows.append(textRow(r, "p" + r + "@example.com", "P " + r));
        }
        Path file = new WorkbookXml().dimension("A1:B1000").sheet("People", rows.toString()).write(dir.resolve("a.xlsx"));

        // when / then
        assertCounted(file, null, 5);
    }

    @Test
    void leaves_out_rows_whose_cells_are_all_empty_or_white_space() throws IOException {
        // given shared string 0 is "email", 1 is blank, 2 is a name
        WorkbookXml workbook = new WorkbookXml().sharedString("<t>email</t>").sharedString("<t xml:space=\"preserve\">  </t>")
                .sharedString("<r><t>Ada</t></r><r><t xml:space=\"preserve\"> L.</t></r>");
        String rows = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                + "<row r=\"2\"/>"                                                               // no cells
                + "<row r=\"3\"><c r=\"A3\" s=\"0\"/><c r=\"B3\"><v></v></c></row>"              // cells without values
                + "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>1</v></c><c r=\"B4\" t=\"s\"><v> </v></c></row>" // a blank string
                + "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> &#160;\u3000</t></is></c></row>"
                + "<row r=\"6\"><c r=\"A6\" t=\"inlineStr\"><is><t>_x0020__x0009_</t></is></c></row>"  // escaped blanks
                + "<row r=\"7\"><c r=\"A7\" t=\"str\"><f>\" \"</f><v><![CDATA[ ]]></v></c></row>" // a formula's blank text
                + "<row r=\"8\"><c r=\"A8\" t=\"inlineStr\"><is><r><t> </t></r><rPh sb=\"0\" eb=\"1\"><t>yomi</t></rPh>"
                + "</is></c><c r=\"B8\"><f>A1</f></c></row>"                                    // phonetic text only
                + "<row r=\"9\"><c r=\"A9\" t=\"s\"><v>2</v></c></row>"                          // data: a shared string
                + "<row r=\"10\"><c r=\"B10\"><v>42</v></c></row>"                               // data: a number
                + "<row r=\"11\"><c r=\"C11\" t=\"e\"><v>#N/A</v></c></row>"                     // data: an error
                + "<row r=\"12\"><c r=\"A12\" t=\"b\"><v>0</v></c></row>"                        // data: FALSE
                + "<row r=\"13\"><c r=\"A13\" t=\"inlineStr\"><is><t>a&amp;b</t></is></c></row>" // data: an entity
                + "<row r=\"14\"><c r=\"A14\" t=\"inlineStr\"><is><t>\u00e9</t></is></c></row>"  // data: outside ASCII
                + "<row r=\"15\"><c r=\"A15\" t=\"d\"><v>2024-03-17</v></c></row>"               // data: a date
                + "<row r=\"16\" spans=\"1:2\"><c r=\"A16\" t=\"str\"><f>B16</f><v>x&gt;y</v></c></row>";
        Path file = workbook.dimension("A1").sheet("S", rows).write(dir.resolve("a.xlsx"));

        // when / then
        assertCounted(file, null, 8);
    }

    @Test
    void counts_only_the_sheet_being_read() throws IOException {
        // given three sheets of 2, 4 and 3 data rows
        Path file = new WorkbookXml()
                .sheet("A", textRow(1, "h") + textRow(2, "a") + textRow(3, "b"))
                .sheet("B", textRow(1, "h") + textRow(2, "a") + textRow(3, "b") + textRow(4, "c") + textRow(5, "d"))
                .sheet("C", "hidden", textRow(1, "h") + textRow(2, "a") + textRow(3, "b") + textRow(4, "c"))
                .activeTab(1).write(dir.resolve("a.xlsx"));

        // when / then
        assertCounted(file, null, 4);
        assertCounted(file, "A", 2);
        assertCounted(file, "3", 3);
    }

    @Test
    void reads_rows_written_with_a_namespace_prefix() throws IOException {
        // given rows as the Open XML SDK writes them, with an x: prefix
        StringBuilder rows = new StringBuilder();
        for (int r = 1; r <= 4; r++) {
            rows.append("<x:row xmlns:x=\"").append(MAIN).append("\" r=\"").append(r).append("\">")
                    .append("<x:c r=\"A").append(r).append("\" t=\"inlineStr\"><x:is><x:t>v").append(r)
                    .append("</x:t></x:is></x:c></x:row>");
        }
        Path file = new WorkbookXml().sheet("S", rows.toString()).write(dir.resolve("a.xlsx"));

        // when / then
        assertCounted(file, null, 3);
    }

    @Test
    void agrees_with_the_reader_on_random_sheets_of_awkward_cells() throws IOException {
        // given sheets made of every kind of cell, empty or not, each in a column of its own
        String[] cells = {"<c r=\"%s\"/>", "<c r=\"%s\"><v>1</v></c>", "<c r=\"%s\"><v></v></c>",
                "<c r=\"%s\" t=\"s\"><v>0</v></c>", "<c r=\"%s\" t=\"s\"><v>1</v></c>", "<c r=\"%s\" t=\"s\"><v/></c>",
                "<c r=\"%s\" t=\"inlineStr\"><is><t> </t></is></c>", "<c r=\"%s\" t=\"inlineStr\"><is><t>x</t></is></c>",
                "<c r=\"%s\" t=\"inlineStr\"><is><t>&#x20;</t></is></c>", "<c r=\"%s\" t=\"str\"><v>_x0020_</v></c>",
                "<c r=\"%s\" t=\"str\"><v>_x0041_</v></c>", "<c r=\"%s\" t=\"b\"><v></v></c>",
                "<c r=\"%s\" t=\"e\"/>", "<c r=\"%s\" t=\"d\"><v> </v></c>", "<c r=\"%s\" s=\"1\"><v> </v></c>",
                "<c r=\"%s\"><v> </v></c>", "<c r=\"%s\" t=\"x\"><v>\u00A0</v></c>", "<c r=\"%s\"><f>1+1</f></c>"};
        Random random = new Random(5);
        for (int n = 0; n < 30; n++) {
            StringBuilder rows = new StringBuilder(textRow(1, "h"));
            for (int r = 2; r < 40; r++) {
                rows.append("<row r=\"").append(r).append("\">");
                for (int c = random.nextInt(4); c > 0; c--) {
                    rows.append(String.format(cells[random.nextInt(cells.length)], CellError.reference(c, r)));
                }
                rows.append("</row>");
            }
            WorkbookXml workbook = new WorkbookXml().sharedString("<t> </t>").sharedString("<t>s</t>");
            workbook.style(10);
            Path file = workbook.sheet("S", rows.toString()).write(dir.resolve("r" + n + ".xlsx"));

            // when / then
            assertCounted(file, null, rowsRead(file, null));
        }
    }

    private static void assertCounted(Path file, String sheet, long expected) throws IOException {
        try (XlsxRowReader reader = XlsxRowReader.open(file, sheet)) {
            assertThat(reader.dataRows()).hasValue(expected);
        }
        assertThat(rowsRead(file, sheet)).as("rows the reader gives").isEqualTo(expected);
    }

    private static long rowsRead(Path file, String sheet) throws IOException {
        long rows = 0;
        try (XlsxRowReader reader = XlsxRowReader.open(file, sheet)) {
            while (reader.hasNext()) {
                reader.next();
                rows++;
            }
        }
        return rows;
    }
}
