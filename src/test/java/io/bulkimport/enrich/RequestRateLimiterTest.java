package io.bulkimport.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestRateLimiterTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    private final AtomicLong now = new AtomicLong(0);

    @Test
    void spreads_starts_evenly_at_one_per_window_divided_by_permits() {
        // given 30 permits per minute, and requests that are answered at once
        InMemoryRequestAdmission admission = admission(new RequestRateLimiter("provider", 30, Duration.ofMinutes(1)), 250);

        // when callers keep asking, the clock moving to each earliest start
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            InMemoryRequestAdmission.Ticket ticket = admitWhenAllowed(admission, admission.provider());
            starts.add(ticket.request().start());
            ticket.finishedAt(now.get());
        }

        // then the starts are two seconds apart, the first at once
        assertThat(starts).containsExactly(0L, 2 * SECOND, 4 * SECOND, 6 * SECOND, 8 * SECOND);
    }

    @Test
    void a_request_still_being_sent_holds_its_slot_until_its_arrival_is_bounded() {
        // given 1 per 10 s, and a request admitted at 0 that is still being sent (a slow connect)
        InMemoryRequestAdmission admission = admission(new RequestRateLimiter("provider", 1, Duration.ofSeconds(10)), 250);
        RequestRateLimiter provider = admission.provider();
        InMemoryRequestAdmission.Ticket slow = admission.tryAdmit(provider, 0, 0);

        // when 11 s have passed (no start in the last 10 s, which a limit on starts would let through)
        // then nothing is admitted while its arrival is unknown
        assertThat(admission.tryAdmit(provider, 11 * SECOND, 11 * SECOND)).isNull();
        assertThat(admission.earliest(provider, 11 * SECOND)).isEqualTo(Long.MAX_VALUE);

        // when it is written at 12 s: it arrives by 12.25 s, and shares no window with a start after 22.25 s
        slow.sentAt(12 * SECOND);
        assertThat(admission.earliest(provider, 12 * SECOND)).isEqualTo(22 * SECOND + 250 * MS + 1);

        // when its answer comes back at 12.1 s: it arrived by then
        slow.finishedAt(12 * SECOND + 100 * MS);
        assertThat(admission.earliest(provider, 13 * SECOND)).isEqualTo(22 * SECOND + 100 * MS + 1);
        assertThat(admission.tryAdmit(provider, 22 * SECOND + 100 * MS, 0)).isNull();
        assertThat(admission.tryAdmit(provider, 22 * SECOND + 100 * MS + 1, 0)).isNotNull();
    }

    @Test
    void no_closed_window_holds_more_arrivals_than_permitted_whatever_the_delays() {
        // given 7 per 10 s, greedy callers, and requests that take up to 2 s to be written (a slow connect),
        // up to the 250 ms margin to reach the provider, and up to 3 s to be answered
        Random random = new Random(42);
        InMemoryRequestAdmission admission = admission(new RequestRateLimiter("provider", 7, Duration.ofSeconds(10)), 250);
        List<Long> arrivals = new ArrayList<>();
        PriorityQueue<long[]> events = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        Map<Long, InMemoryRequestAdmission.Ticket> tickets = new HashMap<>();

        // when two minutes pass, millisecond by millisecond
        long id = 0;
        for (long t = 0; t < 120 * SECOND; t += MS) {
            now.set(t);
            while (!events.isEmpty() && events.peek()[0] <= t) {
                long[] e = events.poll();
                if (e[2] == 0) {
                    tickets.get(e[1]).sentAt(t);
                } else {
                    tickets.remove(e[1]).finishedAt(t);
                }
            }
            InMemoryRequestAdmission.Ticket ticket;
            while ((ticket = admission.tryAdmit(admission.provider(), t, t)) != null) {
                long written = t + random.nextInt(2000) * MS;
                long arrived = written + random.nextInt(251) * MS;
                arrivals.add(arrived);
                tickets.put(++id, ticket);
                events.add(new long[] {written, id, 0});
                events.add(new long[] {arrived + random.nextInt(3000) * MS, id, 1});
            }
        }

        // then no 10 s window, both ends included, holds more than 7 arrivals, and the limit was used
        assertThat(maxInWindow(arrivals, 10 * SECOND)).isLessThanOrEqualTo(7);
        assertThat(arrivals.size()).isGreaterThan(7 * 10);
    }

    @Test
    void two_pipelines_share_the_provider_wide_limit_and_each_keeps_its_own() {
        // given a provider-wide 6 per 10 s, and two pipelines allowed 5 each
        InMemoryRequestAdmission admission = admission(new RequestRateLimiter("provider", 6, Duration.ofSeconds(10)), 0);
        RequestRateLimiter items = new RequestRateLimiter("items", 5, Duration.ofSeconds(10));
        RequestRateLimiter leads = new RequestRateLimiter("leads", 5, Duration.ofSeconds(10));
        List<Long> all = new ArrayList<>();
        List<Long> ofItems = new ArrayList<>();
        List<Long> ofLeads = new ArrayList<>();

        // when both ask as fast as they are let, for a minute, each request answered at once
        for (long t = 0; t < 60 * SECOND; t += 10 * MS) {
            for (RequestRateLimiter pipeline : List.of(items, leads)) {
                InMemoryRequestAdmission.Ticket ticket = admission.tryAdmit(pipeline, t, t);
                if (ticket != null) {
                    ticket.finishedAt(t);
                    all.add(t);
                    (pipeline == items ? ofItems : ofLeads).add(t);
                }
            }
        }

        // then together they stay within the provider-wide limit, each within its own, and both got requests through
        assertThat(maxInWindow(all, 10 * SECOND)).isEqualTo(6);
        assertThat(maxInWindow(ofItems, 10 * SECOND)).isLessThanOrEqualTo(5);
        assertThat(maxInWindow(ofLeads, 10 * SECOND)).isLessThanOrEqualTo(5);
        assertThat(ofItems).hasSizeGreaterThan(10);
        assertThat(ofLeads).hasSizeGreaterThan(10);
    }

    @Test
    void admit_waits_on_the_real_clock_and_wakes_when_a_request_finishes() throws InterruptedException {
        // given 600 per minute (one every 100 ms) on the real clock
        InMemoryRequestAdmission admission = new InMemoryRequestAdmission(new RequestRateLimiter("provider", 600, Duration.ofMinutes(1)),
                Duration.ofMillis(50));

        // when four requests are admitted one after the other, each answered at once
        long started = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            admission.admit(admission.provider()).finished();
        }

        // then the last came 300 ms after the first
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(290 * MS);
    }

    @Test
    void awaiting_the_pipeline_limit_admits_nothing() throws InterruptedException {
        // given 1 per 10 s for a pipeline under a provider-wide 10 per 10 s, on the real clock
        InMemoryRequestAdmission admission = new InMemoryRequestAdmission(new RequestRateLimiter("provider", 10, Duration.ofSeconds(10)),
                Duration.ZERO);
        RequestRateLimiter items = new RequestRateLimiter("items", 1, Duration.ofSeconds(10));

        // when the pipeline's limit is awaited twice, nothing admitted in between
        admission.awaitPipeline(items);
        admission.awaitPipeline(items);

        // then nothing is in either log, and a request is admitted at once
        assertThat(admission.provider().inWindow(System.nanoTime())).isZero();
        assertThat(items.inWindow(System.nanoTime())).isZero();
        assertThat(admission.admit(items).waitedNanos()).isLessThan(100 * MS);
    }

    @Test
    void a_request_its_pipelines_limit_holds_back_is_given_up_not_waited_for_while_others_are_admitted()
            throws InterruptedException {
        // given 1 per 10 s for items under a provider-wide 10 per 10 s, on the real clock, and an items request admitted
        InMemoryRequestAdmission admission = new InMemoryRequestAdmission(new RequestRateLimiter("provider", 10, Duration.ofSeconds(10)),
                Duration.ZERO);
        RequestRateLimiter items = new RequestRateLimiter("items", 1, Duration.ofSeconds(10));
        admission.admit(items).finished();

        // when another items request asks without waiting for its pipeline's limit
        // then it is given up at once and nothing is admitted
        long asked = System.nanoTime();
        assertThat(admission.admitIfPipelineAllows(items, asked)).isEmpty();
        assertThat(System.nanoTime() - asked).isLessThan(500 * MS);
        assertThat(items.inWindow(System.nanoTime())).isEqualTo(1);

        // and a request of the provider alone is admitted once the provider's spacing (1 s) allows, not in 10 s
        assertThat(admission.admitIfPipelineAllows(admission.provider(), System.nanoTime())).isPresent();
        assertThat(admission.provider().inWindow(System.nanoTime())).isEqualTo(2);
    }

    private InMemoryRequestAdmission admission(RequestRateLimiter provider, long marginMillis) {
        return new InMemoryRequestAdmission(provider, Duration.ofMillis(marginMillis), now::get);
    }

    private InMemoryRequestAdmission.Ticket admitWhenAllowed(InMemoryRequestAdmission admission, RequestRateLimiter pipeline) {
        long at = admission.earliest(pipeline, now.get());
        now.set(Math.max(now.get(), at));
        return admission.tryAdmit(pipeline, now.get(), now.get());
    }

    /** The most times in any closed window [t, t + window]: the provider's strict sliding count. */
    static int maxInWindow(List<Long> times, long window) {
        List<Long> sorted = times.stream().sorted().toList();
        int max = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (sorted.get(to) - sorted.get(from) > window) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }
}
