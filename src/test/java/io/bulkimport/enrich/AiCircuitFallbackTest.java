package io.bulkimport.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.PreparedRow;
import io.bulkimport.pipeline.TestImports;
import io.bulkimport.validate.RowValidator;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage enrich inside a {@code circuitBreaker} step shaped like the one in routes/items.camel.yaml (thresholds made
 * small): what the rows of a batch become when the provider fails for some of them, and when the circuit is open.
 */
class AiCircuitFallbackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ITEMS_COLUMNS = """
            item_id:              { key: true }
            title:                { }
            quality_tier:         { allowed: [bronze, silver, gold] }
            improved_description: { }
            enrichment_status:    { }
            """;

    private final RequestBulkheads requests = new RequestBulkheads(1);
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final AtomicInteger calls = new AtomicInteger();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        camel.stop();
        requests.close();
    }

    @Test
    void a_provider_down_for_some_rows_keeps_the_answers_leaves_the_rest_pending_then_the_open_circuit_skips_calls()
            throws Exception {
        // given the items pipeline's enrich stage in a circuit that opens after one failed batch
        PipelineDefinition items = TestImports.pipeline("items", ITEMS_COLUMNS);
        ProducerTemplate route = route(spec());

        // when a batch goes through whose second request meets a provider that is down
        Batch first = batch(items, "a1", "a2", "down");
        route.sendBody("direct:items", first);

        // then the answered rows are done, the other one is pending without outputs, and no row is lost
        assertThat(statuses(first)).containsExactly("done Better a1", "done Better a2", "pending null");
        assertThat(calls.get()).isEqualTo(2);
        CircuitBreaker circuit = camel.getRegistry().findSingleByType(CircuitBreakerRegistry.class).find("items-ai-circuit")
                .orElseThrow();
        assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        // when the next batch comes while the circuit is open
        Batch second = batch(items, "a3", "gold-one");
        route.sendBody("direct:items", second);

        // then the provider is not called, and its rows are stored pending (or skipped)
        assertThat(calls.get()).isEqualTo(2);
        assertThat(statuses(second)).containsExactly("pending null", "skipped null");
    }

    private ProducerTemplate route(EnrichmentSpec spec) throws Exception {
        AiSettings settings = new AiSettings("http://127.0.0.1:9/v1", "k", "m", 2, 60_000, 4, Duration.ofSeconds(1), 0,
                Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO);
        EnrichmentMetrics metrics = new EnrichmentMetrics(() -> null);
        EnrichmentSpecs specs = new EnrichmentSpecs(() -> List.of(spec), settings, sentence -> { });
        RowsEnricher enricher = new RowsEnricher(new ResilientChatClient(new DownForSomeRows(settings), settings,
                ResilientChatClient.admission(settings), metrics), new NoCache(), settings, specs, requests, metrics);
        camel.getRegistry().bind("aiCircuitBreakers", CircuitBreakerRegistry.ofDefaults());
        camel.getRegistry().bind("aiEnricher", new AiEnricher(specs, enricher, settings));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:items")
                        .circuitBreaker().id("items-ai-circuit")
                            .resilience4jConfiguration().minimumNumberOfCalls(1).slidingWindowSize(1).failureRateThreshold(50)
                                .waitDurationInOpenState(60).permittedNumberOfCallsInHalfOpenState(1)
                                .ignoreException(java.sql.SQLException.class).end()
                            .to("bean:aiEnricher")
                        .onFallback()
                            .to("bean:aiEnricher?method=leavePending")
                        .end();
            }
        });
        camel.start();
        return camel.createProducerTemplate();
    }

    private EnrichmentSpec spec() throws IOException {
        EnrichmentSpec spec = new EnrichmentSpec();
        spec.setPipeline("items");
        spec.setInputFields("title");
        spec.setOutputFields("improved_description");
        spec.setPrompt(Files.writeString(dir.resolve("items.prompt.txt"), "Improve each item.").toString());
        spec.setSkipWhen("quality_tier=gold");
        return spec;
    }

    private static Batch batch(PipelineDefinition pipeline, String... titles) {
        List<List<String>> file = new java.util.ArrayList<>();
        file.add(List.of("item_id", "title", "quality_tier"));
        for (String title : titles) {
            file.add(List.of("id-" + title, title, title.startsWith("gold") ? "gold" : "bronze"));
        }
        Batch batch = TestImports.batch(pipeline, TestImports.options(), file);
        new RowValidator().validate(batch);
        return batch;
    }

    /** "status description" of each valid row, in file order. */
    private static List<String> statuses(Batch batch) {
        return batch.valid().stream().map(PreparedRow::values).map(v -> v[4] + " " + v[3]).toList();
    }

    /** Answers "Better <title>"; a request carrying the title "down" meets a provider that answers 503. */
    private final class DownForSomeRows extends ChatCompletionClient {
        DownForSomeRows(AiSettings settings) {
            super(null, settings);
        }

        @Override
        public String complete(String systemPrompt, String userMessage, Duration timeout, RequestAdmission.Ticket ticket)
                throws ProviderFailure {
            ticket.finished();
            calls.incrementAndGet();
            try {
                ObjectNode content = JSON.createObjectNode();
                ArrayNode results = content.putArray("results");
                for (JsonNode item : JSON.readTree(userMessage)) {
                    if (item.path("title").asText().equals("down")) {
                        throw new ProviderFailure("HTTP 503", true, null);
                    }
                    results.addObject().put("id", item.path("id").asText())
                            .put("improved_description", "Better " + item.path("title").asText());
                }
                return content.toString();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** No answer cached. */
    private static final class NoCache extends AiCacheRepository {
        NoCache() {
            super(null);
        }

        @Override
        public Map<String, Map<String, String>> find(String model, String promptHash, Collection<String> inputHashes) {
            return Map.of();
        }

        @Override
        public void store(String model, String promptHash, Map<String, Map<String, String>> outputs) {
        }
    }
}
