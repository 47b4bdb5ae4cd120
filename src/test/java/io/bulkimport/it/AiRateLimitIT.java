package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The AI rate limit as the provider counts it: a fake provider records the arrival time of every request, and no
 * window of 60 s, both ends included, may hold more arrivals than the limit: the provider-wide one for all pipelines
 * together, and each pipeline's own for its requests. The window is the real 60 s (nothing shortened for the test),
 * so each test runs a minute and more: 36 or 44 requests at 30 per minute. The shared log of requests
 * ({@code ai_request_log}) is emptied first: an earlier test's requests would count against this one's limit.
 */
class AiRateLimitIT {

    private static final Duration MINUTE = Duration.ofSeconds(60);
    private static final int PROVIDER_PER_MINUTE = 30;
    private static final int ITEMS_PER_MINUTE = 20;
    private static final int ROWS = 44;

    private final TestDatabase db = TestDatabase.get();

    @Test
    void two_pipelines_share_the_provider_wide_limit_at_arrival_and_each_keeps_its_own() throws Exception {
        // given a provider-wide limit of 30 per minute, items allowed 20 of them, leads asking for 100 (capped to 30),
        // two rows per request, and a provider whose answers take 50-450 ms
        try (FakeAiProvider ai = new FakeAiProvider();
             ServiceProcess service = ServiceProcess.start("ai-rate-limit", List.of(), Map.ofEntries(
                     Map.entry("AI_BASE_URL", ai.baseUrl()),
                     Map.entry("AI_API_KEY", "rate-limit-test-key"),
                     Map.entry("AI_REQUESTS_PER_MINUTE", String.valueOf(PROVIDER_PER_MINUTE)),
                     Map.entry("ITEMS_AI_REQUESTS_PER_MINUTE", String.valueOf(ITEMS_PER_MINUTE)),
                     Map.entry("LEADS_AI_REQUESTS_PER_MINUTE", "100"),
                     Map.entry("ITEMS_AI_ROWS_PER_REQUEST", "2"),
                     Map.entry("LEADS_AI_ROWS_PER_REQUEST", "2")))) {
            ai.latency(Duration.ofMillis(50));
            ai.latencyJitter(Duration.ofMillis(400));
            db.execute("truncate items, crm_leads, lead_assessments, ai_cache, ai_request_log");
            db.execute("insert into crm_leads (lead_id, name, company, notes) select 'R' || g, 'Lead ' || g, "
                    + "'Company ' || g, 'met at fair ' || g from generate_series(1, ?) g", ROWS);
            ApiClient api = new ApiClient(service);

            // when 44 items and 44 leads are imported at the same time: 22 requests each
            String items = accepted(api.upload("items", itemsFile(ROWS), "filename=rate-items.csv"));
            String leads = accepted(api.upload("leads", leadsFile(), "filename=rate-leads.csv"));
            Map<String, Object> itemsJob = api.awaitFinished(items, Duration.ofMinutes(4));
            Map<String, Object> leadsJob = api.awaitFinished(leads, Duration.ofMinutes(4));

            // then every row was enriched
            assertThat(itemsJob).containsEntry("status", "completed").containsEntry("rowsStored", ROWS);
            assertThat(leadsJob).containsEntry("status", "completed").containsEntry("rowsStored", ROWS);
            assertThat(db.count("select count(*) from items where enrichment_status = 'done'")).isEqualTo(ROWS);
            assertThat(db.count("select count(*) from lead_assessments where enrichment_status = 'done'")).isEqualTo(ROWS);
            assertThat(ai.requestCount()).isEqualTo(ROWS);
            // and no sliding minute saw more arrivals than the provider-wide limit, which was nearly used to the full
            Predicate<FakeAiProvider.Request> all = r -> true;
            Predicate<FakeAiProvider.Request> ofItems = r -> r.titles().get(0).startsWith("title-");
            assertThat(ai.maxArrivalsInAnyWindow(MINUTE, all)).isLessThanOrEqualTo(PROVIDER_PER_MINUTE);
            assertNearlyFullyUsed(ai);
            // and no sliding minute saw more items requests than the items limit, nor more leads requests than the cap
            assertThat(ai.maxArrivalsInAnyWindow(MINUTE, ofItems)).isLessThanOrEqualTo(ITEMS_PER_MINUTE);
            assertThat(ai.maxArrivalsInAnyWindow(MINUTE, ofItems.negate())).isLessThanOrEqualTo(PROVIDER_PER_MINUTE);
            // and the leads' 100 per minute was lowered to the provider-wide 30, and said so at start
            assertThat(service.log()).contains("pipeline leads: requestsPerMinute 100 is above the provider-wide "
                    + "ai.requests-per-minute (30); 30 applies");
        }
    }

