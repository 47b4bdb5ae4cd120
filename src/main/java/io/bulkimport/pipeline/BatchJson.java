package io.bulkimport.pipeline;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a batch that custom steps in route files send to other services:
 * {@code {"importId": "…", "pipeline": "contacts", "batchNo": 0, "rows": [{"rowNumber": 2, "email": "…", …}]}}.
 * Only the rows still valid are in it (rows already failed are left out); each carries its columns by name and the
 * row number a spreadsheet shows. A {@code secret: true} column is written as {@code ***}: secrets never leave the
 * process as written. A catch-all pipeline's row carries its stored JSON object's fields.
 */
public final class BatchJson {

    /** How a secret column's value is written; the same mask the error reports use. */
    public static final String MASK = "***";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchJson() {
    }

    /**
     * The batch as a JSON tree.
     *
     * @param batch a batch after validation (its valid rows are written)
     * @return {@code {importId, pipeline, batchNo, rows}}
     */
    public static ObjectNode write(Batch batch) {
        ImportContext context = batch.context();
        PipelineDefinition pipeline = context.pipeline();
        ObjectNode json = JSON.createObjectNode();
        json.put("importId", context.importId().toString());
        json.put("pipeline", pipeline.getName());
        json.put("batchNo", batch.batchNo());
        ArrayNode rows = json.putArray("rows");
        // a copy: a wire tap writes the batch on its own thread while the next stages go on with it
        for (PreparedRow row : List.copyOf(batch.valid())) {
            ObjectNode out = rows.addObject();
            out.put("rowNumber", row.rowNumber());
            if (pipeline.schemaless()) {
                fieldsOf(row.values()[0]).forEachRemaining(f -> out.set(f.getKey(), f.getValue()));
                out.put("rowNumber", row.rowNumber());
            } else {
                List<ColumnDefinition> columns = pipeline.columnDefinitions();
                for (int i = 0; i < columns.size(); i++) {
                    String value = row.values()[i];
                    out.put(columns.get(i).name(), columns.get(i).secret() && value != null && !value.isEmpty() ? MASK : value);
                }
            }
        }
        return json;
    }

    /**
     * The batch as JSON bytes (UTF-8).
     *
     * @param batch a batch after validation
     * @return the bytes of {@link #write(Batch)}
     */
    public static byte[] bytes(Batch batch) {
        try {
            return JSON.writeValueAsBytes(write(batch));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Brings the JSON form of a batch back onto that batch: each row in it gives its non-secret column values to the
     * batch's valid row with the same {@code rowNumber}; a valid row the JSON leaves out becomes a row error of
     * {@code stage} (nothing is dropped silently); rows the batch does not hold as valid are ignored.
     *
     * @param batch the batch the JSON was written from
     * @param json  its JSON form, possibly changed by a service
     * @param stage the step's id, for the errors
     * @return {@code batch}, changed
     * @throws IllegalArgumentException when the JSON is not a batch, or names another import, pipeline or batch
     */
    public static Batch applyTo(Batch batch, JsonNode json, String stage) {
        requireSameBatch(batch, json);
        Map<Long, JsonNode> byRow = new HashMap<>();
        for (JsonNode row : json.get("rows")) {
            if (!row.isObject()) {
                throw new IllegalArgumentException("not a batch: every entry of \"rows\" must be an object, found " + row.getNodeType());
            }
            if (row.path("rowNumber").canConvertToLong()) {
                byRow.put(row.get("rowNumber").asLong(), row);
            }
        }
        PipelineDefinition pipeline = batch.context().pipeline();
        for (Iterator<PreparedRow> it = batch.valid().iterator(); it.hasNext(); ) {
            PreparedRow row = it.next();
            JsonNode given = byRow.get(row.rowNumber());
            if (given == null) {
                it.remove();
                batch.reject(new RowError(row.rowNumber(), stage, null, null, "left out by step " + stage, row.rawRow()));
            } else if (pipeline.schemaless()) {
                ObjectNode data = ((ObjectNode) given).deepCopy();
                data.remove("rowNumber");
                row.values()[0] = data.toString();
            } else {
                List<ColumnDefinition> columns = pipeline.columnDefinitions();
                for (int i = 0; i < columns.size(); i++) {
                    JsonNode value = given.get(columns.get(i).name());
                    if (value != null && !columns.get(i).secret()) {
                        row.values()[i] = value.isNull() ? null : value.asText();
                    }
                }
            }
        }
        return batch;
    }

    /**
     * Parses JSON text.
     *
     * @param text JSON
     * @return its tree
     * @throws IllegalArgumentException when it is not JSON
     */
    public static JsonNode parse(byte[] text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static void requireSameBatch(Batch batch, JsonNode json) {
        if (json == null || !json.isObject() || !json.path("rows").isArray()) {
            throw new IllegalArgumentException("not a batch: expected {\"importId\", \"pipeline\", \"batchNo\", \"rows\": [...]}");
        }
        ImportContext context = batch.context();
        if (!context.importId().toString().equals(json.path("importId").asText())
                || !context.pipeline().getName().equals(json.path("pipeline").asText())
                || !json.path("batchNo").canConvertToInt() || json.get("batchNo").asInt() != batch.batchNo()) {
            throw new IllegalArgumentException("the JSON is batch " + json.path("batchNo") + " of import "
                    + json.path("importId").asText() + " (" + json.path("pipeline").asText() + "), not batch "
                    + batch.batchNo() + " of import " + context.importId() + " (" + context.pipeline().getName() + ")");
        }
    }

    private static Iterator<Map.Entry<String, JsonNode>> fieldsOf(String object) {
        try {
            return JSON.readTree(object).fields();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a batch in its JSON form wherever Jackson meets one, e.g. {@code marshal: json: {}} in a route. */
    public static final class Serializer extends StdSerializer<Batch> {

        /** Jackson creates it through {@code @JsonSerialize} on {@link Batch}. */
        public Serializer() {
            super(Batch.class);
        }

        @Override
        public void serialize(Batch batch, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeTree(write(batch));
        }
    }
}
