package io.bulkimport.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.bulkimport.it.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared log on a real PostgreSQL: two admissions with a pool each, as two instances on one database have. Every
 * test uses limit names of its own, so tests (and a service on the same database) do not share a limit.
 */
class PostgresRequestAdmissionTest {

    private static final long MS = 1_000_000L;

    private final TestDatabase db = TestDatabase.get();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<HikariDataSource> pools = new ArrayList<>();

    @BeforeAll
    static void migrate() {
        Flyway.configure().dataSource(TestDatabase.get().dataSource()).locations("classpath:db/migration")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
    }

    @AfterEach
    void closePools() {
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void two_instances_from_many_threads_never_let_more_arrivals_into_one_window_than_permitted() throws Exception {
        // given two instances, each with its own pool and admission: provider-wide 4 per second, items 2 per second
        Duration window = Duration.ofSeconds(1);
        RequestRateLimiter provider = new RequestRateLimiter("provider-" + run, 4, window);
        RequestRateLimiter items = new RequestRateLimiter("items-" + run, 2, window);
        List<RequestAdmission> instances = List.of(admission(provider, 50, 5_000), admission(provider, 50, 5_000));
        List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
        List<Long> itemsArrivals = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger[] perInstance = {new AtomicInteger(), new AtomicInteger()};

        // when 6 threads in each ask as fast as they are let for 5 s, half of them for items: each request written
        // up to 80 ms after admission, arriving up to the 50 ms margin later, answered 50-200 ms after that
        ExecutorService threads = Executors.newFixedThreadPool(12);
        long end = System.nanoTime() + 5_000 * MS;
        List<Future<?>> callers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int instance = i % 2;
            RequestRateLimiter limit = i % 4 < 2 ? provider : items;
            callers.add(threads.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    RequestAdmission.Ticket ticket = instances.get(instance).admit(limit);
                    perInstance[instance].incrementAndGet();
                    Thread.sleep(random.nextInt(80));
                    long arrival = System.nanoTime() + random.nextInt(50) * MS;
                    ticket.sent();
                    arrivals.add(arrival);
                    if (limit == items) {
                        itemsArrivals.add(arrival);
                    }
                    Thread.sleep(50 + random.nextInt(150));
                    ticket.finished();
                }
                return null;
            }));
        }
        for (Future<?> caller : callers) {
            caller.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        // then no closed 1 s window holds more than 4 arrivals, nor more than 2 of items, both instances sent, and
        // the limit was used (one start every 250 ms would be 20)
        assertThat(RequestRateLimiterTest.maxInWindow(arrivals, window.toNanos())).isLessThanOrEqualTo(4);
        assertThat(RequestRateLimiterTest.maxInWindow(itemsArrivals, window.toNanos())).isLessThanOrEqualTo(2);
        assertThat(perInstance[0].get()).isPositive();
        assertThat(perInstance[1].get()).isPositive();
        assertThat(arrivals.size()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void a_request_never_written_nor_answered_stops_blocking_after_its_bound() throws Exception {
        // given 1 per second, a request is written within 300 ms of admission, and a margin of 100 ms
        RequestRateLimiter provider = new RequestRateLimiter("provider-" + run, 1, Duration.ofSeconds(1));
        RequestAdmission crashed = admission(provider, 100, 300);
        RequestAdmission survivor = admission(provider, 100, 300);

        // when one instance admits a request and is never heard of again
        crashed.admit(provider);

        // then the other is admitted once the request's bound (400 ms) and a window have passed, not before
        long waited = survivor.admit(provider).waitedNanos();
        assertThat(waited).isGreaterThanOrEqualTo(1_300 * MS).isLessThan(4_000 * MS);
    }

    @Test
    void a_request_that_came_back_counts_until_then_not_until_its_admission_bound() throws Exception {
        // given 1 per second, and a request written within 3 s of its admission at most
        RequestRateLimiter provider = new RequestRateLimiter("provider-" + run, 1, Duration.ofSeconds(1));
        RequestAdmission first = admission(provider, 100, 3_000);
        RequestAdmission second = admission(provider, 100, 3_000);

        // when a request is admitted, written and answered at once
        RequestAdmission.Ticket ticket = first.admit(provider);
        ticket.sent();
        ticket.finished();

        // then the other instance is admitted a window after the answer, long before the 3.1 s bound had passed
        long waited = second.admit(provider).waitedNanos();
        assertThat(waited).isGreaterThanOrEqualTo(900 * MS).isLessThan(2_500 * MS);
        assertThat(db.count("select count(*) from ai_request_log where limit_name = ? and finished_at is not null",
                provider.name())).isEqualTo(1);
    }

    @Test
    void a_request_its_own_pipelines_limit_holds_back_does_not_keep_another_pipelines_request_waiting() throws Exception {
        // given one instance: provider-wide 100 per 10 s, items 1 per 10 s, and the items request of those 10 s admitted
        Duration window = Duration.ofSeconds(10);
        RequestRateLimiter provider = new RequestRateLimiter("provider-" + run, 100, window);
        RequestRateLimiter items = new RequestRateLimiter("items-" + run, 1, window);
        RequestRateLimiter leads = new RequestRateLimiter("leads-" + run, 100, window);
        RequestAdmission admission = admission(provider, 50, 1_000);
        RequestAdmission.Ticket first = admission.admit(items);
        first.sent();
        first.finished();

        // then a second items request that does not wait for its pipeline's limit is given up at once, admitting nothing
        assertThat(admission.admitIfPipelineAllows(items, System.nanoTime())).isEmpty();
        assertThat(db.count("select count(*) from ai_request_log where limit_name = ?", items.name())).isEqualTo(1);

        // when a second items request asks (its limit holds it back for about 10 s), then a leads request
        AtomicReference<Object> secondItems = new AtomicReference<>();
        Thread itemsCaller = new Thread(() -> {
            try {
                secondItems.set(admission.admit(items));
            } catch (InterruptedException e) {
                secondItems.set(e);
            }
        });
        itemsCaller.start();
        Thread.sleep(300);
        long leadsWaited = admission.admit(leads).waitedNanos();
        Object itemsMeanwhile = secondItems.get();
        itemsCaller.interrupt();
        itemsCaller.join(10_000);

        // then the leads request was admitted under the provider-wide spacing (100 ms), while the items request was
        // still waiting for its own limit: it had not kept its place in the queue
        assertThat(itemsMeanwhile).isNull();
        assertThat(leadsWaited).isLessThan(3_000 * MS);
    }

    @Test
    void while_the_database_cannot_be_reached_nothing_is_admitted_and_the_wait_can_be_interrupted() throws Exception {
        // given an admission whose pool is closed (every connection fails)
        RequestRateLimiter provider = new RequestRateLimiter("provider-" + run, 100, Duration.ofSeconds(1));
        HikariDataSource pool = pool();
        pool.close();
        RequestAdmission admission = new PostgresRequestAdmission(pool, provider, Duration.ZERO, Duration.ZERO);
        AtomicReference<Object> outcome = new AtomicReference<>();

        // when a request asks for 1.5 s, then its thread is interrupted
        Thread caller = new Thread(() -> {
            try {
                outcome.set(admission.admit(provider));
            } catch (InterruptedException e) {
                outcome.set(e);
            }
        });
        caller.start();
        caller.join(1_500);
        Object meanwhile = outcome.get();
        caller.interrupt();
        caller.join(10_000);

        // then it was still waiting, and ends without a ticket
        assertThat(meanwhile).isNull();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    }

    private RequestAdmission admission(RequestRateLimiter provider, long marginMs, long untilWrittenMs) {
        return new PostgresRequestAdmission(pool(), provider, Duration.ofMillis(marginMs), Duration.ofMillis(untilWrittenMs));
    }

    /** A pool of its own, as each instance has. */
    private HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(2_000);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }
}
