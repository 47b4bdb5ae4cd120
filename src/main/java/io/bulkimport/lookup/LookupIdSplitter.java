package io.bulkimport.lookup;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.PipelineDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Stage {@code lookup}, first half: splits a batch's ids into the chunks of one query each. A route uses it as the
 * expression of a {@code split} ({@code method: {ref: lookupIds, method: "chunks(${body}, 150)"}}) whose step is the
 * route file's {@code sql:} query; each chunk is the message body {@code {ids: [...]}}, so the query binds it as the
 * IN-list parameter {@code :#in:ids}, one placeholder per id: ids are never part of the SQL text.
 */
public class LookupIdSplitter {

    /** The name the query refers to its ids by ({@code :#in:ids}). */
    public static final String IDS = "ids";

    /**
     * @param batch the batch to look up
     * @param size  most ids per query (the route's chunk size)
     * @return one {@code {ids: [...]}} body per query: the distinct key values of the batch's valid rows, in row order,
     *         at most {@code size} each; empty when no row is valid
     * @throws IllegalArgumentException when {@code size} is below 1 or the pipeline declares no key column
     */
    public List<Map<String, List<String>>> chunks(Batch batch, int size) {
        PipelineDefinition pipeline = batch.context().pipeline();
        if (pipeline.keyColumns().isEmpty()) {
            throw new IllegalArgumentException("stage lookup: pipeline " + pipeline.getName() + " declares no key column");
        }
        int key = pipeline.columnDefinitions().stream().map(ColumnDefinition::name).toList()
                .indexOf(pipeline.keyColumns().get(0).name());
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        batch.valid().forEach(row -> ids.add(row.values()[key]));
        return chunks(new ArrayList<>(ids), size).stream().map(chunk -> Map.of(IDS, chunk)).toList();
    }

    /**
     * @param ids  the ids, each once
     * @param size most ids per chunk
     * @return the ids in order, cut into chunks of {@code size} (the last one may be shorter)
     * @throws IllegalArgumentException when {@code size} is below 1
     */
    static List<List<String>> chunks(List<String> ids, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("stage lookup: the chunk size must be at least 1, was " + size);
        }
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += size) {
            chunks.add(List.copyOf(ids.subList(from, Math.min(ids.size(), from + size))));
        }
        return chunks;
    }
}
