package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The catch-all pipeline keeps any CSV row as JSON, keys and values exactly as written. */
class RecordsImportIT {

    private final ServiceProcess service = ServiceProcess.shared();
    private final ApiClient api = new ApiClient(service);
    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void clean() {
        db.clean();
    }

    @Test
    void keeps_header_names_and_values_exactly_as_written() throws IOException {
        // given a semicolon file with padded names, a repeated and a blank header, and awkward values
        String csv = " Name ;Amount;;Name;Note\n"
                + "Ann; 1.50 ;x;again;\"multi\nline; with \"\"quotes\"\"\"\n"
                + "\n"
                + "Bob;-3;;;=SUM(A1)\n";

        // when it is imported into records
        String id = api.uploadAccepted("records", writeTemp(csv), "filename=any.csv");
        Map<String, Object> job = api.awaitFinished(id, Duration.ofSeconds(60));

        // then each row is one JSON object with its spreadsheet row number
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsRead", 2).containsEntry("rowsStored", 2);
        List<Map<String, Object>> rows = db.rows("select row_number, data::text as data, import_id::text as import_id "
                + "from records order by row_number");
        assertThat(rows).extracting(r -> ((Number) r.get("row_number")).longValue()).containsExactly(2L, 4L);
        assertThat(json(rows.get(0).get("data"))).containsOnly(
                Map.entry("Name", "Ann"), Map.entry("Amount", " 1.50 "), Map.entry("column_3", "x"),
                Map.entry("Name (2)", "again"), Map.entry("Note", "multi\nline; with \"quotes\""));
        assertThat(json(rows.get(1).get("data"))).containsEntry("Amount", "-3").containsEntry("Note", "=SUM(A1)")
                .containsEntry("column_3", "");
        assertThat(rows).allSatisfy(r -> assertThat(r.get("import_id")).isEqualTo(id));
    }

    @Test
    void a_row_with_a_nul_character_is_reported_and_the_rest_are_stored() throws IOException {
        // given a stray NUL inside one cell of an otherwise ordinary file
        String csv = "a,b\n1,ok\n2,bad\u0000value\n" + "3,ok\n".repeat(200);

        String id = api.uploadAccepted("records", writeTemp(csv), "");
        Map<String, Object> job = api.awaitFinished(id, Duration.ofSeconds(60));

        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsStored", 201)
                .containsEntry("rowsFailed", 1);
        assertThat(api.errors(id).get(1).toList().subList(0, 3)).containsExactly("3", "b", "contains a NUL character, which cannot be stored");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Object text) throws IOException {
        return new ObjectMapper().readValue(String.valueOf(text), Map.class);
    }

    private static java.nio.file.Path writeTemp(String content) throws IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("records-", ".csv");
        java.nio.file.Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        file.toFile().deleteOnExit();
        return file;
    }
}
