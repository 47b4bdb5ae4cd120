package io.bulkimport.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowsEnricherTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RequestBulkheads requests = new RequestBulkheads(4);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        requests.close();
    }

    @Test
    void tells_how_many_items_got_through_answered_cached_twins_or_given_up_adding_up_to_all_of_them() throws Exception {
        // given a provider that answers, leaves one item out of every reply, and is down for one item; one item cached
        EnrichmentSpec spec = spec();
        // (two rows per request: [plain, twin], [always-left-out, plain too] then [always-left-out] alone, [down])
        List<EnrichmentItem> items = List.of(item("1", "plain"), item("2", "twin"), item("3", "twin"), item("4", "cached"),
                item("5", "always-left-out"), item("6", "plain too"), item("7", "down"));
        RowsEnricher enricher = new RowsEnricher(new ResilientChatClient(new ScriptedProvider(), settings(),
                ResilientChatClient.admission(settings()), metrics()),
                new OneCachedItem(InputHash.of(Map.of("title", "cached"))), settings(), specs(spec), requests, metrics());
        AtomicInteger settled = new AtomicInteger();

        // when
        RowsEnricher.Answers answers = enricher.enrich(spec, items, (field, value) -> true, settled::addAndGet);

        // then every item was reported once, whether answered or left pending, and the outage is told
        assertThat(settled.get()).isEqualTo(items.size());
        assertThat(answers.byId()).containsOnlyKeys("1", "2", "3", "4", "6");
        assertThat(answers.unavailable()).isNotNull().hasMessage("503 from the provider");
    }

    @Test
    void a_pipeline_value_above_the_provider_wide_cap_is_lowered_to_it_and_said_once() throws IOException {
        // given a provider-wide limit of 60 per minute and 20 rows per request, and a route asking for more rows
        // per request and fewer requests per minute
        EnrichmentSpec spec = spec();
        spec.setRowsPerRequest(50);
        spec.setRequestsPerMinute(30);
        AiSettings provider = new AiSettings("http://127.0.0.1:9/v1", "k", "m", 20, 60, 4, Duration.ofSeconds(30), 5,
                Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(250));
        java.util.List<String> said = new java.util.ArrayList<>();
        EnrichmentSpecs specs = new EnrichmentSpecs(() -> List.of(spec), provider, said::add);

        // when its settings are asked for twice
        PipelineAiSettings applied = specs.settings(spec);
        specs.settings(spec);

        // then the lower value wins each time, unset ones are the provider's, and the cap was said once
        assertThat(applied).isEqualTo(new PipelineAiSettings("items", 20, 30, 5, Duration.ofSeconds(30)));
        assertThat(said).containsExactly("pipeline items: rowsPerRequest 50 is above the provider-wide ai.rows-per-request "
                + "(20); 20 applies");
    }

    private EnrichmentSpec spec() throws IOException {
        Path prompt = Files.writeString(dir.resolve("prompt.txt"), "Improve each item.");
        EnrichmentSpec spec = new EnrichmentSpec();
        spec.setPipeline("items");
        spec.setInputFields("title");
        spec.setOutputFields("improved_description");
        spec.setPrompt(prompt.toString());
        return spec;
    }

    private static EnrichmentItem item(String id, String title) {
        return new EnrichmentItem(id, Map.of("title", title));
    }

    private static AiSettings settings() {
        return new AiSettings("http://127.0.0.1:9/v1", "test-key", "test-model", 2, 60_000, 4, Duration.ofSeconds(1), 0,
                Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO);
    }

    private static EnrichmentSpecs specs(EnrichmentSpec spec) {
        return new EnrichmentSpecs(() -> List.of(spec), settings(), sentence -> { });
    }

    private static EnrichmentMetrics metrics() {
        return new EnrichmentMetrics(() -> null);
    }

    /**
     * Answers every item but {@code always-left-out}; unavailable for any request that carries {@code down}, once the
     * requests with {@code plain} and {@code plain too} have come: the outage is found last, so which requests were sent before it does not
     * depend on the order their threads ran in (found first, the requests not sent yet are never sent).
     */
    private static final class ScriptedProvider extends ChatCompletionClient {
        private final CountDownLatch othersAnswered = new CountDownLatch(2);

        ScriptedProvider() {
            super(null, settings());
        }

        @Override
        public String complete(String systemPrompt, String userMessage, Duration timeout, RequestAdmission.Ticket ticket)
                throws ProviderFailure {
            ticket.finished();
            try {
                ObjectNode content = JSON.createObjectNode();
                ArrayNode results = content.putArray("results");
                for (JsonNode item : JSON.readTree(userMessage)) {
                    String title = item.path("title").asText();
                    if (title.equals("down")) {
                        awaitOthers();
                        throw new ProviderFailure("503 from the provider", true, null);
                    }
                    if (title.equals("plain") || title.equals("plain too")) {
                        othersAnswered.countDown();
                    }
                    if (!title.equals("always-left-out")) {
                        results.addObject().put("id", item.path("id").asText()).put("improved_description", "Better " + title);
                    }
                }
                return content.toString();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void awaitOthers() {
            try {
                othersAnswered.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A cache that holds the answer for one input. */
    private static final class OneCachedItem extends AiCacheRepository {
        private final String hash;

        OneCachedItem(String hash) {
            super(null);
            this.hash = hash;
        }

        @Override
        public Map<String, Map<String, String>> find(String model, String promptHash, Collection<String> inputHashes) {
            return inputHashes.contains(hash) ? Map.of(hash, Map.of("improved_description", "from the cache")) : Map.of();
        }

        @Override
        public void store(String model, String promptHash, Map<String, Map<String, String>> outputs) {
        }
    }
}
