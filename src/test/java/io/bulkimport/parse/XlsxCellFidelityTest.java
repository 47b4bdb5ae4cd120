package io.bulkimport.parse;

import static io.bulkimport.parse.WorkbookXml.text;
import static io.bulkimport.parse.WorkbookXml.textRow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cells read as the person sees them in Excel: number formats, cell types, long numbers, workbook properties. */
class XlsxCellFidelityTest {

    @TempDir
    Path dir;

    @Test
    void custom_formats_of_zeros_keep_their_leading_zeros() throws IOException {
        WorkbookXml book = new WorkbookXml();
        int zip = book.style(164, "00000");
        int phone = book.style(165, "0000000000");
        int ssn = book.style(166, "000-00-0000");
        Path file = book.sheet("Sheet1", textRow(1, "zip", "phone", "ssn")
                + "<row r=\"2\">" + number("A2", zip, "2134") + number("B2", phone, "301555012") + number("C2", ssn, "78051120")
                + "</row>").write(dir.resolve("zeros.xlsx"));

        assertThat(values(file).get(0)).containsExactly("02134", "0301555012", "078-05-1120");
    }

    @Test
    void elapsed_time_formats_count_hours_past_a_day() throws IOException {
        WorkbookXml book = new WorkbookXml();
        int builtin = book.style(46);
        int hoursMinutes = book.style(164, "[h]:mm");
        int minutes = book.style(165, "[mm]:ss");
        Path file = book.sheet("Sheet1", textRow(1, "a", "b", "c", "d")
                + "<row r=\"2\">" + number("A2", builtin, "1.5") + number("B2", hoursMinutes, "1.25")
                + number("C2", minutes, "4.2") + number("D2", builtin, "1.4999999999999998") + "</row>")
                .write(dir.resolve("elapsed.xlsx"));

        assertThat(values(file).get(0)).containsExactly("36:00:00", "30:00", "6048:00", "36:00:00");
    }

    @Test
    void east_asian_locale_date_ids_without_a_format_code_are_iso_dates_and_times() throws IOException {
        WorkbookXml book = new WorkbookXml();
        int[] styles = {book.style(27), book.style(31), book.style(32), book.style(57), book.style(58), book.style(36)};
        Path file = book.sheet("Sheet1", textRow(1, "a", "b", "c", "d", "e", "f")
                + "<row r=\"2\">" + number("A2", styles[0], "45368") + number("B2", styles[1], "45368")
                + number("C2", styles[2], "0.5729166666666666") + number("D2", styles[3], "45368")
                + number("E2", styles[4], "45368.5") + number("F2", styles[5], "45368") + "</row>")
                .write(dir.resolve("locale-dates.xlsx"));

        assertThat(values(file).get(0)).containsExactly("2024-03-17", "2024-03-17", "13:45:00", "2024-03-17",
                "2024-03-17 12:00:00", "2024-03-17");
    }

    @Test
    void date_formats_give_iso_dates_times_or_both_as_the_format_shows_them() throws IOException {
        WorkbookXml book = new WorkbookXml();
        int date = book.style(14);
        int dateTime = book.style(22);
        int time = book.style(164, "h:mm AM/PM");
        int german = book.style(165, "dd.mm.yyyy");
        int monthName = book.style(166, "[$-409]mmmm d, yyyy;@");
        Path file = book.sheet("Sheet1", textRow(1, "a", "b", "c", "d", "e", "f")
                + "<row r=\"2\">" + number("A2", date, "45368") + number("B2", dateTime, "45368.57326388889")
                + number("C2", time, "45368.75") + number("D2", german, "32968") + number("E2", monthName, "45368")
                + number("F2", dateTime, "45368") + "</row>")
                .write(dir.resolve("dates.xlsx"));

        assertThat(values(file).get(0)).containsExactly("2024-03-17", "2024-03-17 13:45:30", "18:00:00", "1990-04-05",
                "2024-03-17", "2024-03-17 00:00:00");
    }

    @Test
    void percentages_fractions_decimals_and_text_format_read_as_excel_shows_them() throws IOException {
        WorkbookXml book = new WorkbookXml();
        int percent = book.style(9);
        int percent2 = book.style(10);
        int fraction = book.style(12);
        int twoDecimals = book.style(2);
        int grouped = book.style(4);
        int textFormat = book.style(49);
        int scientific = book.style(11);
        Path file = book.sheet("Sheet1", textRow(1, "a", "b", "c", "d", "e", "f", "g")
                + "<row r=\"2\">" + number("A2", percent, "0.125") + number("B2", percent2, "0.125")
                + number("C2", fraction, "1.5") + number("D2", twoDecimals, "3.14159") + number("E2", grouped, "1234.5")
                + number("F2", textFormat, "42") + number("G2", scientific, "123456") + "</row>")
                .write(dir.resolve("formats.xlsx"));

        assertThat(values(file).get(0)).containsExactly("13%", "12.50%", "1 1/2", "3.14", "1,234.50", "42", "1.23E+05");
    }

