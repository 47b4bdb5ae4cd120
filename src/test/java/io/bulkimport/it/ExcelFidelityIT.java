package io.bulkimport.it;

import static io.bulkimport.parse.WorkbookXml.text;
import static io.bulkimport.parse.WorkbookXml.textRow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkimport.parse.WorkbookXml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What lands from a workbook is what the person sees in Excel: each kind of cell that other importers store wrong,
 * uploaded to the running service, with the exact stored value as the check ({@code records} keeps every cell as
 * written to JSON; {@code contacts} for the sheet choice).
 */
class ExcelFidelityIT {

    private final ServiceProcess service = ServiceProcess.shared();
    private final ApiClient api = new ApiClient(service);
    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void clean() {
        db.clean();
    }

    @Test
    void number_formats_land_as_excel_shows_them() throws IOException {
        // given zip codes in 00000, a duration in [h]:mm:ss, an East-Asian locale date id, a percentage and a fraction
        WorkbookXml book = new WorkbookXml();
        int zip = book.style(164, "00000");
        int elapsed = book.style(46);
        int localeDate = book.style(57);
        int percent = book.style(10);
        int fraction = book.style(12);
        Path file = book.sheet("Sheet1", textRow(1, "city", "zip", "time_spent", "day", "share", "portion")
                + "<row r=\"2\">" + text("A2", "Boston") + number("B2", zip, "2134") + number("C2", elapsed, "1.5")
                + number("D2", localeDate, "45368") + number("E2", percent, "0.125") + number("F2", fraction, "0.75")
                + "</row>").write(temp("formats.xlsx"));

        // when
        Map<String, Object> data = onlyRecord(file);

        // then
        assertThat(data).containsEntry("zip", "02134").containsEntry("time_spent", "36:00:00")
                .containsEntry("day", "2024-03-17").containsEntry("share", "12.50%").containsEntry("portion", "3/4");
    }

    @Test
    void cell_types_land_as_their_type_and_error_cells_fail_their_row_naming_the_cell() throws IOException {
        // given ISO date cells, booleans, a cached text formula result with a leading zero, escaped and rich text,
        // and an #N/A in row 3
        WorkbookXml book = new WorkbookXml();
        int date = book.style(14);
        int dateTime = book.style(22);
        book.sharedString("<t xml:space=\"preserve\">12 Harbour Rd_x000D_\nFlat 3</t>");
        Path file = book.sheet("Sheet1", textRow(1, "id", "day", "starts_at", "active", "zip", "address", "note")
                + "<row r=\"2\">" + text("A2", "a") + "<c r=\"B2\" t=\"d\" s=\"" + date + "\"><v>2024-03-17</v></c>"
                + "<c r=\"C2\" t=\"d\" s=\"" + dateTime + "\"><v>2024-03-17T13:45:30</v></c>"
                + "<c r=\"D2\" t=\"b\"><v>1</v></c><c r=\"E2\" t=\"str\"><f>TEXT(2134,\"00000\")</f><v>02134</v></c>"
                + "<c r=\"F2\" t=\"s\"><v>0</v></c>"
                + "<c r=\"G2\" t=\"inlineStr\">\n  <is>\n    <r><t>VIP</t></r>\n    <r><t xml:space=\"preserve\"> only</t></r>\n"
                + "    <rPh sb=\"0\" eb=\"3\"><t>ブイアイピー</t></rPh>\n  </is>\n</c></row>"
                + "<row r=\"3\">" + text("A3", "b") + "<c r=\"B3\" t=\"e\"><f>VLOOKUP(A3,X:Y,2,0)</f><v>#N/A</v></c></row>")
                .write(temp("types.xlsx"));

        // when
        String id = api.uploadAccepted("records", file, "filename=types.xlsx");
        Map<String, Object> job = api.awaitFinished(id, Duration.ofSeconds(60));

        // then
        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsStored", 1)
                .containsEntry("rowsFailed", 1);
        assertThat(storedRecords().get(0)).containsEntry("day", "2024-03-17").containsEntry("starts_at", "2024-03-17 13:45:30")
                .containsEntry("active", "TRUE").containsEntry("zip", "02134")
                .containsEntry("address", "12 Harbour Rd\r\nFlat 3").containsEntry("note", "VIP only");
        List<CSVRecord> errors = api.errors(id);
        assertThat(errors).hasSize(2);
        assertThat(errors.get(1).toList().subList(0, 4))
                .containsExactly("3", "day", "cell B3 holds the Excel error #N/A", "#N/A");
    }

