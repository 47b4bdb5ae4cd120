package io.bulkimport.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.PreparedRow;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter channel of {@code routes/error-handling.camel.yaml} and its route {@code import-dead-letter}, in
 * process: a step ({@code mock:verify} in the test pipelines) throws for the batch holding the poison row; the batch is
 * redelivered, then dead-lettered, and the import goes on. The dead-letter route is advised with {@code mock:dead-letter}
 * in front of {@code bean:batchDeadLetter} and, for one test, with a database that is away while the dead letter is
 * written.
 */
class DeadLetterRouteIT extends RouteTestSupport {

    private static final String POISON = "poison@example.com";
    /** A secret setting's value (ai.api-key): a cause that repeats it shows {@code ***}. */
    private static final String SECRET = "sk-route-test-7f3a9c";

    /** Nine rows, three batches of three: row 4 is invalid, row 6 holds the poison row (batch 1). */
    private static final String CSV = """
            email,First Name
            ada@example.com,Ada
            bob@example.com,Bob
            not-an-email,Nobody
            cy@example.com,Cy
            poison@example.com,Po
            dee@example.com,Dee
            eve@example.com,Eve
            fay@example.com,Fay
            gus@example.com,Gus
            """;

    /** While set, the database is away for the dead-letter route: it throws what a broken connection throws. */
    private static final AtomicBoolean DATABASE_AWAY = new AtomicBoolean();
    /** How often the dead-letter route tried to write a dead letter while the database was away. */
    private static final AtomicInteger WRITES_WHILE_AWAY = new AtomicInteger();

    private MockEndpoint verify;
    private MockEndpoint deadLetter;

    @Override
    protected Map<String, String> properties() {
        Map<String, String> properties = super.properties();
        properties.put("ai.api-key", SECRET);
        return properties;
    }

    @Override
    protected Map<String, String> extraRouteFiles() {
        return Map.of("route-test.camel.yaml", resource(TEST_PIPELINES));
    }

    @Override
    protected void adviceRoutes(CamelContext camelContext) throws Exception {
        AdviceWith.adviceWith(camelContext, "import-dead-letter", route -> route.weaveByToUri("bean:batchDeadLetter")
                .before()
                .to("mock:dead-letter")
                .process(exchange -> {
                    if (DATABASE_AWAY.get()) {
                        WRITES_WHILE_AWAY.incrementAndGet();
                        throw new SQLException("Connection to localhost:5432 refused", "08001");
                    }
                }));
    }

    @BeforeEach
    void scriptTheStep() {
        db().clean();
        DATABASE_AWAY.set(false);
        WRITES_WHILE_AWAY.set(0);
        MockEndpoint.resetMocks(getCamelContext());
        verify = getCamelContext().getEndpoint("mock:verify", MockEndpoint.class);
        deadLetter = getCamelContext().getEndpoint("mock:dead-letter", MockEndpoint.class);
        // the step's service fails for the poison batch, naming a URL with a key in its query and the secret setting
        verify.whenAnyExchangeReceived(exchange -> {
            Batch batch = exchange.getIn().getBody(Batch.class);
            if (batch.valid().stream().map(PreparedRow::rowNumber).anyMatch(n -> n == 6)) {
                throw new IllegalStateException("http://verify.example/check?apiKey=abc123 answered 503; key " + SECRET);
            }
        });
    }

    @Test
    void a_batch_whose_step_keeps_failing_is_dead_lettered_with_its_stage_and_masked_cause_and_the_import_goes_on()
            throws Exception {
        // given the step fails for batch 1 on every attempt
        deadLetter.expectedMessageCount(1);

        // when
        UUID id = runImport("route_test", "people.csv", CSV);

        // then the poison batch was tried once and redelivered three times (import.dead-letter.max-redeliveries = 3),
        // the two other batches once each
        assertThat(verify.getReceivedCounter()).isEqualTo(2 + 4);
        deadLetter.assertIsSatisfied();
        Exchange dead = deadLetter.getReceivedExchanges().get(0);
        assertThat(dead.getProperty(ExchangePropertyKey.STEP_ID, String.class)).isEqualTo("verify");
        assertThat(dead.getIn().getBody(Batch.class).batchNo()).isEqualTo(1);
        assertThat(dead.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)).hasMessageContaining("answered 503");

