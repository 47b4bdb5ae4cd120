package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document and its docs page as the running service serves them (issue #15, part 2), and the
 * document's schemas against the service's real answers.
 */
class ApiDescriptionIT {

    private final ServiceProcess service = ServiceProcess.shared();
    private final ApiClient api = new ApiClient(service);
    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void clean() {
        db.clean();
    }

    @Test
    void serves_the_openapi_document_and_a_docs_page_without_inline_script() {
        // when
        HttpResponse<String> document = api.get("/api/openapi.json");
        HttpResponse<String> page = api.get("/api/docs");

        // then the document is OpenAPI 3.1 JSON
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(ApiClient.json(document.body())).containsEntry("openapi", "3.1.0");
        // and the page is sent with a policy forbidding inline script, and has none
        assertThat(page.statusCode()).isEqualTo(200);
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("script-src 'self'");
        assertThat(policy.substring(policy.indexOf("script-src")).split(";")[0]).doesNotContain("unsafe");
        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(page.body());
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).contains("src=");
            assertThat(scripts.group(2)).isBlank();
        }
        assertThat(count).isPositive();
        assertThat(page.body()).doesNotContainPattern("(?i)\\son[a-z]+=");
        // and every file it links is served from the jar, no other host
        Matcher links = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
        while (links.find()) {
            String link = links.group(1);
            assertThat(link).doesNotContain("//");
            HttpResponse<String> asset = api.get("/api/" + link);
            assertThat(asset.statusCode()).as(link).isEqualTo(200);
        }
        assertThat(api.get("/api/docs/docs-init.js").body()).contains("SwaggerUIBundle").contains("openapi.json");
        assertThat(api.get("/api/docs/nothing.js").statusCode()).isEqualTo(404);
        // and the address with a trailing slash, under which the page's relative files would not be found, moves to it
        HttpResponse<String> slash = api.get("/api/docs/");
        assertThat(slash.statusCode()).isEqualTo(301);
        assertThat(java.net.URI.create(service.baseUrl() + "/api/docs/").resolve(slash.headers().firstValue("Location")
                .orElseThrow()).getPath()).isEqualTo("/api/docs");
    }

    @Test
    void headless_chromium_renders_the_docs_page_under_its_content_security_policy() throws Exception {
        // given Debian's chromium (.ci/run installs it; where there is none this test is skipped)
        java.nio.file.Path chromium = java.util.stream.Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser")
                .map(java.nio.file.Path::of).filter(java.nio.file.Files::isExecutable).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(chromium != null, "no chromium installed: the docs page is not rendered here");
        java.nio.file.Path profile = java.nio.file.Files.createTempDirectory("docs-chromium");

        // when it opens /api/docs and runs its scripts
        Process browser = new ProcessBuilder(chromium.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + profile, "--virtual-time-budget=15000", "--dump-dom", service.baseUrl() + "/api/docs")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(browser.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }

        // then Swagger UI has rendered the document: its title and the upload operation, and no error box
        assertThat(dom).contains("Bulk Import API").contains("data-path=\"/api/imports/{pipeline}\"")
                .doesNotContain("errors-wrapper");
    }

    @Test
    void with_a_token_the_document_and_the_page_stay_public_and_the_rest_asks_for_it() throws IOException {
        try (ServiceProcess secured = ServiceProcess.start("docs-token", List.of(), Map.of("API_TOKEN", "docs-s3cret"))) {
            ApiClient client = new ApiClient(secured);
            OpenApiSchemas schemas = new OpenApiSchemas(client.get("/api/openapi.json").body());

            // when / then
            assertThat(client.get("/api/openapi.json").statusCode()).isEqualTo(200);
            assertThat(client.get("/api/docs").statusCode()).isEqualTo(200);
            assertThat(client.get("/api/docs/swagger-ui.css").statusCode()).isEqualTo(200);
            HttpResponse<String> refused = client.get("/api/imports");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(schemas.check("Error", refused.body())).isEmpty();
        }
    }

    @Test
    void the_schemas_fit_the_services_real_answers() throws IOException {
        // given the document as served
        OpenApiSchemas schemas = new OpenApiSchemas(api.get("/api/openapi.json").body());
        byte[] csv = "email,first_name\nschema1@example.com,Ann\nnot-an-email,Bob\n".getBytes(StandardCharsets.UTF_8);

        // an upload, its job while queued and finished, the list, the error report
        HttpResponse<String> accepted = api.upload("contacts", csv, "filename=schema.csv");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(schemas.check("Job", accepted.body())).isEmpty();
        String id = String.valueOf(ApiClient.json(accepted.body()).get("id"));
        api.awaitFinished(id, Duration.ofSeconds(60));
        assertThat(schemas.check("Job", api.get("/api/imports/" + id).body())).isEmpty();
        for (Object job : ApiClient.jsonList(api.get("/api/imports").body())) {
            assertThat(schemas.check("Job", ApiClientJson.write(job))).isEmpty();
        }
        HttpResponse<String> errors = api.get("/api/imports/" + id + "/errors");
        assertThat(errors.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(errors.body()).startsWith("row_number,column,reason,value");
        // a finished import's event stream: one progress event with the job, then the stream ends
        HttpResponse<String> events = api.get("/api/imports/" + id + "/events");
        assertThat(events.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(events.body()).startsWith("event: progress\ndata: ");
        String data = events.body().lines().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow().substring(6);
        assertThat(schemas.check("Job", data)).isEmpty();

        // the same file again, an unknown pipeline, an unknown import
        assertThat(schemas.check("DuplicateFile", api.upload("contacts", csv, "").body())).isEmpty();
        assertThat(schemas.check("PipelineNotFound", api.upload("nosuch", csv, "").body())).isEmpty();
        HttpResponse<String> missing = api.get("/api/imports/00000000-0000-0000-0000-000000000000");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(schemas.check("Error", missing.body())).isEmpty();

        // a dry run's job, preview and the real import it executes, then its rollback
        HttpResponse<String> dry = api.upload("contacts", "email\nschema2@example.com\n".getBytes(StandardCharsets.UTF_8),
                "dryRun=true&duplicates=update");
        String dryId = String.valueOf(ApiClient.json(dry.body()).get("id"));
        api.awaitFinished(dryId, Duration.ofSeconds(60));
        assertThat(schemas.check("Job", api.get("/api/imports/" + dryId).body())).isEmpty();
        assertThat(schemas.check("Preview", api.get("/api/imports/" + dryId + "/preview").body())).isEmpty();
        HttpResponse<String> executed = api.post("/api/imports/" + dryId + "/execute");
        assertThat(executed.statusCode()).as(executed.body()).isEqualTo(202);
        assertThat(schemas.check("Job", executed.body())).isEmpty();
        String realId = String.valueOf(ApiClient.json(executed.body()).get("id"));
        api.awaitFinished(realId, Duration.ofSeconds(60));
        HttpResponse<String> rolledBack = api.send(HttpRequest.newBuilder(api.uri("/api/imports/" + realId)).DELETE().build());
        assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
        assertThat(schemas.check("RolledBackJob", rolledBack.body())).isEmpty();

        // a group of two files
        HttpResponse<String> group = twoFiles();
        assertThat(group.statusCode()).as(group.body()).isEqualTo(202);
        assertThat(schemas.check("Group", group.body())).isEmpty();
        String groupId = String.valueOf(ApiClient.json(group.body()).get("id"));
        awaitGroupEnded(groupId);
        assertThat(schemas.check("Group", api.get("/api/groups/" + groupId).body())).isEmpty();
        for (Object listed : ApiClient.jsonList(api.get("/api/groups?limit=5").body())) {
            assertThat(schemas.check("Group", ApiClientJson.write(listed))).isEmpty();
        }
        HttpResponse<String> ended = api.post("/api/groups/" + groupId + "/cancel");
        assertThat(ended.statusCode()).isEqualTo(409);
        assertThat(schemas.check("Error", ended.body())).isEmpty();
        HttpResponse<String> groupRolledBack = api.send(HttpRequest.newBuilder(api.uri("/api/groups/" + groupId)).DELETE().build());
        assertThat(groupRolledBack.statusCode()).as(groupRolledBack.body()).isEqualTo(200);
        assertThat(schemas.check("RolledBackGroup", groupRolledBack.body())).isEmpty();

        // pipelines, the queue, a saved mapping, a suggestion
        for (Object pipeline : ApiClient.jsonList(api.get("/api/pipelines").body())) {
            assertThat(schemas.check("Pipeline", ApiClientJson.write(pipeline))).isEmpty();
        }
        assertThat(schemas.check("Queue", api.get("/api/queue").body())).isEmpty();
        HttpResponse<String> saved = api.send(HttpRequest.newBuilder(api.uri("/api/pipelines/contacts/mappings/schema-check"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"email\": \"Courriel\"}")).build());
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        assertThat(schemas.check("Mapping", saved.body())).isEmpty();
        HttpResponse<String> suggestion = api.send(HttpRequest.newBuilder(api.uri("/api/pipelines/contacts/mapping-suggestion"))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(
                        "Courriel,Prénom\nann@example.com,Ann\n", StandardCharsets.UTF_8)).build());
        assertThat(suggestion.statusCode()).as(suggestion.body()).isEqualTo(200);
        assertThat(schemas.check("Suggestion", suggestion.body())).isEmpty();
    }

    private HttpResponse<String> twoFiles() {
        String boundary = "----schema" + System.nanoTime();
        StringBuilder body = new StringBuilder();
        for (int i = 1; i <= 2; i++) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"g")
                    .append(i).append(".csv\"\r\nContent-Type: text/csv\r\n\r\nemail\ngroup").append(i)
                    .append("@example.com\n\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");
        return api.send(HttpRequest.newBuilder(api.uri("/api/imports/contacts"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private void awaitGroupEnded(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!"running".equals(ApiClient.json(api.get("/api/groups/" + id).body()).get("status"))) {
                return;
            }
            ServiceProcess.sleep(100);
        }
        throw new AssertionError("group " + id + " did not end in 60 s");
    }

    /** JSON text of a value read by {@link ApiClient#jsonList}. */
    private static final class ApiClientJson {
        static String write(Object value) throws IOException {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        }
    }
}
