package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of routes/README.md, "Custom steps": the contacts route asks a verification service about each
 * batch ({@code enrich} with {@code rejectedRows}) and sends an audit copy of what it stores ({@code wireTap}), against
 * a real HTTP server on loopback, through the running service and real PostgreSQL.
 */
class CustomStepIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The step as routes/README.md shows it, put in front of store-stage in a copy of the shipped contacts stage list. */
    static final String STEP = """
                    - step:
                        id: verify                       # the stage its row errors show
                        steps:
                          - enrich:
                              expression:
                                constant: "http://{{verify.url}}/verify"
                              aggregationStrategy: rejectedRows
                    - wireTap:
                        uri: "http://{{verify.url}}/audit"
            """;

    private final TestDatabase db = TestDatabase.get();
    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
    private HttpServer verifier;

    @TempDir
    Path routes;

    record Request(String path, String contentType, JsonNode body) {
    }

    @BeforeEach
    void startVerifier() throws IOException {
        db.clean();
        verifier = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        verifier.createContext("/verify", exchange -> answer(exchange, rejectBlockedDomains(record(exchange))));
        verifier.createContext("/down", exchange -> {
            record(exchange);
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        verifier.createContext("/tidy", exchange -> answer(exchange, tidy(record(exchange))));
        verifier.createContext("/audit", exchange -> {
            record(exchange);
            answer(exchange, "");
        });
        verifier.start();
    }

    @AfterEach
    void stopVerifier() {
        verifier.stop(0);
    }

    @Test
    void rows_the_service_rejects_are_reported_with_the_steps_id_and_the_rest_are_stored() throws IOException {
        // given the shipped routes, the contacts route with the verification step, and a file of six rows in two
        // batches: row 3 fails validation, rows 4 and 6 are at a domain the service rejects
        copyRoutesWithStep(STEP);
        String csv = """
                email,First Name,Last Name
                ada@example.com,Ada,Lovelace
                not-an-email,Bob,
                mallory@spam.example,Mallory,
                grace@example.com,Grace,Hopper
                eve@spam.example,Eve,
                linus@example.com,Linus,
                """;

        try (ServiceProcess service = ServiceProcess.start("custom-step", List.of(), Map.of(
                "IMPORT_ROUTES", routes.toString(),
                "VERIFY_URL", "127.0.0.1:" + verifier.getAddress().getPort()))) {
            ApiClient api = new ApiClient(service);

            // when
            String id = String.valueOf(ApiClient.json(api.upload("contacts", csv.getBytes(StandardCharsets.UTF_8),
                    "batchSize=3&filename=people.csv").body()).get("id"));
            Map<String, Object> job = api.awaitFinished(id, Duration.ofSeconds(60));

            // then the service was asked once per batch, as JSON, about the valid rows only
            List<Request> asked = requests.stream().filter(r -> r.path().equals("/verify")).toList();
            assertThat(asked).hasSize(2).allSatisfy(r -> assertThat(r.contentType()).startsWith("application/json"));
            assertThat(asked).extracting(r -> r.body().get("importId").asText()).containsOnly(id);
            assertThat(asked).extracting(r -> r.body().get("pipeline").asText()).containsOnly("contacts");
            assertThat(asked).extracting(r -> r.body().get("batchNo").asInt()).containsExactlyInAnyOrder(0, 1);
            JsonNode first = batch(asked, 0);
            assertThat(first.get("rows")).hasSize(2);
            assertThat(first.get("rows").get(0).toString()).isEqualTo("{\"rowNumber\":2,\"email\":\"ada@example.com\","
                    + "\"first_name\":\"Ada\",\"last_name\":\"Lovelace\",\"company\":null,\"phone\":null}");
            assertThat(first.get("rows").get(1).toString()).isEqualTo("{\"rowNumber\":4,\"email\":\"mallory@spam.example\","
                    + "\"first_name\":\"Mallory\",\"last_name\":null,\"company\":null,\"phone\":null}");
            assertThat(rowNumbers(batch(asked, 1))).containsExactly(5L, 6L, 7L);

            // and the rejected rows are not stored, the others are
            assertThat(db.rows("select email, first_name, import_id::text as import_id from contacts order by email"))
                    .containsExactly(
                            Map.of("email", "ada@example.com", "first_name", "Ada", "import_id", id),
                            Map.of("email", "grace@example.com", "first_name", "Grace", "import_id", id),
                            Map.of("email", "linus@example.com", "first_name", "Linus", "import_id", id));
            assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsRead", 6)
                    .containsEntry("rowsStored", 3).containsEntry("rowsFailed", 3).containsEntry("rowsDuplicate", 0);

            // and they are in the error report with the step's id as their stage and the service's reason
            assertThat(db.rows("select row_number, stage, reason from import_errors where import_id = ?::uuid "
                    + "order by row_number", id)).containsExactly(
                    Map.of("row_number", 3L, "stage", "validate", "reason", "not a valid email address"),
                    Map.of("row_number", 4L, "stage", "verify", "reason", "domain spam.example does not accept mail"),
                    Map.of("row_number", 6L, "stage", "verify", "reason", "domain spam.example does not accept mail"));
            List<CSVRecord> report = api.errors(id);
            assertThat(report.subList(1, report.size())).extracting(r -> r.get(0) + "|" + r.get(2) + "|" + r.get(4))
                    .containsExactly("3|not a valid email address|not-an-email",
                            "4|domain spam.example does not accept mail|mallory@spam.example",
                            "6|domain spam.example does not accept mail|eve@spam.example");

            // and the wire tap's audit copies hold exactly the rows that went on to be stored
            List<Request> audited = awaitRequests("/audit", 2);
            assertThat(audited).allSatisfy(r -> assertThat(r.contentType()).startsWith("application/json"));
            assertThat(audited.stream().flatMap(r -> rowNumbers(r.body()).stream())).containsExactlyInAnyOrder(2L, 5L, 7L);

            // and a dry run of the same file asks the service too, and counts its rejections as failed
            String dry = String.valueOf(ApiClient.json(api.upload("contacts", csv.getBytes(StandardCharsets.UTF_8),
                    "batchSize=3&filename=people.csv&force=true&dryRun=true").body()).get("id"));
            assertThat(api.awaitFinished(dry, Duration.ofSeconds(60))).containsEntry("rowsRead", 6)
                    .containsEntry("rowsStored", 3).containsEntry("rowsFailed", 3);
            assertThat(requests.stream().filter(r -> r.path().equals("/verify")).map(r -> r.body().get("importId").asText()))
                    .filteredOn(dry::equals).hasSize(2);
        }
    }

    @Test
    void a_batch_sent_with_to_http_comes_back_from_the_reply_with_its_changes_and_left_out_rows_reported() throws IOException {
        // given a step whose service answers with the batch itself: names capitalised, rows without a last name dropped
        copyRoutesWithStep("""
                        - step:
                            id: tidy
                            steps:
                              - to: "http://{{verify.url}}/tidy"
                """);
        String csv = "email,First Name,Last Name\nada@example.com,ada,lovelace\nbob@example.com,bob,\nbad,x,y\n";

        try (ServiceProcess service = ServiceProcess.start("custom-step-to", List.of(), Map.of(
                "IMPORT_ROUTES", routes.toString(),
                "VERIFY_URL", "127.0.0.1:" + verifier.getAddress().getPort()))) {
            ApiClient api = new ApiClient(service);

            // when
            String id = String.valueOf(ApiClient.json(api.upload("contacts", csv.getBytes(StandardCharsets.UTF_8),
                    "filename=tidy.csv").body()).get("id"));
            Map<String, Object> job = api.awaitFinished(id, Duration.ofSeconds(60));

            // then the service got the valid rows as JSON
            assertThat(requests).singleElement().satisfies(r -> {
                assertThat(r.contentType()).startsWith("application/json");
                assertThat(rowNumbers(r.body())).containsExactly(2L, 3L);
            });
            // and its answer is what was stored; the row it left out is an error of the step
            assertThat(db.rows("select email, first_name, last_name from contacts order by email")).containsExactly(
                    Map.of("email", "ada@example.com", "first_name", "Ada", "last_name", "Lovelace"));
            assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsRead", 3)
                    .containsEntry("rowsStored", 1).containsEntry("rowsFailed", 2);
            assertThat(db.rows("select row_number, stage, reason from import_errors where import_id = ?::uuid "
                    + "order by row_number", id)).containsExactly(
                    Map.of("row_number", 3L, "stage", "tidy", "reason", "left out by step tidy"),
                    Map.of("row_number", 4L, "stage", "validate", "reason", "not a valid email address"));
        }
    }

    @Test
    void a_service_that_keeps_answering_with_an_error_sends_the_batch_to_the_dead_letters() throws IOException {
        // given a verification step whose service answers 500
        copyRoutesWithStep("""
                        - step:
                            id: verify
                            steps:
                              - enrich:
                                  expression:
                                    constant: "http://{{verify.url}}/down"
                                  aggregationStrategy: rejectedRows
                """);

        try (ServiceProcess service = ServiceProcess.start("custom-step-down", List.of(), Map.of(
                "IMPORT_ROUTES", routes.toString(),
                "VERIFY_URL", "127.0.0.1:" + verifier.getAddress().getPort(),
                "IMPORT_DEAD_LETTER_INITIAL_DELAY_MS", "100"))) {
            ApiClient api = new ApiClient(service);

            // when
            String id = String.valueOf(ApiClient.json(api.upload("contacts",
                    "email\nada@example.com\n".getBytes(StandardCharsets.UTF_8), "filename=down.csv").body()).get("id"));
            Map<String, Object> job = api.awaitFinished(id, Duration.ofSeconds(60));

            // then (error-handling.camel.yaml) the batch is redelivered three times, then its row is a dead letter of
            // the step with the service's answer, and the import completes with it as its error
            assertThat(requests).hasSize(4);
            assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsRead", 1)
                    .containsEntry("rowsStored", 0).containsEntry("rowsFailed", 1);
            assertThat(db.rows("select row_number, stage, reason from import_errors where import_id = ?::uuid", id))
                    .singleElement().satisfies(e -> {
                        assertThat(e).containsEntry("row_number", 2L).containsEntry("stage", "verify");
                        assertThat(String.valueOf(e.get("reason"))).startsWith("batch failed: HTTP operation failed")
                                .endsWith("/down with statusCode: 500");
                    });
            assertThat(db.count("select count(*) from contacts")).isZero();
        }
    }

    private void copyRoutesWithStep(String step) throws IOException {
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path file : shipped.filter(Files::isRegularFile).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Path contacts = routes.resolve("contacts.camel.yaml");
        String route = Files.readString(contacts);
        String store = "        - to: kamelet:store-stage";
        assertThat(route).contains(store);
        Files.writeString(contacts, route.replace(store, step.stripTrailing() + "\n" + store));
    }

    private Request record(HttpExchange exchange) throws IOException {
        Request request = new Request(exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"), JSON.readTree(exchange.getRequestBody().readAllBytes()));
        requests.add(request);
        return request;
    }

    /** The verification service: every row at spam.example is rejected. */
    private static String rejectBlockedDomains(Request request) {
        ObjectNode reply = JSON.createObjectNode();
        ArrayNode rejected = reply.putArray("rejected");
        for (JsonNode row : request.body().get("rows")) {
            if (row.get("email").asText().endsWith("@spam.example")) {
                rejected.addObject().put("rowNumber", row.get("rowNumber").asLong())
                        .put("reason", "domain spam.example does not accept mail");
            }
        }
        return reply.toString();
    }

    /** A service that answers with the batch: names capitalised, rows without a last name left out. */
    private static String tidy(Request request) {
        ObjectNode reply = request.body().deepCopy();
        ArrayNode rows = reply.putArray("rows");
        for (JsonNode row : request.body().get("rows")) {
            if (!row.get("last_name").isNull()) {
                ObjectNode tidied = rows.addObject().setAll((ObjectNode) row);
                tidied.put("first_name", capitalised(row.get("first_name").asText()));
                tidied.put("last_name", capitalised(row.get("last_name").asText()));
            }
        }
        return reply.toString();
    }

    private static String capitalised(String name) {
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private List<Request> awaitRequests(String path, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (requests.stream().filter(r -> r.path().equals(path)).count() < count && System.nanoTime() < deadline) {
            ServiceProcess.sleep(50);
        }
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private static JsonNode batch(List<Request> requests, int batchNo) {
        return requests.stream().map(Request::body).filter(b -> b.get("batchNo").asInt() == batchNo).findFirst().orElseThrow();
    }

    private static List<Long> rowNumbers(JsonNode batch) {
        return java.util.stream.StreamSupport.stream(batch.get("rows").spliterator(), false)
                .map(r -> r.get("rowNumber").asLong()).toList();
    }
}