        // and the import went on past it: 9 read = 5 stored + 4 failed (the invalid row and the batch's three)
        assertThat(job(id)).containsEntry("status", "completed_with_errors").containsEntry("rows_read", 9L)
                .containsEntry("rows_stored", 5L).containsEntry("rows_duplicate", 0L).containsEntry("rows_failed", 4L)
                .containsEntry("batches_done", 3);
        assertThat(db().rows("select email from contacts where import_id = ? order by email", id))
                .extracting(r -> r.get("email")).containsExactly("ada@example.com", "bob@example.com",
                        "eve@example.com", "fay@example.com", "gus@example.com");

        // and the batch's rows are dead letters with the step's id and the cause, URL query and secret masked; the
        // invalid row keeps its own error
        List<Map<String, Object>> errors = db().rows("select row_number, stage, reason, raw_row::text as raw "
                + "from import_errors where import_id = ? order by row_number", id);
        assertThat(errors).extracting(e -> e.get("row_number") + " " + e.get("stage"))
                .containsExactly("4 validate", "5 verify", "6 verify", "7 verify");
        assertThat(errors.get(0).get("reason")).isEqualTo("not a valid email address");
        String cause = String.valueOf(errors.get(2).get("reason"));
        assertThat(cause).isEqualTo("batch failed: http://verify.example/check?*** answered 503; key ***");
        assertThat(errors.subList(1, 4)).extracting(e -> e.get("reason")).containsOnly(cause);
        assertThat(errors.get(2).get("raw")).isEqualTo("[\"poison@example.com\", \"Po\"]");
    }

    @Test
    void a_route_that_chooses_import_stop_on_failure_stops_its_import_at_the_failing_batch() throws Exception {
        // given the same step in route_test_stop (routeConfigurationId: import-stop-on-failure)
        deadLetter.expectedMessageCount(0);

        // when
        UUID id = runImport("route_test_stop", "people.csv", CSV);

        // then the import failed with the step's reason at batch 1: not redelivered, not dead-lettered, and nothing
        // from batch 1 on was committed (batch 0 may or may not have committed before: the batches run in parallel)
        Map<String, Object> job = job(id);
        assertThat(job).containsEntry("status", "failed");
        assertThat(String.valueOf(job.get("last_error"))).contains("answered 503")
                .contains("http://verify.example/check?***").doesNotContain("abc123").doesNotContain(SECRET);
        assertThat(verify.getReceivedExchanges()).extracting(e -> e.getIn().getBody(Batch.class).batchNo())
                .filteredOn(n -> n == 1).hasSize(1);
        deadLetter.assertIsSatisfied();
        assertOnlyBatchZeroCommitted(id);
    }

    /** What stays of a stopped import is a prefix of the file: batch 0 or nothing, with counters that add up. */
    private void assertOnlyBatchZeroCommitted(UUID id) {
        Map<String, Object> job = job(id);
        List<Object> batches = db().rows("select batch_no from import_batches where import_id = ?", id).stream()
                .map(r -> r.get("batch_no")).toList();
        assertThat(batches).isSubsetOf(0);
        boolean batchZero = !batches.isEmpty();
        assertThat(job).containsEntry("batches_done", batchZero ? 1 : 0)
                .containsEntry("rows_read", batchZero ? 3L : 0L).containsEntry("rows_stored", batchZero ? 2L : 0L)
                .containsEntry("rows_failed", batchZero ? 1L : 0L);
        assertThat(db().rows("select email from contacts where import_id = ? order by email", id))
                .extracting(r -> r.get("email"))
                .isEqualTo(batchZero ? List.of("ada@example.com", "bob@example.com") : List.of());
        assertThat(db().rows("select row_number from import_errors where import_id = ?", id))
                .extracting(r -> r.get("row_number")).isEqualTo(batchZero ? List.of(4L) : List.of());
    }

    @Test
    void a_dead_letter_that_cannot_be_written_because_the_database_is_away_stops_the_import_and_loses_nothing()
            throws Exception {
        // given the database is away while the dead letter of batch 1 is written
        DATABASE_AWAY.set(true);
        deadLetter.expectedMessageCount(1);

        // when
        UUID id = runImport("route_test", "people.csv", CSV);

        // then the dead letter was tried once and redelivered twice (import.retry.max-redeliveries = 2), then the
        // import stopped with the reason; nothing of batch 1 was recorded, none after it committed
        deadLetter.assertIsSatisfied();
        assertThat(WRITES_WHILE_AWAY).hasValue(3);
        Map<String, Object> job = job(id);
        assertThat(job).containsEntry("status", "failed");
        assertThat(String.valueOf(job.get("last_error"))).contains("refused");
        assertOnlyBatchZeroCommitted(id);
    }
}
