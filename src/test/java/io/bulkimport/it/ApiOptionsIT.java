package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ways in besides a plain body upload: multipart, dry run, the bearer token. */
class ApiOptionsIT {

    private final ServiceProcess service = ServiceProcess.shared();
    private final ApiClient api = new ApiClient(service);
    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void clean() {
        db.clean();
    }

    @Test
    void accepts_a_multipart_upload_and_takes_the_file_name_from_the_part() {
        // given a form upload as a browser or curl -F sends it
        String boundary = "----bulkimport" + System.nanoTime();
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"../../people.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n"
                + "email,first_name\r\nm1@example.com,M1\r\nm2@example.com,M2\r\n"
                + "\r\n--" + boundary + "--\r\n";

        // when it is posted
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(api.uri("/api/imports/contacts"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());

        // then it is imported like any upload, under the part's base name
        assertThat(response.statusCode()).isEqualTo(202);
        Map<String, Object> job = api.awaitFinished(String.valueOf(ApiClient.json(response.body()).get("id")), Duration.ofSeconds(60));
        assertThat(job).containsEntry("status", "completed").containsEntry("fileName", "people.csv").containsEntry("rowsStored", 2);
        assertThat(db.count("select count(*) from contacts")).isEqualTo(2);
    }

    @Test
    void a_misspelt_dry_run_flag_is_refused_and_imports_nothing() {
        // when the user means a dry run and types dryRun=ture
        HttpResponse<String> response = api.upload("contacts", "email\ntypo@example.com\n".getBytes(StandardCharsets.UTF_8),
                "dryRun=ture");

        // then the upload is refused, saying why, and no import ran
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(response.body()).get("error").toString()).contains("dryRun must be true or false")
                .contains("'ture'");
        assertThat(db.count("select count(*) from import_jobs")).isZero();
        assertThat(db.count("select count(*) from contacts")).isZero();
    }

    @Test
    void a_misspelt_option_name_is_refused_with_the_one_meant_as_a_query_parameter_and_as_a_form_field() {
        // when the user writes duplicate=update (for duplicates), in the query and as a multipart field
        HttpResponse<String> query = api.upload("contacts", "email\ntypo@example.com\n".getBytes(StandardCharsets.UTF_8),
                "duplicate=update");
        String boundary = "----bulkimport" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"duplicate\"\r\n\r\nupdate\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"typo.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\nemail\r\ntypo@example.com\r\n\r\n--" + boundary + "--\r\n";
        HttpResponse<String> form = api.send(HttpRequest.newBuilder(api.uri("/api/imports/contacts"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());

        // then both are refused, naming the option meant, and nothing was imported
        for (HttpResponse<String> response : List.of(query, form)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(ApiClient.json(response.body()).get("error").toString())
                    .startsWith("unknown upload option 'duplicate' (did you mean 'duplicates'?)");
        }
        assertThat(db.count("select count(*) from import_jobs")).isZero();
    }

    @Test
    void a_dry_run_counts_and_reports_but_writes_no_rows() {
        byte[] csv = "email\ndry1@example.com\nbad\ndry2@example.com\n".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = api.upload("contacts", csv, "dryRun=true");
        String id = String.valueOf(ApiClient.json(response.body()).get("id"));
        Map<String, Object> job = api.awaitFinished(id, Duration.ofSeconds(60));

        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsRead", 3)
                .containsEntry("rowsStored", 2).containsEntry("rowsFailed", 1);
        assertThat(db.count("select count(*) from contacts")).isZero();
        assertThat(api.errors(id)).hasSize(2);
        Map<String, Object> estimate = ApiClient.json(api.get("/api/imports/" + id + "/estimate").body());
        assertThat(estimate).containsEntry("validRows", 2).containsKey("estimatedSeconds");

        // and the real import of the same file that follows is not refused as a duplicate of the dry run
        HttpResponse<String> real = api.upload("contacts", csv, "");
        assertThat(real.statusCode()).as(real.body()).isEqualTo(202);
        Map<String, Object> imported = api.awaitFinished(String.valueOf(ApiClient.json(real.body()).get("id")),
                Duration.ofSeconds(60));
        assertThat(imported).containsEntry("status", "completed_with_errors").containsEntry("rowsStored", 2);
        assertThat(db.count("select count(*) from contacts")).isEqualTo(2);
    }

    @Test
    void with_a_token_the_api_needs_it_and_health_does_not() {
        try (ServiceProcess secured = ServiceProcess.start("token", List.of(), Map.of("API_TOKEN", "s3cret-token"))) {
            ApiClient client = new ApiClient(secured);

            HttpResponse<String> without = client.get("/api/pipelines");
            HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(client.uri("/api/pipelines"))
                    .header("Authorization", "Bearer nope").build());
            HttpResponse<String> right = client.send(HttpRequest.newBuilder(client.uri("/api/pipelines"))
                    .header("Authorization", "Bearer s3cret-token").build());

            assertThat(without.statusCode()).isEqualTo(401);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(client.get("/observe/health").statusCode()).isEqualTo(200);
            assertThat(secured.log()).doesNotContain("s3cret-token");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void an_id_that_is_not_one_or_names_no_import_gets_400_or_404_while_another_import_runs() {
        // given an import running (its progress is answered from memory, other ids must still be checked)
        StringBuilder csv = new StringBuilder("email\n");
        for (int i = 0; i < 50_000; i++) {
            csv.append("busy").append(i).append("@x.com\n");
        }
        String running = String.valueOf(ApiClient.json(api.upload("contacts",
                csv.toString().getBytes(StandardCharsets.UTF_8), "batchSize=100").body()).get("id"));

        // when ids that are not a running import's are asked for
        HttpResponse<String> malformed = api.get("/api/imports/..%2F..%2Fetc%2Fpasswd");
        HttpResponse<String> unknown = api.get("/api/imports/00000000-0000-0000-0000-0000000000ff");
        HttpResponse<String> live = api.get("/api/imports/" + running);

        // then
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("not an import id");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no import 00000000-0000-0000-0000-0000000000ff");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(live.body())).containsEntry("id", running);
        api.awaitFinished(running, Duration.ofMinutes(1));
    }
}
