package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead-letter channel of routes/error-handling.camel.yaml, end to end: a custom step whose service keeps answering
 * 500 for one batch out of four (the one holding row 7), through the running service, a real HTTP server on loopback
 * and real PostgreSQL. The batch goes to the dead letters and the import goes on; a retry stores it once the service
 * recovers; a crash after it neither reads it again nor loses it; and a route that chooses import-stop-on-failure
 * still stops the import.
 */
class DeadLetterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sent in the step's URL query, as services often take their key: it must appear in no error and no log. */
    private static final String API_KEY = "k3y-for-the-verify-service-42";
    private static final String POISON = "poison@example.com";

    /** Twelve rows, four batches of three: row 6 is invalid, row 7 makes the service fail, row 11 repeats row 2. */
    private static final String CSV = """
            email,First Name
            ada@example.com,Ada
            bob@example.com,Bob
            cy@example.com,Cy
            dee@example.com,Dee
            not-an-email,Nobody
            poison@example.com,Po
            eve@example.com,Eve
            fay@example.com,Fay
            gus@example.com,Gus
            ada@example.com,Ada again
            hal@example.com,Hal
            ivy@example.com,Ivy
            """;

    private static final String STEP = """
                    - step:
                        id: verify
                        steps:
                          - enrich:
                              expression:
                                constant: "http://{{verify.url}}/verify?httpMethod=POST&apiKey={{verify.api-key}}"
                              aggregationStrategy: rejectedRows
            """;

    private final TestDatabase db = TestDatabase.get();
    private final Queue<JsonNode> asked = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean poisonFails = new AtomicBoolean(true);
    private volatile CountDownLatch holdGus = new CountDownLatch(0);
    private HttpServer verifier;

    @TempDir
    Path routes;

    @BeforeEach
    void startVerifier() throws IOException {
        db.clean();
        verifier = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        verifier.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        verifier.createContext("/verify", this::verify);
        verifier.start();
    }

    @AfterEach
    void stopVerifier() {
        holdGus.countDown();
        verifier.stop(0);
    }

    @Test
    void a_batch_whose_step_keeps_failing_goes_to_the_dead_letters_the_import_goes_on_and_a_retry_stores_it() throws IOException {
        // given the contacts route with a verification step whose service answers 500 for the batch with row 7
        copyRoutes(STEP, "import-error-handling");

        try (ServiceProcess service = start("dead-letter")) {
            ApiClient api = new ApiClient(service);

            // when
            String id = upload(api);
            Map<String, Object> job = api.awaitFinished(id, Duration.ofSeconds(90));

            // then the import went on past that batch and the counters add up: 12 read = 8 stored + 1 duplicate + 3 failed
            assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsRead", 12)
                    .containsEntry("rowsStored", 8).containsEntry("rowsDuplicate", 1).containsEntry("rowsFailed", 3)
                    .containsEntry("batchesDone", 4);
            assertThat(emails()).containsExactly("ada@example.com", "bob@example.com", "cy@example.com",
                    "eve@example.com", "fay@example.com", "gus@example.com", "hal@example.com", "ivy@example.com");
            // and the failing batch was sent once and redelivered three times (import.dead-letter.max-redeliveries)
            assertThat(askedAbout(1)).isEqualTo(4);

            // and its rows are dead letters with the step's id and the cause, the key masked; the invalid row keeps its own
            List<Map<String, Object>> errors = db.rows("select row_number, stage, reason, raw_row::text as raw "
                    + "from import_errors where import_id = ?::uuid order by row_number", id);
            assertThat(errors).extracting(e -> e.get("row_number") + " " + e.get("stage"))
                    .containsExactly("5 verify", "6 validate", "7 verify");
            String cause = String.valueOf(errors.get(0).get("reason"));
            assertThat(cause).startsWith("batch failed: HTTP operation failed invoking http://127.0.0.1:")
                    .endsWith("/verify?*** with statusCode: 500").doesNotContain(API_KEY);
            assertThat(errors.get(2).get("reason")).isEqualTo(cause);
            assertThat(errors.get(1).get("reason")).isEqualTo("not a valid email address");
            assertThat(errors.get(2).get("raw")).isEqualTo("[\"poison@example.com\", \"Po\"]");
            List<CSVRecord> report = api.errors(id);
            assertThat(report.subList(1, report.size())).extracting(r -> r.get(0) + "|" + r.get(4))
                    .containsExactly("5|dee@example.com", "6|not-an-email", "7|poison@example.com");
            assertThat(service.log()).doesNotContain(API_KEY).contains("went to the dead letters at stage verify");

            // when the service recovers and the import is retried
            poisonFails.set(false);
            assertThat(api.post("/api/imports/" + id + "/retry").statusCode()).isEqualTo(202);
            Map<String, Object> retried = api.awaitFinished(id, Duration.ofSeconds(90));

            // then the dead-lettered rows are stored and no longer failed; the invalid row still is
            assertThat(retried).containsEntry("status", "completed_with_errors").containsEntry("rowsRead", 12)
                    .containsEntry("rowsStored", 10).containsEntry("rowsDuplicate", 1).containsEntry("rowsFailed", 1);
            assertThat(emails()).contains("dee@example.com", POISON).hasSize(10);
            assertThat(db.count("select count(*) from contacts where import_id = ?::uuid", id)).isEqualTo(10);
            assertThat(db.rows("select row_number, stage from import_errors where import_id = ?::uuid", id))
                    .containsExactly(Map.of("row_number", 6L, "stage", "validate"));
        }
    }

    @Test
    void a_dead_lettered_batch_is_neither_read_again_nor_lost_when_the_service_is_killed_after_it() throws IOException {
        // given an import whose batch 1 went to the dead letters, and whose batch 2 the service holds unanswered
        copyRoutes(STEP, "import-error-handling");
        holdGus = new CountDownLatch(1);
        ServiceProcess service = start("dead-letter-crash");
        try {
            String id = upload(new ApiClient(service));
            awaitCount("select batches_done from import_jobs where id = ?::uuid", id, 2);
            awaitAsked(2);

            // when the service is killed there and started again
            service.kill();
            holdGus.countDown();
            service = service.startAgain();
            Map<String, Object> job = new ApiClient(service).awaitFinished(id, Duration.ofSeconds(90));

            // then the import resumed after the dead letters: batch 1 was not sent again, its rows are reported once
            assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsRead", 12)
                    .containsEntry("rowsStored", 8).containsEntry("rowsDuplicate", 1).containsEntry("rowsFailed", 3);
            assertThat(askedAbout(1)).isEqualTo(4);
            assertThat(db.rows("select row_number from import_errors where import_id = ?::uuid order by row_number", id))
                    .extracting(r -> r.get("row_number")).containsExactly(5L, 6L, 7L);
            assertThat(db.count("select count(*) from contacts where import_id = ?::uuid", id)).isEqualTo(8);
        } finally {
            service.close();
        }
    }

    @Test
    void a_route_that_chooses_import_stop_on_failure_still_stops_its_import_at_the_failing_batch() throws IOException {
        // given the same step in a contacts route that chooses the behaviour before the dead-letter channel
        copyRoutes(STEP, "import-stop-on-failure");

        try (ServiceProcess service = start("stop-on-failure")) {
            ApiClient api = new ApiClient(service);

            // when
            String id = upload(api);
            Map<String, Object> job = api.awaitFinished(id, Duration.ofSeconds(90));

            // then the import failed with that reason at batch 1: nothing was redelivered or dead-lettered
            assertThat(job).containsEntry("status", "failed").containsEntry("batchesDone", 1)
                    .containsEntry("rowsStored", 3).containsEntry("rowsFailed", 0);
            assertThat(String.valueOf(job.get("error"))).contains("statusCode: 500");
            assertThat(askedAbout(1)).isEqualTo(1);
            assertThat(emails()).containsExactly("ada@example.com", "bob@example.com", "cy@example.com");
            assertThat(db.count("select count(*) from import_errors where import_id = ?::uuid", id)).isZero();
        }
    }

    private ServiceProcess start(String name) {
        return ServiceProcess.start(name, List.of(), Map.of(
                "IMPORT_ROUTES", routes.toString(),
                "VERIFY_URL", "127.0.0.1:" + verifier.getAddress().getPort(),
                "VERIFY_API_KEY", API_KEY,
                "IMPORT_DEAD_LETTER_INITIAL_DELAY_MS", "100",
                "IMPORT_DEAD_LETTER_MAX_DELAY_MS", "400"));
    }

    private static String upload(ApiClient api) {
        return String.valueOf(ApiClient.json(api.upload("contacts", CSV.getBytes(StandardCharsets.UTF_8),
                "batchSize=3&filename=people.csv").body()).get("id"));
    }

    /** A copy of the shipped routes whose contacts stage list has {@code step} before store-stage and that error handling. */
    private void copyRoutes(String step, String errorHandling) throws IOException {
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path file : shipped.filter(Files::isRegularFile).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Path contacts = routes.resolve("contacts.camel.yaml");
        String route = Files.readString(contacts);
        String store = "        - to: kamelet:store-stage";
        String handling = "routeConfigurationId: import-error-handling";
        assertThat(route).contains(store).contains(handling);
        Files.writeString(contacts, route.replace(store, step.stripTrailing() + "\n" + store)
                .replace(handling, "routeConfigurationId: " + errorHandling));
    }

    /** The verification service: 500 for a batch holding the poison row while it fails; holds gus while asked to. */
    private void verify(HttpExchange exchange) throws IOException {
        JsonNode batch = JSON.readTree(exchange.getRequestBody().readAllBytes());
        asked.add(batch);
        boolean poisoned = false;
        boolean gus = false;
        for (JsonNode row : batch.get("rows")) {
            poisoned |= POISON.equals(row.get("email").asText());
            gus |= "gus@example.com".equals(row.get("email").asText());
        }
        if (gus) {
            try {
                holdGus.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (poisoned && poisonFails.get()) {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
            return;
        }
        byte[] body = "{\"rejected\": []}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private long askedAbout(int batchNo) {
        return asked.stream().filter(b -> b.get("batchNo").asInt() == batchNo).count();
    }

    private void awaitAsked(int batchNo) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (askedAbout(batchNo) == 0) {
            assertThat(System.nanoTime()).as("batch " + batchNo + " asked about").isLessThan(deadline);
            ServiceProcess.sleep(20);
        }
    }

    private void awaitCount(String sql, String id, long atLeast) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (db.count(sql, id) < atLeast) {
            assertThat(System.nanoTime()).as(sql + " reaches " + atLeast).isLessThan(deadline);
            ServiceProcess.sleep(20);
        }
    }

    private List<Object> emails() {
        return db.rows("select email from contacts order by email").stream().map(r -> r.get("email")).toList();
    }
}
