package io.bulkimport.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkimport.enrich.EnrichmentItem;
import io.bulkimport.enrich.EnrichmentSpec;
import io.bulkimport.enrich.EnrichmentSpecs;
import io.bulkimport.enrich.ProviderFailure;
import io.bulkimport.enrich.RowsEnricher;
import io.bulkimport.enrich.RowsEnrichment;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.function.IntConsumer;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requester's side of stage {@code enrich} through the broker: a batch's items go in messages of one provider
 * request each (the pipeline's rows per request) to queue {@value BrokerSettings#ENRICH_QUEUE}, sealed, as
 * request-reply, at most {@code ai.max-concurrent} of one batch waiting at a time; whichever instance's worker is free
 * takes the next ({@link EnrichWorker}), and asks the provider under the one rate limit of all instances (in
 * PostgreSQL), after the AI cache. Items count for percent and ETA as their reply comes back.
 *
 * <p>A request waits for the rate limit in the worker, so its reply may take minutes: the requester waits
 * {@code broker.enrich-timeout-ms} (10 minutes by default), then sends again (at most {@code broker.max-sends} in
 * all; the message expires from the queue when its requester stops waiting, and an answer given meanwhile is in the
 * cache, so a resent item is not paid for twice). After the last send the items are left unanswered with a provider
 * failure: the pipeline's circuit breaker then leaves them {@code pending}, as when the provider is down. A broker that
 * cannot be reached: the items are enriched here ({@code local}), as for stage hash.
 */
public final class BrokerEnrichment implements RowsEnrichment {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerEnrichment.class);

    private final ObjectMapper json = new ObjectMapper();
    private final PayloadCipher cipher;
    private final BrokerSettings settings;
    private final BrokerMetrics metrics;
    private final RowsEnrichment local;
    private final StageRequests requests;
    private final EnrichmentSpecs specs;
    private final int inFlight;
    private final Duration timeout;
    private final String endpoint;
    private final ExecutorService fallback = Executors.newCachedThreadPool(
            io.bulkimport.pipeline.DaemonThreadFactory.daemon("enrich-here"));

    /**
     * @param inFlight messages of one batch waiting at a time ({@code ai.max-concurrent})
     * @param timeout  how long a reply may take ({@code broker.enrich-timeout-ms})
     */
    public BrokerEnrichment(ProducerTemplate producer, PayloadCipher cipher, BrokerSettings settings, BrokerMetrics metrics,
                            RowsEnrichment local, EnrichmentSpecs specs, int inFlight, Duration timeout,
                            ConnectionLoss connectionLoss) {
        this.requests = new StageRequests(producer, connectionLoss);
        this.cipher = cipher;
        this.settings = settings;
        this.metrics = metrics;
        this.local = local;
        this.specs = specs;
        this.inFlight = inFlight;
        this.timeout = timeout;
        this.endpoint = "jms:queue:" + BrokerSettings.ENRICH_QUEUE + "?exchangePattern=InOut&jmsMessageType=Bytes"
                + "&requestTimeout=" + timeout.toMillis();
    }

    @Override
    public RowsEnricher.Answers enrich(EnrichmentSpec spec, List<EnrichmentItem> items, BiPredicate<String, String> acceptable,
                                       IntConsumer settled) throws SQLException, InterruptedException {
        Map<String, Map<String, String>> byId = new ConcurrentHashMap<>();
        AtomicReference<ProviderFailure> unavailable = new AtomicReference<>();
        Semaphore window = new Semaphore(inFlight);
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        int size = specs.settings(spec).rowsPerRequest();
        try {
            for (int from = 0; from < items.size(); from += size) {
                window.acquire();
                List<EnrichmentItem> part = items.subList(from, Math.min(items.size(), from + size));
                CompletableFuture<Void> done = send(spec, part, acceptable, 1).thenAccept(answers -> {
                    byId.putAll(answers.byId());
                    if (answers.unavailable() != null) {
                        unavailable.compareAndSet(null, answers.unavailable());
                    }
                    settled.accept(part.size());
                });
                done.whenComplete((ignored, failure) -> window.release());
                parts.add(done);
            }
            CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            Throwable cause = StageRequests.cause(e.getCause());
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
        }
        return new RowsEnricher.Answers(byId, unavailable.get());
    }

    private CompletableFuture<RowsEnricher.Answers> send(EnrichmentSpec spec, List<EnrichmentItem> part,
                                                         BiPredicate<String, String> acceptable, int attempt) {
        byte[] request;
        try {
            List<Map<String, Object>> wire = new ArrayList<>();
            for (EnrichmentItem item : part) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("id", item.id());
                one.put("input", item.input());
                wire.add(one);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("pipeline", spec.getPipeline());
            body.put("items", wire);
            request = cipher.seal("enrich", json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return requests.send(endpoint, request).handle((reply, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(answers(reply));
            }
            Throwable cause = StageRequests.cause(failure);
            if (!BrokerUnreachableException.timedOut(cause)) {
                metrics.doneHere();
                LOG.warn("stage enrich: the broker {} cannot be reached ({}); enriching {} rows on this instance",
                        settings.safeUrl(), BrokerUnreachableException.rootMessage(cause), part.size());
                return CompletableFuture.supplyAsync(() -> here(spec, part, acceptable), fallback);
            }
            if (attempt >= settings.maxSends()) {
                String why = "no worker answered within " + BrokerSettings.seconds(timeout) + " s, " + attempt + " times";
                LOG.warn("stage enrich: {}; {} rows left pending", why, part.size());
                return CompletableFuture.completedFuture(new RowsEnricher.Answers(Map.of(),
                        new ProviderFailure("stage enrich through the broker " + settings.safeUrl() + ": " + why, true, null)));
            }
            metrics.resent();
            LOG.warn("stage enrich: no reply within {} s (send {} of {}); sending its {} rows again", BrokerSettings.seconds(timeout),
                    attempt, settings.maxSends(), part.size());
            return send(spec, part, acceptable, attempt + 1);
        }).thenCompose(next -> next);
    }

    private RowsEnricher.Answers here(EnrichmentSpec spec, List<EnrichmentItem> part, BiPredicate<String, String> acceptable) {
        try {
            return local.enrich(spec, part, acceptable, n -> { });
        } catch (SQLException e) {
            throw new CompletionException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    private RowsEnricher.Answers answers(byte[] reply) {
        try {
            JsonNode answer = json.readTree(reply);
            Map<String, Map<String, String>> byId = new LinkedHashMap<>();
            answer.path("byId").fields().forEachRemaining(item -> {
                Map<String, String> outputs = new LinkedHashMap<>();
                item.getValue().fields().forEachRemaining(f -> outputs.put(f.getKey(), f.getValue().isNull() ? null
                        : f.getValue().asText()));
                byId.put(item.getKey(), outputs);
            });
            JsonNode failure = answer.path("unavailable");
            ProviderFailure unavailable = failure.isObject() ? new ProviderFailure(failure.path("message").asText(),
                    failure.path("retryable").asBoolean(), failure.path("askedMillis").isNumber()
                    ? Duration.ofMillis(failure.path("askedMillis").asLong()) : null) : null;
            return new RowsEnricher.Answers(byId, unavailable);
        } catch (IOException e) {
            throw new BrokerStageException("stage enrich: a reply that is not JSON: " + e.getMessage(), e);
        }
    }
}
