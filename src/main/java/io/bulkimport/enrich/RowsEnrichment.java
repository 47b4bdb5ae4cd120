package io.bulkimport.enrich;

import java.sql.SQLException;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.IntConsumer;

/**
 * Where the rows of a batch are enriched: on this instance ({@link RowsEnricher}), or by every instance's workers
 * through the broker ({@code io.bulkimport.scale.BrokerEnrichment}, when {@code broker.url} is set).
 */
public interface RowsEnrichment {

    /**
     * The answers for {@code items} ({@link RowsEnricher.Answers}: outputs by item id, and the provider failure that
     * left some unanswered, or null). {@code acceptable(field, value)} rejects an output value; {@code settled} is told
     * how many items are through (answered, from the cache, or given up) as they get through.
     *
     * @throws SQLException         when the cache cannot be read
     * @throws InterruptedException when the waiting thread is interrupted
     */
    RowsEnricher.Answers enrich(EnrichmentSpec spec, List<EnrichmentItem> items, BiPredicate<String, String> acceptable,
                                IntConsumer settled) throws SQLException, InterruptedException;
}
