package io.bulkimport.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.TestImports;
import io.bulkimport.validate.RowValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class LookupIdSplitterTest {

    static final String LEADS_COLUMNS = """
            lead_id:   { key: true, trim: true, aliases: [Lead ID] }
            lead_name: { }
            company:   { }
            """;

    private final LookupIdSplitter splitter = new LookupIdSplitter();

    @Test
    void four_hundred_ids_with_chunk_size_150_make_three_queries() {
        // given a batch of 400 valid lead ids
        Batch batch = validBatch(IntStream.rangeClosed(1, 400).mapToObj(i -> "L" + i).toList());

        // when it is cut with the default chunk size
        List<Map<String, List<String>>> chunks = splitter.chunks(batch, 150);

        // then three queries, of 150, 150 and 100 ids, in row order, each id once
        assertThat(chunks).extracting(c -> c.get("ids").size()).containsExactly(150, 150, 100);
        assertThat(chunks.get(0).get("ids")).startsWith("L1", "L2").endsWith("L150");
        assertThat(chunks.get(2).get("ids")).startsWith("L301").endsWith("L400");
        assertThat(chunks.stream().flatMap(c -> c.get("ids").stream()).distinct().count()).isEqualTo(400);
    }

    @Test
    void an_id_repeated_in_the_batch_is_asked_once_and_invalid_rows_not_at_all() {
        // given ids with a repeat and an empty (invalid: the key is required) one
        Batch batch = validBatch(List.of("L1", "L2", "L1", "", "L3"));

        // when
        List<Map<String, List<String>>> chunks = splitter.chunks(batch, 2);

        // then
        assertThat(chunks).extracting(c -> c.get("ids")).containsExactly(List.of("L1", "L2"), List.of("L3"));
    }

    @Test
    void a_batch_without_valid_rows_asks_nothing_and_a_chunk_size_below_one_is_refused() {
        assertThat(splitter.chunks(validBatch(List.of("")), 150)).isEmpty();
        assertThatThrownBy(() -> LookupIdSplitter.chunks(List.of("L1"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1, was 0");
    }

    /** A leads batch of the given ids, through the real validator. */
    static Batch validBatch(List<String> ids) {
        PipelineDefinition leads = TestImports.pipeline("leads", LEADS_COLUMNS);
        leads.setTable("lead_assessments");
        List<List<String>> file = new ArrayList<>();
        file.add(List.of("Lead ID"));
        ids.forEach(id -> file.add(List.of(id)));
        Batch batch = TestImports.batch(leads, TestImports.options(), file);
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            DefaultExchange exchange = new DefaultExchange(camel);
            exchange.getIn().setBody(batch);
            new RowValidator().process(exchange);
        } finally {
            camel.stop();
        }
        return batch;
    }
}
