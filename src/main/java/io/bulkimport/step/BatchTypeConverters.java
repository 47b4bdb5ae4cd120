package io.bulkimport.step;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.BatchJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Converter;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.TypeConverters;

/**
 * Type converters between a {@link Batch} and its JSON form ({@link BatchJson}), registered with the CamelContext, so
 * that route steps such as {@code to: http://…}, {@code wireTap}, {@code enrich}, {@code convertBodyTo} and
 * {@code log} work on a batch.
 * <p>
 * Batch to JSON records the batch on the exchange (property {@value #BATCH}, and the id of the {@code step} it left
 * in); JSON back to a batch needs that exchange: the JSON is brought back onto the very batch it was written from
 * ({@link BatchJson#applyTo}), so the rows that failed before the step, the batch's counters and its checkpoint stay
 * what they were, and the rows the JSON leaves out become errors of that step. The batch then replaces the JSON as the
 * body, so later stages (and redeliveries) see it without reading a consumed reply again.
 */
public final class BatchTypeConverters implements TypeConverters {

    /** The exchange property that holds the batch whose JSON form the exchange's body is. */
    public static final String BATCH = "bulkImportBatch";
    /** The exchange property that holds the id of the {@code step} the batch left as JSON in. */
    public static final String BATCH_STEP = "bulkImportBatchStep";

    /**
     * @param batch    a batch
     * @param exchange its exchange, or null
     * @return its JSON text
     */
    @Converter
    public static String toJsonText(Batch batch, Exchange exchange) {
        return new String(toJsonBytes(batch, exchange), StandardCharsets.UTF_8);
    }

    /**
     * @param batch    a batch
     * @param exchange its exchange, or null
     * @return its JSON text in UTF-8
     */
    @Converter
    public static byte[] toJsonBytes(Batch batch, Exchange exchange) {
        if (exchange != null) {
            exchange.setProperty(BATCH, batch);
            exchange.setProperty(BATCH_STEP, exchange.getProperty(ExchangePropertyKey.STEP_ID, String.class));
        }
        return BatchJson.bytes(batch);
    }

    /**
     * What {@code to: http://…} sends.
     *
     * @param batch    a batch
     * @param exchange its exchange, or null
     * @return its JSON text in UTF-8
     */
    @Converter
    public static InputStream toJsonStream(Batch batch, Exchange exchange) {
        return new ByteArrayInputStream(toJsonBytes(batch, exchange));
    }

    /**
     * @param json     the JSON form of the batch this exchange carried
     * @param exchange the exchange that carried it
     * @return that batch, with the values in the JSON and the rows it leaves out as errors of the step
     * @throws IllegalArgumentException when the exchange carried no batch, or the JSON is not that batch's
     */
    @Converter
    public static Batch fromJsonBytes(byte[] json, Exchange exchange) {
        return read(json, json, exchange);
    }

    /**
     * @param json     the JSON form of the batch this exchange carried
     * @param exchange the exchange that carried it
     * @return see {@link #fromJsonBytes(byte[], Exchange)}
     */
    @Converter
    public static Batch fromJsonText(String json, Exchange exchange) {
        return read(json, json.getBytes(StandardCharsets.UTF_8), exchange);
    }

    /**
     * @param json     the JSON form of the batch this exchange carried, e.g. an HTTP reply
     * @param exchange the exchange that carried it
     * @return see {@link #fromJsonBytes(byte[], Exchange)}
     * @throws IOException when the stream cannot be read
     */
    @Converter
    public static Batch fromJsonStream(InputStream json, Exchange exchange) throws IOException {
        try (json) {
            return read(json, json.readAllBytes(), exchange);
        }
    }

    private static Batch read(Object body, byte[] json, Exchange exchange) {
        Batch batch = exchange == null ? null : exchange.getProperty(BATCH, Batch.class);
        if (batch == null) {
            throw new IllegalArgumentException("JSON becomes a batch only on the exchange the batch left as JSON from");
        }
        String step = exchange.getProperty(BATCH_STEP, String.class);
        if (step == null) {
            step = exchange.getProperty(ExchangePropertyKey.STEP_ID, String.class);
        }
        BatchJson.applyTo(batch, BatchJson.parse(json), step == null ? "step" : step);
        if (exchange.getMessage().getBody() == body) {
            exchange.getMessage().setBody(batch);
        }
        return batch;
    }
}
