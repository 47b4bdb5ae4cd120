package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one database share one provider-wide AI rate limit (ai.rate-limit.shared, the default): a fake
 * provider records the arrival of every request from both, and no window of 60 s, both ends included, may hold more
 * arrivals than the limit. Each instance alone would send its 18 requests in 36 s, together 36 in one minute.
 */
class SharedAiRateLimitIT {

    private static final Duration MINUTE = Duration.ofSeconds(60);
    private static final int PER_MINUTE = 30;
    private static final int ROWS = 18;

    private final TestDatabase db = TestDatabase.get();

    @Test
    void two_instances_importing_at_once_stay_within_one_provider_wide_limit_at_arrival() throws Exception {
        // given two instances on one database, each allowed 30 requests per minute, one row per request, and one
        // provider whose answers take 50-250 ms
        try (FakeAiProvider ai = new FakeAiProvider();
             ServiceProcess first = ServiceProcess.start("shared-limit-first", List.of(), settings(ai));
             ServiceProcess second = ServiceProcess.start("shared-limit-second", List.of(), settings(ai))) {
            ai.latency(Duration.ofMillis(50));
            ai.latencyJitter(Duration.ofMillis(200));
            db.execute("truncate items, ai_cache, ai_request_log");

            // when each imports 18 items of its own at the same time: 36 requests, more than a minute's worth
            String a = accepted(new ApiClient(first).upload("items", itemsFile("a"), "filename=shared-a.csv"));
            String b = accepted(new ApiClient(second).upload("items", itemsFile("b"), "filename=shared-b.csv"));
            Map<String, Object> jobA = new ApiClient(first).awaitFinished(a, Duration.ofMinutes(3));
            Map<String, Object> jobB = new ApiClient(second).awaitFinished(b, Duration.ofMinutes(3));

            // then every row was enriched, with one request each
            assertThat(jobA).containsEntry("status", "completed").containsEntry("rowsStored", ROWS);
            assertThat(jobB).containsEntry("status", "completed").containsEntry("rowsStored", ROWS);
            assertThat(db.count("select count(*) from items where enrichment_status = 'done'")).isEqualTo(2L * ROWS);
            assertThat(ai.requestCount()).isEqualTo(2 * ROWS);
            // and no sliding minute saw more arrivals from both than the one limit, which was nearly used to the full
            assertThat(ai.maxArrivalsInAnyWindow(MINUTE, r -> true)).isLessThanOrEqualTo(PER_MINUTE)
                    .isGreaterThanOrEqualTo(PER_MINUTE - 4);
            assertThat(first.log() + second.log()).doesNotContain("shared request log cannot be read");
        }
    }

    private static Map<String, String> settings(FakeAiProvider ai) {
        return Map.of("AI_BASE_URL", ai.baseUrl(),
                "AI_API_KEY", "shared-limit-test-key",
                "AI_REQUESTS_PER_MINUTE", String.valueOf(PER_MINUTE),
                "ITEMS_AI_ROWS_PER_REQUEST", "1");
    }

    private static String accepted(java.net.http.HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return String.valueOf(ApiClient.json(response.body()).get("id"));
    }

    /** Items of one instance: ids and descriptions of their own, so neither the table nor the cache is shared. */
    private static byte[] itemsFile(String prefix) {
        StringBuilder csv = new StringBuilder("Item ID,Title,Description,Quality Tier\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append(prefix).append(i).append(",title-").append(prefix).append(i).append(",thing ").append(prefix)
                    .append(i).append(",bronze\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
