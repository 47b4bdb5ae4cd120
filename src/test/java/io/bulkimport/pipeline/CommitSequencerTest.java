package io.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.bulkimport.pipeline.CommitSequencer.ImportStoppedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CommitSequencerTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    @Test
    void lets_batches_commit_in_file_order_whatever_order_they_arrive_in() {
        assertTimeoutPreemptively(LIMIT, () -> {
            // given four batches whose threads start in reverse order
            CommitSequencer sequencer = new CommitSequencer(0);
            List<Integer> committed = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int batch = 3; batch >= 0; batch--) {
                int batchNo = batch;
                threads.add(start(() -> {
                    sequencer.awaitTurn(batchNo);
                    committed.add(batchNo);
                    sequencer.done(batchNo);
                }));
                // let the later batch reach awaitTurn first, so the order is not an accident of scheduling
                Thread.sleep(20);
            }

            // when
            for (Thread t : threads) {
                t.join();
            }

            // then
            assertThat(committed).containsExactly(0, 1, 2, 3);
            assertThat(sequencer.committedBatches()).isEqualTo(4);
        });
    }

    @Test
    void blocks_a_batch_until_every_earlier_batch_is_done() {
        assertTimeoutPreemptively(LIMIT, () -> {
            // given
            CommitSequencer sequencer = new CommitSequencer(0);
            Thread second = start(() -> sequencer.awaitTurn(1));

            // when batch 0 has not committed yet (a batch that passed would end, not wait, and time out here)
            while (second.getState() != Thread.State.WAITING) {
                Thread.sleep(5);
            }

            // then it waits until batch 0 is done
            assertThat(sequencer.committedBatches()).isZero();
            sequencer.done(0);
            second.join();
            assertThat(sequencer.committedBatches()).isEqualTo(1);
        });
    }

    @Test
    void lets_batches_before_the_resume_point_pass_at_once() {
        assertTimeoutPreemptively(LIMIT, () -> {
            // given an import resumed after five committed batches
            CommitSequencer sequencer = new CommitSequencer(5);

            // when a replayed batch asks for its turn
            sequencer.awaitTurn(2);
            sequencer.done(2);
            sequencer.awaitTurn(5);

            // then it passed without waiting and did not move the commit point
            assertThat(sequencer.committedBatches()).isEqualTo(5);
        });
    }

    @Test
    void ignores_done_for_a_batch_that_is_not_next() {
        // given
        CommitSequencer sequencer = new CommitSequencer(0);

        // when
        sequencer.done(1);

        // then
        assertThat(sequencer.committedBatches()).isZero();
    }

    @Test
    void releases_waiting_batches_with_an_error_when_the_import_fails() {
        assertTimeoutPreemptively(LIMIT, () -> {
            // given batches 1 to 3 waiting for batch 0
            CommitSequencer sequencer = new CommitSequencer(0);
            Map<Integer, Throwable> outcomes = new ConcurrentHashMap<>();
            List<Thread> threads = new ArrayList<>();
            for (int batch = 1; batch <= 3; batch++) {
                int batchNo = batch;
                threads.add(new Thread(() -> {
                    try {
                        sequencer.awaitTurn(batchNo);
                        outcomes.put(batchNo, new AssertionError("passed"));
                    } catch (Throwable e) {
                        outcomes.put(batchNo, e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            Thread.sleep(100);

            // when
            IllegalStateException cause = new IllegalStateException("disk full");
            sequencer.fail(cause);
            for (Thread t : threads) {
                t.join();
            }

            // then
            assertThat(outcomes).hasSize(3).allSatisfy((batch, outcome) -> assertThat(outcome)
                    .isInstanceOf(ImportStoppedException.class)
                    .hasMessage("an earlier batch of this import failed: disk full")
                    .hasCause(cause));
        });
    }

    @Test
    void stops_later_batches_that_arrive_after_the_failure_but_lets_the_current_one_pass() {
        assertTimeoutPreemptively(LIMIT, () -> {
            // given
            CommitSequencer sequencer = new CommitSequencer(0);
            sequencer.fail(new RuntimeException("first"));

            // when
            sequencer.fail(new RuntimeException("second"));

            // then batch 0 is already its turn; batch 1 learns about the first failure
            sequencer.awaitTurn(0);
            assertThatThrownBy(() -> sequencer.awaitTurn(1))
                    .isInstanceOf(ImportStoppedException.class)
                    .hasMessage("an earlier batch of this import failed: first");
        });
    }

    @Test
    void lets_a_later_batch_write_before_the_earlier_one_commits_when_they_share_no_key() {
        assertTimeoutPreemptively(LIMIT, () -> {
            // given batch 0 announced and writing, not committed
            CommitSequencer sequencer = new CommitSequencer(0);
            sequencer.awaitWrite(0, BatchKeys.of("a@x.com", "b@x.com"));

            // when batch 1 has other keys
            sequencer.awaitWrite(1, BatchKeys.of("c@x.com"));

            // then it got through while batch 0 is still open (a batch that waited would time out here)
            assertThat(sequencer.committedBatches()).isZero();
        });
    }

    @Test
    void holds_a_batch_that_shares_a_key_with_an_earlier_uncommitted_one_until_that_one_commits() {
        assertTimeoutPreemptively(LIMIT, () -> {
            // given batch 0 writing a@x.com, and batch 1 with the same key
            CommitSequencer sequencer = new CommitSequencer(0);
            sequencer.awaitWrite(0, BatchKeys.of("a@x.com", "b@x.com"));
            Thread second = start(() -> sequencer.awaitWrite(1, BatchKeys.of("z@x.com", "a@x.com")));

            // when batch 0 has not committed yet
            awaitWaiting(second);

            // then batch 1 writes only after batch 0 is done
            sequencer.awaitTurn(0);
            sequencer.done(0);
            second.join();
            assertThat(sequencer.committedBatches()).isEqualTo(1);
        });
    }

    @Test
    void holds_a_batch_until_every_earlier_batch_has_announced_its_keys() {
        assertTimeoutPreemptively(LIMIT, () -> {
            // given batch 1 ready before batch 0 has said what it writes
            CommitSequencer sequencer = new CommitSequencer(0);
            List<Integer> writing = new CopyOnWriteArrayList<>();
            Thread second = start(() -> {
                sequencer.awaitWrite(1, BatchKeys.of("b@x.com"));
                writing.add(1);
            });
            awaitWaiting(second);
            assertThat(writing).isEmpty();

            // when batch 0 announces other keys
            sequencer.awaitWrite(0, BatchKeys.of("a@x.com"));

            // then batch 1 may write, though batch 0 has not committed
            second.join();
            assertThat(writing).containsExactly(1);
            assertThat(sequencer.committedBatches()).isZero();
        });
    }

    @Test
    void releases_a_batch_waiting_to_write_with_an_error_when_the_import_fails() {
        assertTimeoutPreemptively(LIMIT, () -> {
            // given batch 1 waiting to write behind batch 0, which shares its key
            CommitSequencer sequencer = new CommitSequencer(0);
            sequencer.awaitWrite(0, BatchKeys.of("a@x.com"));
            Map<Integer, Throwable> outcomes = new ConcurrentHashMap<>();
            Thread second = new Thread(() -> {
                try {
                    sequencer.awaitWrite(1, BatchKeys.of("a@x.com"));
                    outcomes.put(1, new AssertionError("passed"));
                } catch (Throwable e) {
                    outcomes.put(1, e);
                }
            });
            second.start();
            awaitWaiting(second);

            // when batch 0 fails for good
            sequencer.fail(new IllegalStateException("value too long"));
            second.join();

            // then
            assertThat(outcomes.get(1)).isInstanceOf(ImportStoppedException.class)
                    .hasMessage("an earlier batch of this import failed: value too long");
        });
    }

    @Test
    void gives_up_a_bounded_wait_for_the_turn_and_passes_one_whose_turn_has_come() {
        assertTimeoutPreemptively(LIMIT, () -> {
            // given batch 0 not committed
            CommitSequencer sequencer = new CommitSequencer(0);

            // when batch 1 waits at most 50 ms, then batch 0 commits
            boolean beforeCommit = sequencer.awaitTurn(1, 50);
            sequencer.done(0);

            // then the first wait ended without the turn, the next one has it at once
            assertThat(beforeCommit).isFalse();
            assertThat(sequencer.awaitTurn(1, 50)).isTrue();
        });
    }

    @Test
    void waits_only_for_the_earlier_batch_that_shares_a_key_not_for_those_in_between() {
        assertTimeoutPreemptively(LIMIT, () -> {
            // given batch 0 writing a, batch 1 writing b, and batch 2 with a again
            CommitSequencer sequencer = new CommitSequencer(0);
            sequencer.awaitWrite(0, BatchKeys.of("a@x.com"));
            sequencer.awaitWrite(1, BatchKeys.of("b@x.com"));
            Thread third = start(() -> sequencer.awaitWrite(2, BatchKeys.of("a@x.com")));
            awaitWaiting(third);

            // when batch 0 commits (batch 1 is still open)
            sequencer.awaitTurn(0);
            sequencer.done(0);

            // then batch 2 may write
            third.join();
            assertThat(sequencer.committedBatches()).isEqualTo(1);
        });
    }

    @Test
    void tells_the_batches_committed_before_a_resume() {
        CommitSequencer sequencer = new CommitSequencer(3);

        assertThat(sequencer.committed(2)).isTrue();
        assertThat(sequencer.committed(3)).isFalse();
    }

    private static void awaitWaiting(Thread thread) throws InterruptedException {
        while (thread.getState() != Thread.State.WAITING) {
            Thread.sleep(5);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static Thread start(Step step) {
        Thread thread = new Thread(() -> {
            try {
                step.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        thread.start();
        return thread;
    }
}
