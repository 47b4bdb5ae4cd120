package io.bulkimport.lookup;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.PreparedRow;
import io.bulkimport.pipeline.RowError;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Stage {@code lookup}, second half: the aggregation strategy of the {@code enrich} that runs a pipeline's lookup
 * route. It puts the records the route's query returned onto the batch's rows and turns each valid row whose id
 * none of them has into a row error with {@link #setNotFound(String) notFound} as the reason.
 *
 * <p>A record is matched by the column named like the pipeline's key column; each of its other columns fills the
 * pipeline column of the same name (the query renames with {@code as}), as text. Declared once per pipeline in its
 * route file, with the reason to report.
 */
public class LookupResultAggregationStrategy implements AggregationStrategy {

    private String notFound = "unknown id";
    private String stage = "lookup";

    /** @return the reason reported for a row whose id the query did not return */
    public String getNotFound() {
        return notFound;
    }

    /** @param notFound the reason reported for a row whose id the query did not return */
    public void setNotFound(String notFound) {
        this.notFound = notFound;
    }

    /** @return the stage the row errors name */
    public String getStage() {
        return stage;
    }

    /** @param stage the stage the row errors name ({@code lookup} unless set) */
    public void setStage(String stage) {
        this.stage = stage;
    }

    /**
     * @param original the batch's exchange
     * @param result   the lookup route's answer: its body the query results, a list of records or of lists of
     *                 records (one list per query, as {@code GroupedBodyAggregationStrategy} gathers them); anything
     *                 else, or null, when there was nothing to ask
     * @return {@code original}, its batch's rows filled, the rows whose id was not found moved to its errors
     * @throws IllegalStateException    when the original body is not a batch
     * @throws IllegalArgumentException when a record has no key column, or a column the pipeline does not declare
     */
    @Override
    public Exchange aggregate(Exchange original, Exchange result) {
        Batch batch = original.getIn().getBody(Batch.class);
        if (batch == null) {
            throw new IllegalStateException("stage lookup: the body is not a batch");
        }
        if (batch.valid().isEmpty()) {
            return original;
        }
        apply(batch, records(batch.context().pipeline(), result == null ? null : result.getIn().getBody()));
        return original;
    }

    /** Fills the rows found and rejects the others. */
    private void apply(Batch batch, Map<String, Map<String, Object>> byId) {
        List<String> names = batch.context().pipeline().columnDefinitions().stream().map(ColumnDefinition::name).toList();
        String keyColumn = batch.context().pipeline().keyColumns().get(0).name();
        int key = names.indexOf(keyColumn);
        for (Iterator<PreparedRow> it = batch.valid().iterator(); it.hasNext(); ) {
            PreparedRow row = it.next();
            Map<String, Object> record = byId.get(row.values()[key]);
            if (record == null) {
                it.remove();
                batch.reject(new RowError(row.rowNumber(), stage, keyColumn, row.values()[key], notFound, row.rawRow()));
                continue;
            }
            record.forEach((column, value) -> {
                if (!column.equals(keyColumn)) {
                    row.values()[names.indexOf(column)] = value == null ? null : value.toString();
                }
            });
        }
    }

    /**
     * @param pipeline the batch's pipeline
     * @param body     the lookup route's answer (see {@link #aggregate})
     * @return the records by id (the key column's value as text)
     * @throws IllegalArgumentException when a record lacks the key column or has an undeclared column
     */
    static Map<String, Map<String, Object>> records(PipelineDefinition pipeline, Object body) {
        Map<String, Map<String, Object>> byId = new HashMap<>();
        if (!(body instanceof List<?> list)) {
            return byId;
        }
        List<String> names = pipeline.columnDefinitions().stream().map(ColumnDefinition::name).toList();
        String keyColumn = pipeline.keyColumns().get(0).name();
        for (Object item : list) {
            List<?> records = item instanceof List<?> l ? l : List.of(item);
            for (Object each : records) {
                @SuppressWarnings("unchecked")
                Map<String, Object> record = (Map<String, Object>) each;
                if (record.get(keyColumn) == null) {
                    throw new IllegalArgumentException("stage lookup: the query MUST return the key column "
                            + keyColumn + " of pipeline " + pipeline.getName() + ", it returned " + record.keySet());
                }
                record.keySet().stream().filter(c -> !names.contains(c)).findFirst().ifPresent(c -> {
                    throw new IllegalArgumentException("stage lookup: the query returned column " + c + ", which "
                            + "pipeline " + pipeline.getName() + " does not declare; rename it with 'as <column>'");
                });
                byId.put(record.get(keyColumn).toString(), record);
            }
        }
        return byId;
    }
}
