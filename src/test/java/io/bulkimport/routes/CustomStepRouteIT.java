package io.bulkimport.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worked example of {@code routes/README.md}, "Custom steps", in process: the steps are taken from the README's
 * text itself and put into the split of a small pipeline ({@code verify_example}, storing into the contacts table),
 * against a real HTTP server on loopback that answers {@code {"rejected": [...]}}, or 500 for a batch holding the
 * poison row, which then goes to the dead letters ({@code mock:dead-letter} is advised in front of
 * {@code bean:batchDeadLetter}).
 */
class CustomStepRouteIT extends RouteTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POISON = "poison@example.com";

    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
    private HttpServer verifier;
    private MockEndpoint deadLetter;

    /** One request the verification service got. */
    record Request(String path, String contentType, JsonNode body) {
    }

    @Override
    protected void startServices() throws IOException {
        verifier = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        verifier.setExecutor(Executors.newCachedThreadPool());
        verifier.createContext("/verify", this::verify);
        verifier.createContext("/audit", exchange -> {
            record(exchange);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        verifier.start();
    }

    @Override
    protected void stopServices() {
        verifier.stop(0);
    }

    @Override
    protected Map<String, String> properties() {
        Map<String, String> properties = super.properties();
        properties.put("verify.url", "127.0.0.1:" + verifier.getAddress().getPort());
        return properties;
    }

    @Override
    protected Map<String, String> extraRouteFiles() {
        return Map.of("verify-example.camel.yaml", VERIFY_EXAMPLE_PIPELINE + workedExampleSteps());
    }

    @Override
    protected void adviceRoutes(CamelContext camelContext) throws Exception {
        AdviceWith.adviceWith(camelContext, "import-dead-letter",
                route -> route.weaveByToUri("bean:batchDeadLetter").before().to("mock:dead-letter"));
    }

    @BeforeEach
    void reset() {
        db().clean();
        requests.clear();
        MockEndpoint.resetMocks(getCamelContext());
        deadLetter = getCamelContext().getEndpoint("mock:dead-letter", MockEndpoint.class);
    }

    @Test
    void rows_the_service_rejects_are_reported_with_the_steps_id_and_the_rest_are_stored() throws Exception {
        // given six rows in two batches: row 3 fails validation, rows 4 and 6 are at a domain the service rejects
        String csv = """
                email,First Name,Last Name
                ada@example.com,Ada,Lovelace
                not-an-email,Bob,
                mallory@spam.example,Mallory,
                grace@example.com,Grace,Hopper
                eve@spam.example,Eve,
                linus@example.com,Linus,
                """;
        deadLetter.expectedMessageCount(0);

        // when
        UUID id = runImport("verify_example", "people.csv", csv);

        // then the service was asked once per batch, as JSON, about the batch's valid rows only
        List<Request> asked = requests("/verify");
        assertThat(asked).hasSize(2).allSatisfy(r -> assertThat(r.contentType()).startsWith("application/json"));
        assertThat(asked).extracting(r -> r.body().get("importId").asText()).containsOnly(id.toString());
        assertThat(asked).extracting(r -> r.body().get("pipeline").asText()).containsOnly("verify_example");
        JsonNode first = batch(asked, 0);
        assertThat(first.get("rows").toString()).isEqualTo("[{\"rowNumber\":2,\"email\":\"ada@example.com\","
                + "\"first_name\":\"Ada\",\"last_name\":\"Lovelace\",\"company\":null,\"phone\":null},"
                + "{\"rowNumber\":4,\"email\":\"mallory@spam.example\",\"first_name\":\"Mallory\",\"last_name\":null,"
                + "\"company\":null,\"phone\":null}]");
        assertThat(rowNumbers(batch(asked, 1))).containsExactly(5L, 6L, 7L);

        // and the rejected rows are errors of stage verify with the service's reason; the others are stored
        assertThat(db().rows("select row_number, stage, reason from import_errors where import_id = ? "
                + "order by row_number", id)).containsExactly(
                Map.of("row_number", 3L, "stage", "validate", "reason", "not a valid email address"),
                Map.of("row_number", 4L, "stage", "verify", "reason", "mailbox does not exist"),
                Map.of("row_number", 6L, "stage", "verify", "reason", "mailbox does not exist"));
        assertThat(db().rows("select email from contacts where import_id = ? order by email", id))
                .extracting(r -> r.get("email")).containsExactly("ada@example.com", "grace@example.com", "linus@example.com");
        assertThat(job(id)).containsEntry("status", "completed_with_errors").containsEntry("rows_read", 6L)
                .containsEntry("rows_stored", 3L).containsEntry("rows_failed", 3L);
        deadLetter.assertIsSatisfied();

        // and the wire tap's audit copies hold exactly the rows that went on to be stored
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> requests("/audit").size() == 2);
        assertThat(requests("/audit").stream().flatMap(r -> rowNumbers(r.body()).stream()))
                .containsExactlyInAnyOrder(2L, 5L, 7L);
    }

    @Test
    void a_batch_the_service_answers_500_for_goes_to_the_dead_letters_and_the_import_goes_on() throws Exception {
        // given nine rows in three batches; the service answers 500 for batch 1, which holds the poison row
        String csv = """
                email
                ada@example.com
                bob@example.com
                cy@example.com
                dee@example.com
                poison@example.com
                eve@example.com
                fay@example.com
                gus@example.com
                hal@example.com
                """;
        deadLetter.expectedMessageCount(1);

        // when
        UUID id = runImport("verify_example", "people.csv", csv);

        // then batch 1 was asked about once and three more times (import.dead-letter.max-redeliveries), then
        // dead-lettered from step verify; the other batches were stored
        assertThat(requests("/verify")).extracting(r -> r.body().get("batchNo").asInt())
                .filteredOn(n -> n == 1).hasSize(4);
        deadLetter.assertIsSatisfied();
        Exchange dead = deadLetter.getReceivedExchanges().get(0);
        assertThat(dead.getProperty(ExchangePropertyKey.STEP_ID, String.class)).isEqualTo("verify");
        assertThat(job(id)).containsEntry("status", "completed_with_errors").containsEntry("rows_read", 9L)
                .containsEntry("rows_stored", 6L).containsEntry("rows_failed", 3L).containsEntry("batches_done", 3);
        List<Map<String, Object>> errors = db().rows("select row_number, stage, reason from import_errors "
                + "where import_id = ? order by row_number", id);
        assertThat(errors).extracting(e -> e.get("row_number") + " " + e.get("stage"))
                .containsExactly("5 verify", "6 verify", "7 verify");
        assertThat(errors).extracting(e -> e.get("reason")).containsOnly("batch failed: HTTP operation failed invoking "
                + "http://127.0.0.1:" + verifier.getAddress().getPort() + "/verify with statusCode: 500");
        assertThat(db().count("select count(*) from contacts where import_id = ?", id)).isEqualTo(6);
    }

    /** A pipeline as routes/README.md shows one: its batches template and stage list; the worked example's steps follow. */
    private static final String VERIFY_EXAMPLE_PIPELINE = """
            - beans:
                - name: verifyExamplePipeline
                  type: "#class:io.bulkimport.pipeline.PipelineDefinition"
                  properties:
                    name: verify_example
                    table: contacts
                    batchSize: "3"
                    duplicates: skip
                    columns: |
                      email:      { key: true, format: email, lowercase: true, maxLength: 254 }
                      first_name: { aliases: [First Name] }
                      last_name:  { aliases: [Last Name] }
                      company:    { }
                      phone:      { }

            - templatedRoute:
                routeTemplateRef: batches
                routeId: verify_example
                parameters:
                  - name: pipeline
                    value: verify_example

            - route:
                id: verify_example-batch
                routeConfigurationId: import-error-handling
                from:
                  uri: direct:verify_example-batch
            """;

    /**
     * The YAML block of routes/README.md that follows "Worked example: contacts asks a verification service": the
     * stage list's {@code steps:} with the custom step, indented for the stage list route above.
     */
    static String workedExampleSteps() {
        try {
            String readme = Files.readString(Path.of("routes", "README.md"));
            int example = readme.indexOf("Worked example: contacts asks a verification service");
            assertThat(example).as("the worked example in routes/README.md").isNotNegative();
            int start = readme.indexOf("```yaml\n", example) + "```yaml\n".length();
            String block = readme.substring(start, readme.indexOf("```", start));
            assertThat(block).startsWith("      steps:\n").contains("aggregationStrategy: rejectedRows");
            return block;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The verification service: 500 for a batch with the poison row, else rejects rows at spam.example. */
    private void verify(HttpExchange exchange) throws IOException {
        JsonNode batch = record(exchange);
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode rejected = answer.putArray("rejected");
        for (JsonNode row : batch.get("rows")) {
            String email = row.get("email").asText();
            if (POISON.equals(email)) {
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
                return;
            }
            if (email.endsWith("@spam.example")) {
                rejected.addObject().put("rowNumber", row.get("rowNumber").asLong()).put("reason", "mailbox does not exist");
            }
        }
        byte[] body = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private JsonNode record(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(new Request(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Content-Type"),
                body));
        return body;
    }

    private List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private static JsonNode batch(List<Request> asked, int batchNo) {
        return asked.stream().map(Request::body).filter(b -> b.get("batchNo").asInt() == batchNo).findFirst().orElseThrow();
    }

    private static List<Long> rowNumbers(JsonNode batch) {
        List<Long> numbers = new ArrayList<>();
        batch.get("rows").forEach(row -> numbers.add(row.get("rowNumber").asLong()));
        return numbers;
    }
}