    @Test
    void general_numbers_show_15_digits_but_long_whole_numbers_keep_every_digit() throws IOException {
        WorkbookXml book = new WorkbookXml();
        int zeroFormat = book.style(1);
        Path file = book.sheet("Sheet1", textRow(1, "card", "noise", "big", "id0", "negative", "exponent", "small_exponent")
                + "<row r=\"2\"><c r=\"A2\"><v>4111111111111111</v></c><c r=\"B2\"><v>0.30000000000000004</v></c>"
                + "<c r=\"C2\"><v>1.2345678901234567E+3</v></c>" + number("D2", zeroFormat, "12345678901234567890")
                + "<c r=\"E2\"><v>-42</v></c><c r=\"F2\"><v>4.111111111111111E+15</v></c>"
                + "<c r=\"G2\"><v>1.5E+3</v></c></row>")
                .write(dir.resolve("digits.xlsx"));

        assertThat(values(file).get(0)).containsExactly("4111111111111111", "0.3", "1234.56789012346",
                "12345678901234567890", "-42", "4111111111111111", "1500");
    }

    @Test
    void iso_date_cells_boolean_cells_and_cached_text_results_keep_their_type() throws IOException {
        WorkbookXml book = new WorkbookXml();
        int date = book.style(14);
        int dateTime = book.style(22);
        Path file = book.sheet("Sheet1", textRow(1, "day", "starts", "plain", "flag", "formula_flag", "zip", "sum")
                + "<row r=\"2\"><c r=\"A2\" t=\"d\" s=\"" + date + "\"><v>2024-03-17</v></c>"
                + "<c r=\"B2\" t=\"d\" s=\"" + dateTime + "\"><v>2024-03-17T13:45:30</v></c>"
                + "<c r=\"C2\" t=\"d\"><v>2024-03-17T08:00:00.600Z</v></c>"
                + "<c r=\"D2\" t=\"b\"><v>1</v></c>"
                + "<c r=\"E2\" t=\"b\"><f>A1=A1</f><v>0</v></c>"
                + "<c r=\"F2\" t=\"str\"><f>TEXT(2134,\"00000\")</f><v>02134</v></c>"
                + "<c r=\"G2\"><f>1+1</f><v>2</v></c></row>")
                .write(dir.resolve("types.xlsx"));

        assertThat(values(file).get(0)).containsExactly("2024-03-17", "2024-03-17 13:45:30", "2024-03-17 08:00:01",
                "TRUE", "FALSE", "02134", "2");
    }

    @Test
    void error_cells_become_cell_errors_naming_the_cell() throws IOException {
        Path file = new WorkbookXml().sheet("Sheet1", textRow(1, "id", "lookup")
                + "<row r=\"2\">" + text("A2", "a") + "<c r=\"B2\" t=\"e\"><f>VLOOKUP(A2,X:Y,2,0)</f><v>#N/A</v></c></row>"
                + "<row r=\"3\">" + text("A3", "b") + "<c r=\"B3\" t=\"e\"><v>#REF!</v></c></row>")
                .write(dir.resolve("errors.xlsx"));

        List<List<String>> rows = values(file);

        assertThat(CellError.reason(rows.get(0).get(1))).isEqualTo("cell B2 holds the Excel error #N/A");
        assertThat(CellError.shown(rows.get(0).get(1))).isEqualTo("#N/A");
        assertThat(CellError.reason(rows.get(1).get(1))).isEqualTo("cell B3 holds the Excel error #REF!");
        assertThat(CellError.reason(rows.get(0).get(0))).isNull();
    }

    @Test
    void rich_text_runs_read_as_their_text_only_and_escapes_are_decoded() throws IOException {
        String prettyInline = "<c r=\"A2\" t=\"inlineStr\">\n      <is>\n        <r>\n          <rPr><b/></rPr>\n"
                + "          <t>Hello</t>\n        </r>\n        <r>\n          <t xml:space=\"preserve\"> world</t>\n"
                + "        </r>\n        <rPh sb=\"0\" eb=\"1\"><t>ハロー</t></rPh>\n      </is>\n    </c>";
        Path file = new WorkbookXml()
                .sharedString("<r><t>東京</t></r><r><t>都</t></r><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh>")
                .sharedString("<t xml:space=\"preserve\">12 Harbour Rd_x000D_\nFlat 3</t>")
                .sharedString("<t>AB_x005F_x0031_</t>")
                .sheet("Sheet1", textRow(1, "greeting", "city", "address", "code", "inline_escape")
                        + "<row r=\"2\">" + prettyInline + "<c r=\"B2\" t=\"s\"><v>0</v></c><c r=\"C2\" t=\"s\"><v>1</v></c>"
                        + "<c r=\"D2\" t=\"s\"><v>2</v></c>"
                        + "<c r=\"E2\" t=\"inlineStr\"><is><t>tab_x0009_here</t></is></c></row>")
                .write(dir.resolve("rich.xlsx"));

        assertThat(values(file).get(0)).containsExactly("Hello world", "東京都", "12 Harbour Rd\r\nFlat 3", "AB_x0031_",
                "tab\there");
    }