    @Test
    void long_whole_numbers_keep_every_digit() throws IOException {
        // given 16- to 19-digit ids in General format, as pandas or a database export writes them
        Path file = new WorkbookXml().sheet("Sheet1", textRow(1, "card", "account", "ratio")
                + "<row r=\"2\"><c r=\"A2\"><v>4111111111111111</v></c><c r=\"B2\"><v>9007199254740993123</v></c>"
                + "<c r=\"C2\"><v>0.30000000000000004</v></c></row>").write(temp("ids.xlsx"));

        assertThat(onlyRecord(file)).containsEntry("card", "4111111111111111")
                .containsEntry("account", "9007199254740993123").containsEntry("ratio", "0.3");
    }

    @Test
    void the_1904_date_system_and_the_sheet_a_person_sees_are_honoured() throws IOException {
        // given a 1904 workbook written with "true", whose visible active tab comes after a hidden lookup sheet
        WorkbookXml book = new WorkbookXml().date1904("true").activeTab(1);
        int date = book.style(14);
        Path file = book.sheet("Lists", "hidden", textRow(1, "status") + textRow(2, "active"))
                .sheet("Contacts", textRow(1, "Email", "First Name", "Since")
                        + "<row r=\"2\">" + text("A2", "noor.haddad@example.com") + text("B2", "Noor") + number("C2", date, "43900")
                        + "</row>" + textRow(3, "oskar.lind@example.com", "Oskar"))
                .write(temp("contacts.xlsx"));

        // when
        String id = api.uploadAccepted("records", file, "filename=contacts.xlsx");
        Map<String, Object> job = api.awaitFinished(id, Duration.ofSeconds(60));

        // then
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", 2);
        assertThat(storedRecords().get(0)).containsEntry("Email", "noor.haddad@example.com").containsEntry("Since", "2024-03-11");
    }

    @Test
    void a_missing_column_names_the_sheet_that_was_read_and_the_others() throws IOException {
        // given a workbook whose visible sheet has no e-mail column
        Path file = new WorkbookXml().sheet("Lists", "hidden", textRow(1, "Email") + textRow(2, "x@example.com"))
                .sheet("Notes", textRow(1, "note") + textRow(2, "call back")).write(temp("notes.xlsx"));

        String id = api.uploadAccepted("contacts", file, "filename=notes.xlsx");
        Map<String, Object> job = api.awaitFinished(id, Duration.ofSeconds(60));

        assertThat(job).containsEntry("status", "failed");
        assertThat(String.valueOf(job.get("error"))).startsWith("missing required column: email")
                .endsWith("(read sheet 'Notes'; the workbook's other sheets: 'Lists' (hidden))");
    }

    private Map<String, Object> onlyRecord(Path file) {
        String id = api.uploadAccepted("records", file, "filename=" + file.getFileName());
        Map<String, Object> job = api.awaitFinished(id, Duration.ofSeconds(60));
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", 1);
        return storedRecords().get(0);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> storedRecords() {
        ObjectMapper json = new ObjectMapper();
        return db.rows("select data::text as data from records order by row_number").stream().map(row -> {
            try {
                return (Map<String, Object>) json.readValue(String.valueOf(row.get("data")), Map.class);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static String number(String reference, int style, String value) {
        return "<c r=\"" + reference + "\" s=\"" + style + "\"><v>" + value + "</v></c>";
    }

    private static Path temp(String name) throws IOException {
        Path dir = Files.createTempDirectory("excel-fidelity-");
        dir.toFile().deleteOnExit();
        Path file = dir.resolve(name);
        file.toFile().deleteOnExit();
        return file;
    }
}
