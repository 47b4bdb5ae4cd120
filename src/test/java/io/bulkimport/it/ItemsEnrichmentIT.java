package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Pipeline items with stage enrich against a fake OpenAI-compatible provider on loopback: faults injected, every
 * request recorded. One service for the class: the rate limit and the circuit are shared, as in production.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ItemsEnrichmentIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int PER_MINUTE = 30;
    private static final String API_KEY = "sk-test-7f3a9c-never-log-me";

    private static FakeAiProvider provider;
    private static ServiceProcess service;
    private static ApiClient api;
    private final TestDatabase db = TestDatabase.get();

    @BeforeAll
    static void start() throws IOException {
        provider = new FakeAiProvider();
        service = ServiceProcess.start("items", List.of(), Map.ofEntries(
                Map.entry("AI_BASE_URL", provider.baseUrl()),
                Map.entry("AI_API_KEY", API_KEY),
                Map.entry("AI_MODEL", "fake-model"),
                Map.entry("AI_REQUESTS_PER_MINUTE", String.valueOf(PER_MINUTE)),
                Map.entry("AI_TIMEOUT_MS", "1500"),
                Map.entry("AI_RETRY_INITIAL_DELAY_MS", "200"),
                Map.entry("AI_RETRY_MAX_DELAY_MS", "1000"),
                Map.entry("AI_CIRCUIT_MINIMUM_CALLS", "6"),
                Map.entry("AI_CIRCUIT_OPEN_SECONDS", "120")));
        api = new ApiClient(service);
        TestDatabase.get().execute("truncate items, ai_cache");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    static byte[] itemsFile(String prefix, int count, int goldEvery) {
        StringBuilder csv = new StringBuilder("Item ID,Title,Description,Quality Tier\n");
        for (int i = 1; i <= count; i++) {
            String tier = goldEvery > 0 && i % goldEvery == 0 ? "gold" : i % 2 == 0 ? "bronze" : "";
            csv.append(prefix).append(i).append(",title-").append(prefix).append(i).append(",\"A thing, number ")
                    .append(i).append("\",").append(tier).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void enriches_every_non_gold_item_once_within_the_rate_limit_despite_faults() throws IOException {
        // given a provider that fails some requests in every way it can
        provider.failRequest(2, FakeAiProvider.Fault.ERROR_500);
        provider.failRequest(3, FakeAiProvider.Fault.NOT_JSON);
        provider.failRequest(5, FakeAiProvider.Fault.RATE_LIMITED_429);
        provider.failRequest(7, FakeAiProvider.Fault.PARTIAL);
        provider.failRequest(9, FakeAiProvider.Fault.STALL);
        byte[] file = itemsFile("a", 150, 5);

        // when 150 items (30 of them gold) are imported
        String id = uploaded(file, "filename=items.csv");
        Map<String, Object> job = api.awaitFinished(id, WAIT);

        // then every row is stored
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", 150);
        // and every non-gold item was enriched exactly once, and no gold item was ever sent
        List<Map<String, Object>> rows = db.rows("select item_id, title, quality_tier, improved_description, enrichment_status "
                + "from items where item_id like 'a%' order by item_id");
        assertThat(rows).hasSize(150);
        for (Map<String, Object> row : rows) {
            String title = (String) row.get("title");
            if (goldInFile(row)) {
                assertThat(row).containsEntry("enrichment_status", "skipped").containsEntry("quality_tier", "gold")
                        .containsEntry("improved_description", null);
                assertThat(provider.everSent(title)).as("gold item %s sent", title).isFalse();
            } else {
                assertThat(row).containsEntry("enrichment_status", "done").containsEntry("quality_tier", "silver")
                        .containsEntry("improved_description", "Better: " + title);
                assertThat(provider.answeredCount(title)).as("answers for %s", title).isEqualTo(1);
            }
        }
        // and the requests respected the limit: never more than it in a sliding minute, and spread evenly
        List<FakeAiProvider.Request> requests = provider.requests();
        assertThat(requests.size()).isBetween(8, 20);
        assertThat(maxInAnyMinute(requests)).isLessThanOrEqualTo(PER_MINUTE);
        // (arrival times carry the machine's scheduling jitter; the limiter spaces the starts 60/N s apart)
        assertThat(minimumGapMillis(requests)).isGreaterThanOrEqualTo(60_000 / PER_MINUTE / 2);
        // and the rows of the 429 were asked again only after its Retry-After
        FakeAiProvider.Request limited = requests.stream().filter(r -> r.fault() == FakeAiProvider.Fault.RATE_LIMITED_429)
                .findFirst().orElseThrow();
        FakeAiProvider.Request again = requests.stream().filter(r -> r.arrivedNanos() > limited.arrivedNanos()
                && r.titles().equals(limited.titles())).findFirst().orElseThrow();
        assertThat(again.arrivedNanos() - limited.arrivedNanos()).isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
        // and the key went to the provider, but never into the log
        assertThat(requests).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + API_KEY));
        assertThat(service.log()).doesNotContain(API_KEY);
    }

    @Test
    @Order(2)
    void a_re_import_of_the_same_items_costs_no_request() {
        // given the items of the first test, enriched and cached
        int before = provider.requestCount();

        // when the same file is imported again
        String id = uploaded(itemsFile("a", 150, 5), "filename=items.csv&force=true&duplicates=update");
        Map<String, Object> job = api.awaitFinished(id, WAIT);

        // then no request was sent, and the rows are still enriched
        assertThat(job.get("status")).isEqualTo("completed");
        assertThat(provider.requestCount()).isEqualTo(before);
        assertThat(db.count("select count(*) from items where item_id like 'a%' and enrichment_status = 'done'")).isEqualTo(120);
    }

    @Test
    @Order(3)
    void an_outage_leaves_rows_pending_and_enrich_pending_completes_them_once_it_is_over() throws IOException {
        // given a provider that answers nothing but 500
        provider.failAll(true);

        // when 40 new items are imported
        String id = uploaded(itemsFile("b", 40, 0), "filename=outage.csv");
        Map<String, Object> job = api.awaitFinished(id, WAIT);

        // then they are all stored, pending, without their outputs
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", 40);
        assertThat(db.count("select count(*) from items where item_id like 'b%' and enrichment_status = 'pending' "
                + "and improved_description is null")).isEqualTo(40);

        // when the provider is back and the operator asks for the pending rows
        provider.failAll(false);
        assertThat(api.post("/api/imports/" + id + "/enrich-pending").statusCode()).isEqualTo(202);

        // then every one of them is enriched, once
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (db.count("select count(*) from items where item_id like 'b%' and enrichment_status = 'done'") < 40
                && System.nanoTime() < deadline) {
            ServiceProcess.sleep(250);
        }
        List<Map<String, Object>> rows = db.rows("select title, improved_description, enrichment_status from items "
                + "where item_id like 'b%'");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r).containsEntry("enrichment_status", "done").containsEntry("improved_description", "Better: " + r.get("title"));
            assertThat(provider.answeredCount((String) r.get("title"))).isEqualTo(1);
        });
        assertThat(service.log()).doesNotContain(API_KEY);
    }

    private String uploaded(byte[] file, String query) {
        var response = api.upload("items", file, query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return String.valueOf(ApiClient.json(response.body()).get("id"));
    }

    private static boolean goldInFile(Map<String, Object> row) {
        int n = Integer.parseInt(((String) row.get("item_id")).substring(1));
        return n % 5 == 0;
    }

    static int maxInAnyMinute(List<FakeAiProvider.Request> requests) {
        List<Long> times = new ArrayList<>(requests.stream().map(FakeAiProvider.Request::arrivedNanos).sorted().toList());
        long window = Duration.ofSeconds(60).toNanos();
        return IntStream.range(0, times.size()).map(i -> (int) times.stream()
                .filter(t -> t >= times.get(i) && t - times.get(i) <= window).count()).max().orElse(0);
    }

    static long minimumGapMillis(List<FakeAiProvider.Request> requests) {
        List<Long> times = requests.stream().map(FakeAiProvider.Request::arrivedNanos).sorted().toList();
        return IntStream.range(1, times.size()).mapToLong(i -> (times.get(i) - times.get(i - 1)) / 1_000_000).min()
                .orElse(Long.MAX_VALUE);
    }
}
