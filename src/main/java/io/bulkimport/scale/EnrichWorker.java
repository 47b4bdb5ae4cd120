package io.bulkimport.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkimport.enrich.AiEnricher;
import io.bulkimport.enrich.EnrichmentItem;
import io.bulkimport.enrich.EnrichmentSpec;
import io.bulkimport.enrich.EnrichmentSpecs;
import io.bulkimport.enrich.RowsEnricher;
import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.pipeline.PipelineDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The worker's side of stage {@code enrich} (queue {@value BrokerSettings#ENRICH_QUEUE}): opens a request sealed by
 * {@link BrokerEnrichment} ({@code {"pipeline": "items", "items": [{"id": "17", "input": {...}}]}}), enriches the
 * items here exactly as the stage does in-process ({@link RowsEnricher}: the AI cache first, then the provider under
 * the one rate limit of all instances, with its retries), and answers
 * {@code {"worker": <instance>, "byId": {"17": {...}}, "unavailable": null | {"message", "retryable", "askedMillis"}}}.
 * A pipeline this instance does not know fails the message (the broker redelivers it, then dead-letters it).
 */
public final class EnrichWorker implements Processor {

    private final ObjectMapper json = new ObjectMapper();
    private final PayloadCipher cipher;
    private final BrokerMetrics metrics;
    private final String instanceId;
    private final RowsEnricher enricher;
    private final EnrichmentSpecs specs;
    private final PipelineCatalog pipelines;
    private final int threads;

    /** @param threads how many messages this instance works at once ({@code ai.max-concurrent}) */
    public EnrichWorker(PayloadCipher cipher, BrokerMetrics metrics, String instanceId, RowsEnricher enricher,
                        EnrichmentSpecs specs, PipelineCatalog pipelines, int threads) {
        this.cipher = cipher;
        this.metrics = metrics;
        this.instanceId = instanceId;
        this.enricher = enricher;
        this.specs = specs;
        this.pipelines = pipelines;
        this.threads = threads;
    }

    public int threads() {
        return threads;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        metrics.started(Boolean.TRUE.equals(exchange.getIn().getHeader("JMSRedelivered", Boolean.class)));
        try {
            JsonNode request = json.readTree(cipher.open("enrich", exchange.getIn().getBody(byte[].class)));
            String name = request.path("pipeline").asText();
            PipelineDefinition pipeline = pipelines.find(name)
                    .orElseThrow(() -> new IllegalArgumentException("no pipeline '" + name + "' here"));
            EnrichmentSpec spec = specs.forPipeline(name);
            List<EnrichmentItem> items = new ArrayList<>();
            for (JsonNode item : request.path("items")) {
                Map<String, String> input = new LinkedHashMap<>();
                item.path("input").fields().forEachRemaining(f -> input.put(f.getKey(), f.getValue().isNull() ? null
                        : f.getValue().asText()));
                items.add(new EnrichmentItem(item.path("id").asText(), input));
            }
            AiEnricher.Columns columns = AiEnricher.Columns.of(pipeline, spec);
            RowsEnricher.Answers answers = enricher.enrich(spec, items, columns::acceptable, settled -> { });
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("worker", instanceId);
            answer.put("byId", answers.byId());
            if (answers.unavailable() != null) {
                Map<String, Object> failure = new LinkedHashMap<>();
                failure.put("message", answers.unavailable().getMessage());
                failure.put("retryable", answers.unavailable().retryable());
                failure.put("askedMillis", answers.unavailable().asked() == null ? null : answers.unavailable().asked().toMillis());
                answer.put("unavailable", failure);
            } else {
                answer.put("unavailable", null);
            }
            exchange.getMessage().setBody(json.writeValueAsBytes(answer));
            exchange.getMessage().setHeader(HashWorker.WORKER_HEADER, instanceId);
            metrics.answered(items.size());
        } finally {
            metrics.ended();
        }
    }
}
