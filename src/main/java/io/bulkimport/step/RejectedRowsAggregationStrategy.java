package io.bulkimport.step;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.PreparedRow;
import io.bulkimport.pipeline.RowError;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

/**
 * The aggregation strategy of a custom step that asks a service about a batch ({@code enrich} with
 * {@code aggregationStrategy: "#rejectedRows"}): the reply {@code {"rejected": [{"rowNumber": n, "reason": "…"}]}}
 * turns those rows into row errors, so they are not stored and appear in the import's error report; the other rows
 * go on. The errors' stage is the id of the {@code step} the enrich is in, else {@link #setStage(String) stage}.
 * An empty reply or one without {@code rejected} rejects nothing; a row number the batch holds no valid row for is
 * ignored (the row failed before, or is in another batch).
 */
public class RejectedRowsAggregationStrategy implements AggregationStrategy {

    /** Longest reason kept from a reply; a service's essay would bloat every error report. */
    static final int MAX_REASON = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    private String stage = "step";

    /** @return the stage named in the errors when the enrich is not inside a {@code step} */
    public String getStage() {
        return stage;
    }

    /** @param stage the stage named in the errors when the enrich is not inside a {@code step} */
    public void setStage(String stage) {
        this.stage = stage;
    }

    /**
     * @param original the batch's exchange
     * @param reply    the service's reply, or null when there was none
     * @return {@code original}, its batch without the rejected rows
     * @throws IllegalStateException    when the original body is not a batch
     * @throws IllegalArgumentException when the reply is not JSON of the shape above
     */
    @Override
    public Exchange aggregate(Exchange original, Exchange reply) {
        if (reply == null) {
            return original;
        }
        Batch batch = original.getIn().getBody(Batch.class);
        if (batch == null) {
            throw new IllegalStateException("rejectedRows: the body is not a batch but "
                    + original.getIn().getBody().getClass().getName());
        }
        String step = original.getProperty(ExchangePropertyKey.STEP_ID, String.class);
        reject(batch, rejected(reply.getIn().getBody(byte[].class)), step == null ? stage : step);
        return original;
    }

    /**
     * Moves the rejected rows from the batch's valid rows to its errors.
     *
     * @param batch    the batch asked about
     * @param rejected row number to reason
     * @param stage    the errors' stage
     */
    static void reject(Batch batch, Map<Long, String> rejected, String stage) {
        for (Iterator<PreparedRow> it = batch.valid().iterator(); it.hasNext(); ) {
            PreparedRow row = it.next();
            String reason = rejected.get(row.rowNumber());
            if (reason != null) {
                it.remove();
                batch.reject(new RowError(row.rowNumber(), stage, null, null, reason, row.rawRow()));
            }
        }
    }

    /**
     * Reads a reply.
     *
     * @param body the reply's bytes, or null
     * @return row number to reason ({@code rejected by the service} when the entry gives none)
     * @throws IllegalArgumentException when the reply is not JSON, {@code rejected} is not an array, or an entry has
     *                                  no whole {@code rowNumber}
     */
    static Map<Long, String> rejected(byte[] body) {
        Map<Long, String> rejected = new HashMap<>();
        if (body == null || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return rejected;
        }
        JsonNode reply;
        try {
            reply = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("rejectedRows: the reply is not JSON: " + e.getMessage(), e);
        }
        JsonNode entries = reply.path("rejected");
        if (entries.isMissingNode() || entries.isNull()) {
            return rejected;
        }
        if (!entries.isArray()) {
            throw new IllegalArgumentException("rejectedRows: \"rejected\" must be an array of {\"rowNumber\", \"reason\"}");
        }
        for (JsonNode entry : entries) {
            JsonNode rowNumber = entry.path("rowNumber");
            if (!rowNumber.isIntegralNumber()) {
                throw new IllegalArgumentException("rejectedRows: an entry without a whole rowNumber: " + entry);
            }
            String reason = entry.path("reason").asText("");
            reason = reason.isBlank() ? "rejected by the service" : reason.strip();
            rejected.put(rowNumber.asLong(), reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason);
        }
        return rejected;
    }
}
