package io.bulkimport.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestBulkheadsTest {

    private final RequestBulkheads bulkheads = new RequestBulkheads(2);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        bulkheads.close();
    }

    @Test
    void a_pipeline_whose_threads_all_wait_keeps_no_thread_from_another_pipeline() throws Exception {
        // given every thread of the items pool held by requests that wait (as for their pipeline's limit), and more queued
        CountDownLatch holding = new CountDownLatch(2);
        for (int i = 0; i < 5; i++) {
            bulkheads.of("items").submit(() -> {
                holding.countDown();
                release.await();
                return null;
            });
        }
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();

        // when a leads request is submitted
        Future<String> leads = bulkheads.of("leads").submit(() -> Thread.currentThread().getName());

        // then it runs at once, on a daemon thread of the leads pool
        assertThat(leads.get(5, TimeUnit.SECONDS)).isEqualTo("ai-request-leads-1");
        assertThat(bulkheads.of("items")).isSameAs(bulkheads.of("items"));
    }

    @Test
    void a_pool_has_at_most_its_threads() throws Exception {
        // given a pool of 2 whose threads both wait
        CountDownLatch started = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            bulkheads.of("items").submit(() -> {
                started.countDown();
                release.await();
                return null;
            });
        }

        // then the third task has not started; it starts once the others are let go
        assertThat(started.await(300, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(started.getCount()).isEqualTo(1);
        release.countDown();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
