package io.bulkimport.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HashPoolTest {

    private final HashPool pool = new HashPool(3);

    @AfterEach
    void stop() {
        pool.close();
    }

    @Test
    void runs_every_index_exactly_once_and_returns_when_all_are_done() throws Exception {
        // given
        AtomicIntegerArray runs = new AtomicIntegerArray(100);

        // when
        pool.spread(100, runs::incrementAndGet);

        // then
        for (int i = 0; i < 100; i++) {
            assertThat(runs.get(i)).as("index %d", i).isEqualTo(1);
        }
    }

    @Test
    void spreads_one_call_over_all_its_threads() throws Exception {
        // given tasks that wait until three of them run at the same time
        CountDownLatch together = new CountDownLatch(3);
        Set<String> threads = ConcurrentHashMap.newKeySet();

        // when
        pool.spread(3, i -> {
            threads.add(Thread.currentThread().getName());
            together.countDown();
            try {
                assertThat(together.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        // then
        assertThat(threads).hasSize(3).allSatisfy(name -> assertThat(name).startsWith("hash-"));
    }

    @Test
    void passes_a_tasks_failure_on_to_the_caller() {
        assertThatThrownBy(() -> pool.spread(10, i -> {
            if (i == 7) {
                throw new IllegalStateException("task 7 failed");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("task 7 failed");
    }

    @Test
    void sizes_itself_to_the_cores_when_told_zero() {
        assertThat(HashPool.threadsFor(0)).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(HashPool.threadsFor(5)).isEqualTo(5);
    }
}
