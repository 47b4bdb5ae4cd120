package io.bulkimport.it;

import static io.bulkimport.parse.WorkbookXml.textRow;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.parse.WorkbookXml;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #13 parts 1-3 through the running service: a file whose e-mail column is headed {@code Courriel} imported
 * with {@code map.email=Courriel}, with a saved mapping, and as multipart form fields; mapping suggestions; and the
 * missing-column failure that names the headers found and the closest.
 */
class ColumnMappingIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ServiceProcess service = ServiceProcess.shared();
    private final ApiClient api = new ApiClient(service);
    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void clean() {
        db.clean();
        db.execute("delete from column_mappings");
    }

    @Test
    void a_courriel_file_imports_with_map_email_courriel() {
        // given a French export: its e-mail column is headed Courriel
        byte[] csv = french("ada", "alan");

        // when it is uploaded with the mapping as query parameters
        String id = accepted(api.upload("contacts", csv, "map.email=Courriel&map.first_name=" + encode("Prénom")
                + "&map.last_name=Nom"));

        // then the rows land in contacts with their columns where they belong
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 2);
        assertThat(db.rows("select email, first_name, last_name from contacts order by email")).containsExactly(
                Map.of("email", "ada@example.com", "first_name", "Ada", "last_name", "Lovelace"),
                Map.of("email", "alan@example.com", "first_name", "Alan", "last_name", "Lovelace"));
    }

    @Test
    void a_saved_mapping_is_created_listed_applied_kept_with_the_job_and_deleted() {
        // given a mapping saved for the pipeline (then saved again: replaced)
        HttpResponse<String> created = put("/api/pipelines/contacts/mappings/french-crm", "{\"email\": \"Courriel\"}");
        HttpResponse<String> replaced = put("/api/pipelines/contacts/mappings/french-crm",
                "{\"email\": \"Courriel\", \"first_name\": \"Prénom\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        List<Map<String, Object>> saved = ApiClient.jsonList(api.get("/api/pipelines/contacts/mappings").body());
        assertThat(saved).hasSize(1);
        assertThat(saved.get(0)).containsEntry("name", "french-crm")
                .containsEntry("mapping", Map.of("email", "Courriel", "first_name", "Prénom"));

        // when a file is uploaded naming it
        String id = accepted(api.upload("contacts", french("grace"), "mapping=french-crm"));

        // then it maps the file, and the job keeps the map it resolved (a later edit changes no import)
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 1);
        assertThat(db.rows("select email, first_name from contacts"))
                .containsExactly(Map.of("email", "grace@example.com", "first_name", "Grace"));
        assertThat(db.rows("select options -> 'map' ->> 'first_name' as header from import_jobs where id = ?::uuid", id))
                .containsExactly(Map.of("header", "Prénom"));

        // and it can be read alone, deleted once, and is gone after
        assertThat(api.get("/api/pipelines/contacts/mappings/french-crm").statusCode()).isEqualTo(200);
        assertThat(delete("/api/pipelines/contacts/mappings/french-crm").statusCode()).isEqualTo(204);
        assertThat(delete("/api/pipelines/contacts/mappings/french-crm").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/pipelines/contacts/mappings/french-crm").statusCode()).isEqualTo(404);
    }

    @Test
    void an_explicit_map_parameter_beats_the_saved_mapping() {
        // given a saved mapping to Courriel, and a file that has a second address column
        assertThat(put("/api/pipelines/contacts/mappings/crm", "{\"email\": \"Courriel\"}").statusCode()).isEqualTo(201);
        byte[] csv = "Courriel,Mail perso\nwork@example.com,home@example.com\n".getBytes(StandardCharsets.UTF_8);

        // when the upload maps email itself
        String id = accepted(api.upload("contacts", csv, "mapping=crm&map.email=" + encode("Mail perso")));

        // then its own choice wins
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed");
        assertThat(db.rows("select email from contacts")).containsExactly(Map.of("email", "home@example.com"));
    }

    @Test
    void unknown_columns_headers_and_mappings_are_refused_with_400_naming_them() {
        // when
        HttpResponse<String> column = api.upload("contacts", french("a"), "map.emial=Courriel");
        HttpResponse<String> header = api.upload("contacts", french("b"), "map.email=Mail");
        HttpResponse<String> mapping = api.upload("contacts", french("c"), "mapping=nope");
        HttpResponse<String> savedColumn = put("/api/pipelines/contacts/mappings/x", "{\"emial\": \"Courriel\", \"phone\": 1}");
        HttpResponse<String> pipeline = put("/api/pipelines/nope/mappings/x", "{\"email\": \"Courriel\"}");

        // then
        assertThat(column.statusCode()).isEqualTo(400);
        assertThat(error(column)).contains("map.emial").contains("email, first_name");
        assertThat(header.statusCode()).isEqualTo(400);
        assertThat(error(header)).isEqualTo("header not in the file: map.email=Mail; headers found: Courriel, Prénom, Nom");
        assertThat(mapping.statusCode()).isEqualTo(400);
        assertThat(error(mapping)).isEqualTo("unknown mapping: nope (pipeline contacts has no saved mappings)");
        assertThat(savedColumn.statusCode()).isEqualTo(400);
        assertThat(error(savedColumn)).contains("unknown column: emial").contains("non-empty string for phone");
        assertThat(pipeline.statusCode()).isEqualTo(404);
        assertThat(db.count("select count(*) from import_jobs")).isZero();
    }

    @Test
    void options_given_as_multipart_form_fields_apply_and_the_query_wins_over_them() {
        // given a form with the mapping as fields and the file as a part; the query also says batchSize
        String boundary = "----mapping" + System.nanoTime();
        String body = field(boundary, "map.email", "Courriel") + field(boundary, "map.first_name", "Prénom")
                + field(boundary, "batchSize", "7")
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"fr.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + new String(french("marie"), StandardCharsets.UTF_8)
                + "\r\n--" + boundary + "--\r\n";

        // when
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(api.uri("/api/imports/contacts?batchSize=3"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());

        // then
        String id = accepted(response);
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 1);
        assertThat(db.rows("select email, first_name from contacts"))
                .containsExactly(Map.of("email", "marie@example.com", "first_name", "Marie"));
        assertThat(db.rows("select options ->> 'batchSize' as size from import_jobs where id = ?::uuid", id))
                .containsExactly(Map.of("size", "3"));
    }

    @Test
    void a_suggestion_finds_the_email_column_by_its_values_under_a_header_named_contact() {
        // given the first part of a file, cut in the middle of its last line
        StringBuilder csv = new StringBuilder("Contact,Given Name,Remarks\n");
        for (int i = 0; i < 50; i++) {
            csv.append("person").append(i).append("@example.com,Name").append(i).append(",met at the fair\n");
        }
        csv.append("cut@exa");

        // when
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(api.uri("/api/pipelines/contacts/mapping-suggestion"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build());

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Object> suggestion = ApiClient.json(response.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> columns = (List<Map<String, Object>>) suggestion.get("columns");
        Map<String, Object> email = columns.stream().filter(c -> "email".equals(c.get("column"))).findFirst().orElseThrow();
        assertThat(email).containsEntry("header", "Contact");
        assertThat(String.valueOf(email.get("reasons"))).contains("50 of 50 sample values are e-mail addresses");
        assertThat(((Number) email.get("score")).doubleValue()).isBetween(0.7, 1.0);
        Map<String, Object> first = columns.stream().filter(c -> "first_name".equals(c.get("column"))).findFirst().orElseThrow();
        assertThat(first).containsEntry("header", "Given Name").containsEntry("score", 1.0);
        assertThat(suggestion).containsEntry("unmatchedHeaders", List.of("Remarks")).containsEntry("sampleRows", 50)
                .containsEntry("mapParameters", "map.email=Contact&map.first_name=Given%20Name");

        // and the parameters it gives import the file as they say
        String id = accepted(api.upload("contacts", csv.substring(0, csv.lastIndexOf("\n") + 1).getBytes(StandardCharsets.UTF_8),
                (String) suggestion.get("mapParameters")));
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 50);
    }

    @Test
    void a_suggestion_reads_an_xlsx_workbook_sent_without_a_name() throws java.io.IOException {
        // given a workbook whose address column is headed Contact
        Path file = new WorkbookXml().sheet("Sheet1", textRow(1, "Contact", "Surname")
                + textRow(2, "ada@example.com", "Lovelace") + textRow(3, "alan@example.com", "Turing"))
                .write(Files.createTempFile("suggest", ".xlsx"));

        // when it is posted as plain bytes
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(api.uri("/api/pipelines/contacts/mapping-suggestion"))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofFile(file)).build());

        // then its first bytes tell it is a workbook, and its columns are found
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(ApiClient.json(response.body())).containsEntry("mapping", Map.of("email", "Contact", "last_name", "Surname"))
                .containsEntry("sampleRows", 2);
        Files.delete(file);
    }

    @Test
    void a_saved_mapping_whose_header_the_file_lacks_is_refused_saying_where_it_came_from() {
        // given
        assertThat(put("/api/pipelines/contacts/mappings/crm", "{\"email\": \"Courriel\", \"phone\": \"Tel.\"}").statusCode())
                .isEqualTo(201);

        // when
        HttpResponse<String> response = api.upload("contacts", french("ada"), "mapping=crm");

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).isEqualTo("header not in the file: map.phone=Tel. (from saved mapping 'crm'); "
                + "headers found: Courriel, Prénom, Nom");
    }

    @Test
    void a_missing_required_column_lists_the_headers_found_and_the_closest_by_its_values() {
        // when a Courriel file is uploaded without a mapping
        String id = accepted(api.upload("contacts", french("ada", "alan"), ""));

        // then the import fails, saying which header is most likely the e-mail column and how to say so
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "failed").containsEntry("error",
                "missing required column: email (headers found: Courriel, Prénom, Nom; closest: Courriel — its values "
                        + "are e-mail addresses (2 of 2); upload with map.email=<header>)");
    }

    /** A contacts file as a French CRM exports it, one row per first name. */
    private static byte[] french(String... names) {
        StringBuilder csv = new StringBuilder("Courriel,Prénom,Nom\n");
        for (String name : names) {
            csv.append(name).append("@example.com,").append(Character.toUpperCase(name.charAt(0))).append(name.substring(1))
                    .append(",Lovelace\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> put(String path, String json) {
        return api.send(HttpRequest.newBuilder(api.uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    private HttpResponse<String> delete(String path) {
        return api.send(HttpRequest.newBuilder(api.uri(path)).DELETE().build());
    }

    private static String accepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return String.valueOf(ApiClient.json(response.body()).get("id"));
    }

    private static String error(HttpResponse<String> response) {
        return String.valueOf(ApiClient.json(response.body()).get("error"));
    }

    private static String field(String boundary, String name, String value) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