    @Test
    void the_1904_date_system_is_honoured_however_it_is_written() throws IOException {
        for (String written : List.of("1", "true")) {
            WorkbookXml book = new WorkbookXml().date1904(written);
            int date = book.style(14);
            Path file = book.sheet("Sheet1", textRow(1, "issued") + "<row r=\"2\">" + number("A2", date, "43900") + "</row>")
                    .write(dir.resolve("d1904-" + written + ".xlsx"));

            assertThat(values(file).get(0)).as("date1904=\"%s\"", written).containsExactly("2024-03-11");
        }
    }

    @Test
    void without_a_sheet_asked_for_the_visible_active_tab_is_read_never_a_hidden_one() throws IOException {
        String lists = textRow(1, "status") + textRow(2, "active");
        String contacts = textRow(1, "email") + textRow(2, "noor@example.com");
        Path activeVisible = new WorkbookXml().activeTab(1).sheet("Lists", "hidden", lists).sheet("Contacts", contacts)
                .write(dir.resolve("active.xlsx"));
        Path hiddenFirst = new WorkbookXml().sheet("Lists", "veryHidden", lists).sheet("Other", "hidden", lists)
                .sheet("Contacts", contacts).write(dir.resolve("hidden-first.xlsx"));
        Path activeHidden = new WorkbookXml().activeTab(0).sheet("Lists", "hidden", lists).sheet("Contacts", contacts)
                .write(dir.resolve("active-hidden.xlsx"));
        Path secondActive = new WorkbookXml().activeTab(1).sheet("Contacts", contacts).sheet("Lists", lists)
                .write(dir.resolve("second-active.xlsx"));

        assertThat(values(activeVisible).get(0)).containsExactly("noor@example.com");
        assertThat(values(hiddenFirst).get(0)).containsExactly("noor@example.com");
        assertThat(values(activeHidden).get(0)).containsExactly("noor@example.com");
        assertThat(values(secondActive).get(0)).containsExactly("active");
        try (XlsxRowReader reader = XlsxRowReader.open(hiddenFirst, null)) {
            assertThat(reader.source()).isEqualTo("sheet 'Contacts'; the workbook's other sheets: 'Lists' (veryHidden),"
                    + " 'Other' (hidden)");
        }
    }

    @Test
    void a_date_cell_that_is_not_iso_8601_is_a_cell_error() throws IOException {
        Path file = new WorkbookXml().sheet("Sheet1", textRow(1, "day")
                + "<row r=\"2\"><c r=\"A2\" t=\"d\"><v>17/03/2024</v></c></row>").write(dir.resolve("bad-date.xlsx"));

        assertThat(CellError.reason(values(file).get(0).get(0)))
                .isEqualTo("cell A2 is a date cell holding '17/03/2024', which is not an ISO 8601 date");
    }

    @Test
    void a_workbook_with_only_hidden_sheets_fails_naming_them() throws IOException {
        Path file = new WorkbookXml().sheet("Secret", "hidden", textRow(1, "a") + textRow(2, "b"))
                .write(dir.resolve("hidden-only.xlsx"));

        assertThatThrownBy(() -> XlsxRowReader.open(file, null))
                .hasMessage("the workbook has no visible sheet; its sheets are: 'Secret' (hidden)");
    }

    @Test
    void cells_without_a_value_or_with_an_empty_one_are_empty_and_keep_the_columns_after_them() throws IOException {
        Path file = new WorkbookXml().sharedString("<t>x</t>").sheet("Sheet1", textRow(1, "a", "b", "c", "d", "e")
                + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v></v></c><c r=\"B2\" t=\"s\"/><c r=\"C2\" s=\"0\"/>"
                + "<c r=\"D2\" t=\"s\"><v> 0 </v><extLst/></c><c r=\"E2\"><v>5</v></c></row>")
                .write(dir.resolve("empty-cells.xlsx"));

        assertThat(values(file).get(0)).containsExactly("", "", "", "x", "5");
    }

    @Test
    void entity_and_character_references_are_read_as_their_characters() throws IOException {
        Path file = new WorkbookXml().sharedString("<t>Kiosk &amp; Co &lt;HQ&gt; caf&#233; &#x2013; &quot;best&quot;</t>")
                .sheet("Sheet1", textRow(1, "shared", "inline")
                        + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c>" + text("B2", "R&D <lab>") + "</row>")
                .write(dir.resolve("entities.xlsx"));

        assertThat(values(file).get(0)).containsExactly("Kiosk & Co <HQ> café – \"best\"", "R&D <lab>");
    }

    private static String number(String reference, int style, String value) {
        return "<c r=\"" + reference + "\" s=\"" + style + "\"><v>" + value + "</v></c>";
    }

    private static List<List<String>> values(Path file) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (XlsxRowReader reader = XlsxRowReader.open(file, null)) {
            reader.forEachRemaining(row -> rows.add(row.values()));
        }
        return rows;
    }
}
