package io.bulkimport.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkimport.pipeline.Batch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LookupResultAggregationStrategyTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final LookupResultAggregationStrategy strategy = new LookupResultAggregationStrategy();

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void records_fill_their_rows_by_column_name_and_ids_not_returned_become_errors() {
        // given a batch of three ids, and what two queries returned for two of them
        Batch batch = LookupIdSplitterTest.validBatch(List.of("L1", "X9", "L2"));
        strategy.setNotFound("unknown lead id (not in crm_leads)");
        List<List<Map<String, Object>>> results = List.of(
                List.of(record("L1", "Lead 1", "Company 1")), List.of(record("L2", "Lead 2", null)));

        // when
        Exchange result = strategy.aggregate(exchange(batch), exchange(results));

        // then
        assertThat(result.getIn().getBody()).isSameAs(batch);
        assertThat(batch.valid()).extracting(r -> String.join("|", r.values()))
                .containsExactly("L1|Lead 1|Company 1", "L2|Lead 2|null");
        assertThat(batch.errors()).extracting(e -> e.rowNumber() + "|" + e.stage() + "|" + e.column() + "|" + e.value()
                + "|" + e.reason()).containsExactly("3|lookup|lead_id|X9|unknown lead id (not in crm_leads)");
        assertThat(batch.failedRowCount()).isEqualTo(1);
    }

    @Test
    void nothing_found_rejects_every_row_and_a_column_the_pipeline_lacks_is_refused() {
        // given
        Batch batch = LookupIdSplitterTest.validBatch(List.of("L1"));
        Map<String, Object> withStray = record("L1", "Lead 1", "Company 1");
        withStray.put("name", "Lead 1");

        // when / then: a query renamed badly fails the batch, naming the column
        assertThatThrownBy(() -> strategy.aggregate(exchange(batch), exchange(List.of(List.of(withStray)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column name, which pipeline leads");
        assertThatThrownBy(() -> strategy.aggregate(exchange(batch), exchange(List.of(Map.of("company", "C")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MUST return the key column lead_id");

        // when the query returned nothing
        strategy.aggregate(exchange(batch), exchange(List.of()));

        // then
        assertThat(batch.valid()).isEmpty();
        assertThat(batch.errors()).extracting(e -> e.reason()).containsExactly("unknown id");
    }

    private static Map<String, Object> record(String id, String name, String company) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("lead_id", id);
        record.put("lead_name", name);
        record.put("company", company);
        return record;
    }

    private Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(body);
        return exchange;
    }
}
