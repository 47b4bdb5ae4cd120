package io.bulkimport.enrich;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the outputs for a list of rows: from the cache first (one query), then from the provider, several rows per
 * request (the pipeline's {@code rowsPerRequest}), requests in parallel. Rows a reply leaves out, or a reply that is
 * not the agreed shape, are asked again in requests half the size; a row that a one-row request still cannot get is
 * left out of the result (it is stored pending). Once one request finds the provider unavailable (its retries used
 * up), the requests not sent yet are not sent: their rows are left out too, and {@link Answers#unavailable()} says
 * why, so that the pipeline's circuit breaker counts the failure.
 */
public class RowsEnricher implements RowsEnrichment {

    private static final Logger LOG = LoggerFactory.getLogger(RowsEnricher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ResilientChatClient provider;
    private final AiCacheRepository cache;
    private final AiSettings settings;
    private final EnrichmentSpecs specs;
    private final RequestBulkheads requests;
    private final EnrichmentMetrics metrics;

    /**
     * @param settings provider-wide: the model (part of the cache key)
     * @param specs    the pipelines' own AI settings
     */
    public RowsEnricher(ResilientChatClient provider, AiCacheRepository cache, AiSettings settings, EnrichmentSpecs specs,
                        RequestBulkheads requests, EnrichmentMetrics metrics) {
        this.provider = provider;
        this.cache = cache;
        this.settings = settings;
        this.specs = specs;
        this.requests = requests;
        this.metrics = metrics;
    }

    /**
     * What a call got: item id → outputs for the rows that got them; {@code unavailable} is the provider's failure
     * when some rows were given up because it is unavailable, else null.
     */
    public record Answers(Map<String, Map<String, String>> byId, ProviderFailure unavailable) {
    }

    /**
     * The answers for {@code items}. {@code acceptable(field, value)} rejects an output value (say, outside a
     * column's allowed values): the row counts as not answered.
     */
    public Answers enrich(EnrichmentSpec spec, List<EnrichmentItem> items, BiPredicate<String, String> acceptable)
            throws SQLException, InterruptedException {
        return enrich(spec, items, acceptable, settled -> { });
    }

    /**
     * The same, telling {@code settled} how many of {@code items} are through as they get through: answered from
     * the cache, answered by the provider, or given up (pending). Together they add up to {@code items.size()}.
     */
    @Override
    public Answers enrich(EnrichmentSpec spec, List<EnrichmentItem> items, BiPredicate<String, String> acceptable,
                          IntConsumer settled) throws SQLException, InterruptedException {
        PipelineAiSettings pipeline = specs.settings(spec);
        AtomicReference<ProviderFailure> unavailable = new AtomicReference<>();
        Map<String, List<EnrichmentItem>> byHash = new LinkedHashMap<>();
        for (EnrichmentItem item : items) {
            byHash.computeIfAbsent(InputHash.of(item.input()), h -> new ArrayList<>()).add(item);
        }
        Map<String, Map<String, String>> byHashOutputs = new ConcurrentHashMap<>(
                cache.find(settings.model(), spec.promptHash(), byHash.keySet()));
        int cached = byHashOutputs.keySet().stream().mapToInt(h -> byHash.get(h).size()).sum();
        metrics.cacheHits(cached);
        settled.accept(cached);
        // one request item per distinct input: the same input twice in a batch is paid for once
        Map<String, String> hashOfId = new HashMap<>();
        List<EnrichmentItem> toAsk = new ArrayList<>();
        byHash.forEach((hash, same) -> {
            if (!byHashOutputs.containsKey(hash)) {
                toAsk.add(same.get(0));
                hashOfId.put(same.get(0).id(), hash);
            }
        });
        // an asked item settles its twins in the batch with it
        Consumer<List<EnrichmentItem>> through = asked -> settled.accept(
                asked.stream().mapToInt(i -> byHash.get(hashOfId.get(i.id())).size()).sum());
        List<Future<?>> running = new ArrayList<>();
        int size = pipeline.rowsPerRequest();
        for (int i = 0; i < toAsk.size(); i += size) {
            List<EnrichmentItem> chunk = toAsk.subList(i, Math.min(toAsk.size(), i + size));
            running.add(requests.of(pipeline.pipeline()).submit(() -> {
                new Asking(spec, pipeline, acceptable, hashOfId, byHashOutputs, through, unavailable).ask(chunk);
                return null;
            }));
        }
        awaitAll(running);
        Map<String, Map<String, String>> result = new HashMap<>();
        byHash.forEach((hash, same) -> {
            Map<String, String> outputs = byHashOutputs.get(hash);
            if (outputs != null) {
                same.forEach(item -> result.put(item.id(), outputs));
            }
        });
        metrics.pending(items.size() - result.size());
        return new Answers(result, unavailable.get());
    }

    /** The requests of one call: where their answers go, and whether the provider was found unavailable. */
    private final class Asking {
        private final EnrichmentSpec spec;
        private final PipelineAiSettings pipeline;
        private final BiPredicate<String, String> acceptable;
        private final Map<String, String> hashOfId;
        private final Map<String, Map<String, String>> answers;
        private final Consumer<List<EnrichmentItem>> settled;
        private final AtomicReference<ProviderFailure> unavailable;

        Asking(EnrichmentSpec spec, PipelineAiSettings pipeline, BiPredicate<String, String> acceptable,
               Map<String, String> hashOfId, Map<String, Map<String, String>> answers,
               Consumer<List<EnrichmentItem>> settled, AtomicReference<ProviderFailure> unavailable) {
            this.spec = spec;
            this.pipeline = pipeline;
            this.acceptable = acceptable;
            this.hashOfId = hashOfId;
            this.answers = answers;
            this.settled = settled;
            this.unavailable = unavailable;
        }

        void ask(List<EnrichmentItem> chunk) throws SQLException, InterruptedException {
            if (unavailable.get() != null) {
                settled.accept(chunk);
                return;
            }
            Map<String, Map<String, String>> answered;
            try {
                String content = provider.complete(pipeline, spec.promptText(), userMessage(spec, chunk));
                answered = ReplyParser.parse(content, chunk.stream().map(EnrichmentItem::id).toList(), spec.outputs())
                        .orElse(Map.of());
            } catch (ProviderFailure f) {
                if (f.retryable()) {
                    LOG.warn("{}: AI provider unavailable ({}): {} rows stay pending", pipeline.pipeline(), f.getMessage(),
                            chunk.size());
                    unavailable.compareAndSet(null, f);
                    settled.accept(chunk);
                    return;
                }
                answered = Map.of();
            }
            Map<String, Map<String, String>> fresh = new HashMap<>();
            answered.forEach((id, outputs) -> {
                if (outputs.entrySet().stream().allMatch(e -> acceptable.test(e.getKey(), e.getValue()))) {
                    fresh.put(hashOfId.get(id), outputs);
                }
            });
            cache.store(settings.model(), spec.promptHash(), fresh);
            answers.putAll(fresh);
            List<EnrichmentItem> missing = chunk.stream().filter(item -> !answers.containsKey(hashOfId.get(item.id()))).toList();
            settled.accept(chunk.stream().filter(item -> answers.containsKey(hashOfId.get(item.id()))).toList());
            if (missing.isEmpty()) {
                return;
            }
            if (chunk.size() == 1) {
                LOG.warn("AI reply unusable for one row even alone; it stays pending");
                settled.accept(missing);
                return;
            }
            int smaller = Math.max(1, chunk.size() / 2);
            for (int i = 0; i < missing.size(); i += smaller) {
                ask(missing.subList(i, Math.min(missing.size(), i + smaller)));
            }
        }
    }

    static String userMessage(EnrichmentSpec spec, List<EnrichmentItem> items) {
        ArrayNode array = JSON.createArrayNode();
        for (EnrichmentItem item : items) {
            ObjectNode o = array.addObject().put("id", item.id());
            spec.inputs().forEach(field -> o.put(field, item.input().get(field)));
        }
        return array.toString();
    }

    private static void awaitAll(List<Future<?>> running) throws SQLException, InterruptedException {
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            running.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException("enrichment failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
