package io.bulkimport.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.bulkimport.progress.ImportStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ImportQueueTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    @Test
    void with_one_slot_a_single_upload_runs_before_the_second_file_of_a_group_queued_before_it() {
        assertTimeoutPreemptively(LIMIT, () -> {
            // given one slot, busy with a long import
            ImportQueue queue = new ImportQueue(1);
            List<String> ran = new CopyOnWriteArrayList<>();
            CountDownLatch longRunning = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            queue.submit(UUID.randomUUID(), null, () -> {
                longRunning.countDown();
                await(release);
                return ImportStatus.COMPLETED;
            });
            longRunning.await();

            // when a group of three files is queued, then a single upload
            UUID group = UUID.randomUUID();
            List<CompletableFuture<ImportStatus>> all = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                all.add(queue.submit(UUID.randomUUID(), group, recording(ran, "g" + i)));
            }
            all.add(queue.submit(UUID.randomUUID(), null, recording(ran, "single")));
            assertThat(queue.snapshot().queued()).extracting(ImportQueue.Entry::position).containsExactly(1, 2, 3, 4);
            release.countDown();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();

            // then the single upload ran after the group's first file and before its second
            assertThat(ran).containsExactly("g1", "single", "g2", "g3");
            queue.shutdown();
        });
    }

    @Test
    void runs_no_more_files_at_a_time_than_its_limit_and_uses_every_slot() {
        assertTimeoutPreemptively(LIMIT, () -> {
            // given two slots and three jobs that hold their slot until released
            ImportQueue queue = new ImportQueue(2);
            CountDownLatch twoStarted = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            Supplier<ImportStatus> holding = () -> {
                twoStarted.countDown();
                await(release);
                return ImportStatus.COMPLETED;
            };
            List<CompletableFuture<ImportStatus>> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                all.add(queue.submit(UUID.randomUUID(), null, holding));
            }

            // when two have started
            assertThat(twoStarted.await(5, TimeUnit.SECONDS)).isTrue();
            ImportQueue.Snapshot snapshot = queue.snapshot();

            // then two run and one waits, first in line
            assertThat(snapshot.limit()).isEqualTo(2);
            assertThat(snapshot.running()).hasSize(2);
            assertThat(snapshot.queued()).hasSize(1).first().extracting(ImportQueue.Entry::position).isEqualTo(1);
            release.countDown();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            assertThat(queue.snapshot().running()).isEmpty();
            queue.shutdown();
        });
    }

    @Test
    void a_job_submitted_again_while_it_waits_is_queued_once_and_shares_the_outcome() {
        assertTimeoutPreemptively(LIMIT, () -> {
            // given the only slot busy
            ImportQueue queue = new ImportQueue(1);
            CountDownLatch release = new CountDownLatch(1);
            queue.submit(UUID.randomUUID(), null, () -> {
                await(release);
                return ImportStatus.COMPLETED;
            });
            UUID id = UUID.randomUUID();
            List<String> ran = new CopyOnWriteArrayList<>();

            // when the same job is submitted twice
            CompletableFuture<ImportStatus> first = queue.submit(id, null, recording(ran, "once"));
            CompletableFuture<ImportStatus> second = queue.submit(id, null, recording(ran, "twice"));
            release.countDown();

            // then it ran once, and both see how it ended
            assertThat(second).isSameAs(first);
            assertThat(first.get()).isEqualTo(ImportStatus.COMPLETED);
            assertThat(ran).containsExactly("once");
            queue.shutdown();
        });
    }

    @Test
    void jobs_still_waiting_at_shutdown_end_as_queued_without_running() {
        assertTimeoutPreemptively(LIMIT, () -> {
            // given the only slot busy and one job waiting
            ImportQueue queue = new ImportQueue(1);
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            queue.submit(UUID.randomUUID(), null, () -> {
                started.countDown();
                await(release);
                return ImportStatus.RUNNING;
            });
            started.await();
            List<String> ran = new CopyOnWriteArrayList<>();
            CompletableFuture<ImportStatus> waiting = queue.submit(UUID.randomUUID(), null, recording(ran, "late"));

            // when the service stops
            queue.shutdown();
            release.countDown();

            // then the waiting job never ran and says it is still queued; later submissions too
            assertThat(waiting.get()).isEqualTo(ImportStatus.QUEUED);
            assertThat(queue.submit(UUID.randomUUID(), null, recording(ran, "after")).get()).isEqualTo(ImportStatus.QUEUED);
            assertThat(ran).isEmpty();
        });
    }

    @Test
    void a_failing_job_frees_its_slot_for_the_next() {
        assertTimeoutPreemptively(LIMIT, () -> {
            ImportQueue queue = new ImportQueue(1);
            CompletableFuture<ImportStatus> failing = queue.submit(UUID.randomUUID(), null, () -> {
                throw new IllegalStateException("broken");
            });
            CompletableFuture<ImportStatus> next = queue.submit(UUID.randomUUID(), null, () -> ImportStatus.COMPLETED);

            assertThat(next.get()).isEqualTo(ImportStatus.COMPLETED);
            assertThat(failing).isCompletedExceptionally();
            queue.shutdown();
        });
    }

    @Test
    void sizes_itself_for_the_machine_unless_configured() {
        assertThat(ImportQueue.limitFor(5, 4, 2)).isEqualTo(5);
        assertThat(ImportQueue.limitFor(0, 4, 2)).isEqualTo(2);
        assertThat(ImportQueue.limitFor(0, 4, 1)).isEqualTo(2);
        assertThat(ImportQueue.limitFor(0, 4, 16)).isEqualTo(4);
        assertThat(ImportQueue.limitFor(0, 1, 8)).isEqualTo(1);
    }

    private static Supplier<ImportStatus> recording(List<String> ran, String name) {
        return () -> {
            ran.add(name);
            return ImportStatus.COMPLETED;
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
