package io.bulkimport.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.TestImports;
import io.bulkimport.validate.RowValidator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.TypeConversionException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchTypeConvertersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext camel = new DefaultCamelContext();

    BatchTypeConvertersTest() {
        camel.getTypeConverterRegistry().addTypeConverters(new BatchTypeConverters());
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void writes_the_valid_rows_by_column_name_with_their_row_numbers_and_masks_secrets() throws Exception {
        // given a users batch whose second row fails validation
        Batch batch = usersBatch();
        Exchange exchange = exchangeOf(batch);

        // when
        String text = exchange.getIn().getBody(String.class);

        // then
        JsonNode json = JSON.readTree(text);
        assertThat(json.get("importId").asText()).isEqualTo(batch.context().importId().toString());
        assertThat(json.get("pipeline").asText()).isEqualTo("users");
        assertThat(json.get("batchNo").asInt()).isZero();
        assertThat(json.get("rows")).hasSize(2);
        assertThat(json.get("rows").get(0).toString()).isEqualTo(
                "{\"rowNumber\":2,\"email\":\"ada@example.com\",\"name\":\"Ada\",\"user_type\":\"admin\",\"password_hash\":\"***\"}");
        assertThat(json.get("rows").get(1).toString()).isEqualTo(
                "{\"rowNumber\":4,\"email\":\"cy@example.com\",\"name\":\"Cy\",\"user_type\":\"member\",\"password_hash\":\"***\"}");
        assertThat(text).doesNotContain("correct horse");
    }

    @Test
    void an_input_stream_and_jackson_give_the_same_json_as_the_text() throws Exception {
        // given
        Batch batch = usersBatch();
        Exchange exchange = exchangeOf(batch);

        // when
        String viaStream;
        try (InputStream in = exchange.getIn().getBody(InputStream.class)) {
            viaStream = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String viaJackson = JSON.writeValueAsString(batch);   // what marshal: json does

        // then
        assertThat(viaStream).isEqualTo(exchange.getIn().getBody(String.class));
        assertThat(viaJackson).isEqualTo(viaStream);
    }

    @Test
    void json_comes_back_onto_the_same_batch_with_its_changes_and_left_out_rows_as_errors() throws Exception {
        // given the batch's JSON, changed by a service: row 2 renamed, a password it cannot know, row 4 left out
        Batch batch = usersBatch();
        Exchange exchange = exchangeOf(batch);
        exchange.setProperty(ExchangePropertyKey.STEP_ID, "verify");
        ObjectNode json = (ObjectNode) JSON.readTree(exchange.getIn().getBody(String.class));
        exchange.removeProperty(ExchangePropertyKey.STEP_ID);   // read back after the step, as batchStore does
        ObjectNode row2 = (ObjectNode) json.get("rows").get(0);
        row2.put("name", "Ada Lovelace");
        row2.put("password_hash", "changed by the service");
        json.withArray("rows").remove(1);
        exchange.getIn().setBody(new java.io.ByteArrayInputStream(json.toString().getBytes(StandardCharsets.UTF_8)));

        // when
        Batch back = exchange.getIn().getBody(Batch.class);

        // then the same batch, now the body: the earlier error kept, row 2 changed except its secret, row 4 an error
        // of the step it left in
        assertThat(back).isSameAs(batch);
        assertThat(exchange.getIn().getBody()).isSameAs(batch);
        assertThat(back.valid()).singleElement().satisfies(row -> {
            assertThat(row.rowNumber()).isEqualTo(2);
            assertThat(row.values()).containsExactly("ada@example.com", "Ada Lovelace", "admin", "correct horse battery");
        });
        assertThat(back.errors()).extracting(e -> e.rowNumber() + " " + e.stage() + " " + e.reason())
                .containsExactly("3 validate not a valid email address", "4 verify left out by step verify");
        assertThat(back.failedRowCount()).isEqualTo(2);
    }

    @Test
    void refuses_the_json_of_another_batch() throws Exception {
        // given
        Batch batch = usersBatch();
        Exchange exchange = exchangeOf(batch);
        ObjectNode json = (ObjectNode) JSON.readTree(exchange.getIn().getBody(String.class));
        json.put("batchNo", 7);
        exchange.getIn().setBody(json.toString().getBytes(StandardCharsets.UTF_8));

        // when / then
        assertThatThrownBy(() -> exchange.getIn().getBody(Batch.class))
                .isInstanceOf(TypeConversionException.class)
                .rootCause().hasMessageContaining("is batch 7 of import " + batch.context().importId())
                .hasMessageContaining("not batch 0");
        assertThat(batch.valid()).hasSize(2);
    }

    @Test
    void refuses_rows_that_are_not_objects() throws Exception {
        // given
        Batch batch = usersBatch();
        Exchange exchange = exchangeOf(batch);
        ObjectNode json = (ObjectNode) JSON.readTree(exchange.getIn().getBody(String.class));
        json.withArray("rows").add(2);
        exchange.getIn().setBody(json.toString());

        // when / then
        assertThatThrownBy(() -> exchange.getIn().getBody(Batch.class))
                .rootCause().hasMessage("not a batch: every entry of \"rows\" must be an object, found NUMBER");
        assertThat(batch.valid()).hasSize(2);
    }

    @Test
    void refuses_json_on_an_exchange_that_carried_no_batch() {
        // given
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody("{\"importId\": \"x\", \"pipeline\": \"users\", \"batchNo\": 0, \"rows\": []}");

        // when / then
        assertThatThrownBy(() -> exchange.getIn().getBody(Batch.class))
                .isInstanceOf(TypeConversionException.class)
                .rootCause().hasMessage("JSON becomes a batch only on the exchange the batch left as JSON from");
    }

    private Exchange exchangeOf(Batch batch) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(batch);
        return exchange;
    }

    /** Rows 2 and 4 valid, row 3 an error of stage validate. */
    private static Batch usersBatch() {
        Batch batch = TestImports.batch(TestImports.users(), TestImports.options(), List.of(
                List.of("email", "name", "user_type", "password"),
                List.of("Ada@Example.com", "Ada", "admin", "correct horse battery"),
                List.of("not-an-email", "Bob", "member", "correct horse battery"),
                List.of("cy@example.com", "Cy", "", "correct horse battery")));
        new RowValidator().validate(batch);
        return batch;
    }
}