    @Test
    void the_limit_holds_at_arrival_when_the_network_holds_requests_for_a_varying_time() throws Exception {
        // given a provider-wide limit of 30 per minute, one row per request, and a network path that holds each
        // request up to 200 ms on its way (the margin is 1000 ms): arrival lags the start by a varying delay
        try (FakeAiProvider ai = new FakeAiProvider();
             SlowLinkProxy link = new SlowLinkProxy(ai.port(), Duration.ofMillis(200));
             ServiceProcess service = ServiceProcess.start("ai-slow-link", List.of(), Map.ofEntries(
                     Map.entry("AI_BASE_URL", "http://127.0.0.1:" + link.port() + "/v1"),
                     Map.entry("AI_API_KEY", "slow-link-test-key"),
                     Map.entry("AI_REQUESTS_PER_MINUTE", String.valueOf(PROVIDER_PER_MINUTE)),
                     Map.entry("ITEMS_AI_ROWS_PER_REQUEST", "1")))) {
            ai.latency(Duration.ofMillis(20));
            db.execute("truncate items, ai_cache, ai_request_log");
            ApiClient api = new ApiClient(service);

            // when 36 items are imported: 36 requests, more than one minute's worth
            String id = accepted(api.upload("items", itemsFile(36), "filename=slow-link.csv"));
            Map<String, Object> job = api.awaitFinished(id, Duration.ofMinutes(4));

            // then every item was enriched, and no 60 s window saw more than 30 arrivals, yet nearly 30 were used
            assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", 36);
            assertThat(db.count("select count(*) from items where enrichment_status = 'done'")).isEqualTo(36);
            assertThat(ai.requestCount()).isEqualTo(36);
            assertThat(ai.maxArrivalsInAnyWindow(MINUTE, r -> true)).isLessThanOrEqualTo(PROVIDER_PER_MINUTE);
            assertNearlyFullyUsed(ai);
        }
    }

    /**
     * The limit was nearly used to the full: the median time between one arrival and the next is at most 60 s / 26
     * (2.31 s; the limit's own spacing is 2 s). A limiter that wasted more than a seventh of the limit fails it; a
     * machine that stalls now and then does not, as long as fewer than half of the requests are delayed. (This was
     * "at least 26 arrivals in the fullest minute", which a full suite on two cores once failed with 25, the cause
     * not found: one stall of 8 s in that minute was enough for it.)
     */
    private static void assertNearlyFullyUsed(FakeAiProvider ai) {
        List<Long> arrivals = ai.requests().stream().map(FakeAiProvider.Request::arrivedNanos).sorted().toList();
        List<Long> gapsMillis = new java.util.ArrayList<>();
        for (int i = 1; i < arrivals.size(); i++) {
            gapsMillis.add((arrivals.get(i) - arrivals.get(i - 1)) / 1_000_000);
        }
        List<Long> sorted = gapsMillis.stream().sorted().toList();
        long median = sorted.get(sorted.size() / 2);
        System.out.printf("AiRateLimitIT: median gap %d ms between arrivals, at most %d in a minute; gaps %s%n", median,
                ai.maxArrivalsInAnyWindow(MINUTE, r -> true), gapsMillis);
        assertThat(median).as("median gap between arrivals, ms (gaps in order: %s; at most %d arrivals in a minute)",
                gapsMillis, ai.maxArrivalsInAnyWindow(MINUTE, r -> true))
                .isLessThanOrEqualTo(MINUTE.toMillis() / (PROVIDER_PER_MINUTE - 4));
    }

    private static String accepted(java.net.http.HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return String.valueOf(ApiClient.json(response.body()).get("id"));
    }

    private static byte[] itemsFile(int rows) {
        StringBuilder csv = new StringBuilder("Item ID,Title,Description,Quality Tier\n");
        for (int i = 1; i <= rows; i++) {
            csv.append("r").append(i).append(",title-r").append(i).append(",thing ").append(i).append(",bronze\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] leadsFile() {
        StringBuilder csv = new StringBuilder("Lead ID\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append('R').append(i).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
