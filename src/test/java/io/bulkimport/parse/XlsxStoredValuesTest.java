package io.bulkimport.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sheet's number and date cells carry their stored value next to the text a person sees (typed columns read it). */
class XlsxStoredValuesTest {

    private static final Path CASES = Path.of("/work/shared/cases/input-fidelity");

    @TempDir
    Path dir;

    @Test
    void number_and_date_cells_keep_their_stored_value_next_to_the_text_shown() throws IOException {
        // given a row of a grouped amount, a percentage, a day-first date, a General number and a text
        Path file = dir.resolve("values.xlsx");
        try (OutputStream out = Files.newOutputStream(file)) {
            Workbook wb = new Workbook(out, "test", "1.0");
            Worksheet sheet = wb.newWorksheet("Sheet1");
            String[] header = {"amount", "share", "day", "plain", "note"};
            for (int i = 0; i < header.length; i++) {
                sheet.value(0, i, header[i]);
            }
            sheet.value(1, 0, 1234.56);
            sheet.style(1, 0).format("#,##0.00").set();
            sheet.value(1, 1, 0.12);
            sheet.style(1, 1).format("0%").set();
            sheet.value(1, 2, LocalDate.of(2024, 5, 3));
            sheet.style(1, 2).format("dd/mm/yyyy").set();
            sheet.value(1, 3, 42.5);
            sheet.value(1, 4, "03/05/2024");
            wb.finish();
        }

        // when
        Row row = readAll(file).get(0);

        // then text columns see what a person sees, typed columns get what the cell holds
        assertThat(row.values()).containsExactly("1,234.56", "12%", "2024-05-03", "42.5", "03/05/2024");
        assertThat(List.of(0, 1, 2, 3, 4).stream().map(row::storedValue).toList())
                .containsExactly("1234.56", "0.12", "2024-05-03", "42.5", null);
    }

    @Test
    void a_date_cell_of_a_1904_workbook_holds_the_date_of_its_serial_in_that_system() throws IOException {
        // when the case workbook (serial 43900, date1904="1") is read
        Row row = readAll(CASES.resolve("c16-date1904-workbook.xlsx")).get(0);

        // then
        assertThat(row.storedValue(1)).isEqualTo("2024-03-11");
    }

    @Test
    void an_iso_date_cell_holds_its_iso_text() throws IOException {
        // when the case workbook with t="d" cells is read
        Row row = readAll(CASES.resolve("c10-iso-date-cells-t-d.xlsx")).get(0);

        // then
        assertThat(row.storedValue(1)).isEqualTo("2024-03-17");
        assertThat(row.storedValue(2)).isEqualTo("2024-03-17T13:45:30");
        assertThat(row.storedValue(0)).isNull();
    }

    @Test
    void a_csv_row_has_no_stored_values() {
        assertThat(new Row(2, List.of("1,234.56")).storedValue(0)).isNull();
    }

    private static List<Row> readAll(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (XlsxRowReader reader = XlsxRowReader.open(file, null)) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }
}
