package io.bulkimport.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResilientChatClientTest {

    private final ExecutorService callers = Executors.newFixedThreadPool(32);

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void pipelines_take_turns_for_the_provider_wide_limit_so_one_with_many_requests_waiting_does_not_starve_another()
            throws Exception {
        // given a provider-wide 600 per minute (one every 100 ms) and items allowed 300 of them (one every 200 ms)
        AiSettings settings = new AiSettings("http://127.0.0.1:9/v1", "test-key", "test-model", 1, 600, 4,
                Duration.ofSeconds(5), 0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO);
        List<String> answered = Collections.synchronizedList(new ArrayList<>());
        ResilientChatClient client = new ResilientChatClient(new Answering(settings, answered), settings,
                ResilientChatClient.admission(settings), new EnrichmentMetrics(() -> null));
        PipelineAiSettings leads = new PipelineAiSettings("leads", 1, 600, 0, Duration.ofSeconds(5));
        PipelineAiSettings items = new PipelineAiSettings("items", 1, 300, 0, Duration.ofSeconds(5));

        // when 24 leads requests ask first, then 8 items requests, all waiting at once
        List<Future<String>> asked = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            asked.add(callers.submit(() -> client.complete(leads, "system", "leads")));
        }
        Thread.sleep(50);
        for (int i = 0; i < 8; i++) {
            asked.add(callers.submit(() -> client.complete(items, "system", "items")));
        }
        for (Future<String> f : asked) {
            f.get(30, TimeUnit.SECONDS);
        }

        // then items had its turns all along: by the time half the leads requests were answered, so were several of
        // the items ones (one in three starts, the phase of its own limit allowing; in one queue for all, the leads
        // requests ahead of each items request kept it waiting for a dozen starts: one or two were through)
        List<String> order = List.copyOf(answered);
        int twelfthLeads = 0;
        for (int leadsSeen = 0; leadsSeen < 12; twelfthLeads++) {
            if (order.get(twelfthLeads).equals("leads")) {
                leadsSeen++;
            }
        }
        long itemsBefore = order.subList(0, twelfthLeads).stream().filter("items"::equals).count();
        assertThat(itemsBefore).as("items answered before the 12th leads one, in %s", order).isGreaterThanOrEqualTo(4);
        assertThat(order).hasSize(32);
    }

    /** Answers every request at once with its message, and notes whose it was. */
    private static final class Answering extends ChatCompletionClient {
        private final List<String> answered;

        Answering(AiSettings settings, List<String> answered) {
            super(null, settings);
            this.answered = answered;
        }

        @Override
        public String complete(String systemPrompt, String userMessage, Duration timeout, RequestAdmission.Ticket ticket) {
            ticket.sent();
            ticket.finished();
            answered.add(userMessage);
            return userMessage;
        }
    }
}
