package io.bulkimport.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.TestImports;
import io.bulkimport.validate.RowValidator;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RejectedRowsAggregationStrategyTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final RejectedRowsAggregationStrategy strategy = new RejectedRowsAggregationStrategy();

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void rejected_rows_become_errors_of_the_step_and_the_rest_go_on() {
        // given a contacts batch of rows 2-5, row 3 already failed validation, inside step "verify"
        Batch batch = contactsBatch();
        Exchange original = exchange(batch);
        original.setProperty(ExchangePropertyKey.STEP_ID, "verify");

        // when the service rejects rows 4 and 3 (3 is not valid any more)
        Exchange result = strategy.aggregate(original, exchange("""
                {"rejected": [{"rowNumber": 4, "reason": "mailbox does not exist"},
                              {"rowNumber": 3, "reason": "whatever"}]}"""));

        // then
        assertThat(result).isSameAs(original);
        assertThat(batch.valid()).extracting(r -> r.rowNumber()).containsExactly(2L, 5L);
        assertThat(batch.errors()).extracting(e -> e.rowNumber() + "|" + e.stage() + "|" + e.column() + "|" + e.reason())
                .containsExactly("3|validate|email|not a valid email address", "4|verify|null|mailbox does not exist");
        assertThat(batch.errors().get(1).rawRow()).containsExactly("grace@example.com", "Grace");
        assertThat(batch.failedRowCount()).isEqualTo(2);
    }

    @Test
    void outside_a_step_the_errors_take_the_configured_stage_and_a_default_reason() {
        // given
        Batch batch = contactsBatch();
        strategy.setStage("crm-check");

        // when
        strategy.aggregate(exchange(batch), exchange("{\"rejected\": [{\"rowNumber\": 5}]}"));

        // then
        assertThat(batch.errors()).last().satisfies(e -> {
            assertThat(e.rowNumber()).isEqualTo(5);
            assertThat(e.stage()).isEqualTo("crm-check");
            assertThat(e.reason()).isEqualTo("rejected by the service");
        });
        assertThat(batch.valid()).extracting(r -> r.rowNumber()).containsExactly(2L, 4L);
    }

    @Test
    void an_empty_reply_or_one_without_rejected_rows_rejects_nothing() {
        // given
        Batch batch = contactsBatch();

        // when
        strategy.aggregate(exchange(batch), exchange(""));
        strategy.aggregate(exchange(batch), exchange("{\"accepted\": 3}"));
        strategy.aggregate(exchange(batch), exchange("{\"rejected\": []}"));
        strategy.aggregate(exchange(batch), null);

        // then
        assertThat(batch.valid()).extracting(r -> r.rowNumber()).containsExactly(2L, 4L, 5L);
        assertThat(batch.errors()).hasSize(1);
    }

    @Test
    void a_reply_that_breaks_the_contract_fails_and_leaves_the_batch_alone() {
        // given
        Batch batch = contactsBatch();

        // when / then
        assertThatThrownBy(() -> strategy.aggregate(exchange(batch), exchange("<html>Bad gateway</html>")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("rejectedRows: the reply is not JSON");
        assertThatThrownBy(() -> strategy.aggregate(exchange(batch), exchange("{\"rejected\": {\"rowNumber\": 2}}")))
                .hasMessage("rejectedRows: \"rejected\" must be an array of {\"rowNumber\", \"reason\"}");
        assertThatThrownBy(() -> strategy.aggregate(exchange(batch), exchange("{\"rejected\": [{\"rowNumber\": \"2\"}]}")))
                .hasMessage("rejectedRows: an entry without a whole rowNumber: {\"rowNumber\":\"2\"}");
        assertThat(batch.valid()).hasSize(3);
    }

    @Test
    void a_long_reason_is_cut() {
        // given
        Batch batch = contactsBatch();

        // when
        strategy.aggregate(exchange(batch), exchange("{\"rejected\": [{\"rowNumber\": 2, \"reason\": \"" + "x".repeat(2000) + "\"}]}"));

        // then
        assertThat(batch.errors().get(1).reason()).hasSize(RejectedRowsAggregationStrategy.MAX_REASON + 1).endsWith("x…");
    }

    @Test
    void the_body_must_be_a_batch() {
        assertThatThrownBy(() -> strategy.aggregate(exchange("not a batch"), exchange("{}")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("rejectedRows: the body is not a batch but java.lang.String");
    }

    private Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(body);
        return exchange;
    }

    private static Batch contactsBatch() {
        Batch batch = TestImports.batch(TestImports.pipeline("contacts", """
                email: { key: true, format: email, lowercase: true }
                name:  { }
                """), TestImports.options(), List.of(
                List.of("email", "name"),
                List.of("ada@example.com", "Ada"),
                List.of("bob", "Bob"),
                List.of("grace@example.com", "Grace"),
                List.of("linus@example.com", "Linus")));
        new RowValidator().validate(batch);
        return batch;
    }
}
