package io.bulkimport.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Lets the batches of one import write in parallel and commit in file order. File order is what makes "the first
 * occurrence of a key wins" true and keeps the committed batches a prefix of the file, so a restart resumes after
 * the last checkpoint.
 *
 * <p>A batch announces the keys it will write and may start writing once every earlier uncommitted batch has
 * announced its keys and none of them shares one with it; it then commits when its turn comes. So two open
 * transactions of one import never touch the same row: a later batch cannot block an earlier one inside the
 * database while it waits in the JVM for the earlier one to commit.
 */
public final class CommitSequencer {

    private int next;
    private Throwable failure;
    /** Keys of the announced batches that have not committed yet, by batch number. */
    private final Map<Integer, Set<?>> announced = new HashMap<>();
    /** Batches below this one have announced and their keys are in {@link #owners}, taken in batch order. */
    private int registered;
    /** Each key of the uncommitted batches, with the latest batch (in file order) that writes it. */
    private final Map<Object, Integer> owners = new HashMap<>();
    /** For a batch that shares a key with earlier uncommitted ones: the latest of them. */
    private final Map<Integer, Integer> blockers = new HashMap<>();

    public CommitSequencer(int firstUncommittedBatch) {
        this.next = firstUncommittedBatch;
        this.registered = firstUncommittedBatch;
    }

    /** Whether the batch committed before this run began (a resumed import reads it again). */
    public synchronized boolean committed(int batchNo) {
        return batchNo < next;
    }

    /**
     * Announces the keys {@code batchNo} will write and blocks until it may write them: every earlier uncommitted
     * batch has announced its keys, and the latest one that shares a key with these has committed (commits are in
     * file order, so every earlier one has too). A batch announcing again (a redelivery) keeps its first keys.
     */
    public synchronized void awaitWrite(int batchNo, Set<?> keys) throws InterruptedException {
        if (batchNo >= registered) {
            announced.put(batchNo, keys);
        }
        register();
        notifyAll();
        while (failure == null && !mayWrite(batchNo)) {
            wait();
        }
        stopIfFailed(batchNo);
    }

    /** Takes the announced batches into the key owners in file order: two map operations per key in all. */
    private void register() {
        Set<?> keys;
        while ((keys = announced.get(registered)) != null) {
            int batch = registered;
            for (Object key : keys) {
                Integer earlier = owners.put(key, batch);
                if (earlier != null && earlier >= next) {
                    blockers.merge(batch, earlier, Math::max);
                }
            }
            registered++;
        }
    }

    private boolean mayWrite(int batchNo) {
        if (batchNo >= registered) {
            return false;
        }
        Integer blocker = blockers.get(batchNo);
        return blocker == null || blocker < next;
    }

    /** Blocks until every earlier batch has committed; batches before the resume point pass at once. */
    public synchronized void awaitTurn(int batchNo) throws InterruptedException {
        while (batchNo > next && failure == null) {
            wait();
        }
        stopIfFailed(batchNo);
    }

    /** The same, for at most {@code timeoutMillis}; false when the turn has not come by then. */
    public synchronized boolean awaitTurn(int batchNo, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        long left = timeoutMillis;
        while (batchNo > next && failure == null && left > 0) {
            wait(left);
            left = (deadline - System.nanoTime()) / 1_000_000;
        }
        stopIfFailed(batchNo);
        return batchNo <= next;
    }

    private void stopIfFailed(int batchNo) {
        if (failure != null && batchNo > next) {
            throw new ImportStoppedException("an earlier batch of this import failed: " + failure.getMessage(), failure);
        }
    }

    public synchronized void done(int batchNo) {
        if (batchNo == next) {
            Set<?> keys = announced.remove(batchNo);
            if (keys != null) {
                for (Object key : keys) {
                    owners.remove(key, batchNo);
                }
            }
            blockers.remove(batchNo);
            next++;
            if (registered < next) {
                registered = next;   // batches may commit without announcing (the sequencer allows it): pass them over
            }
            notifyAll();
        }
    }

    /** Releases every waiting batch with an error: the import stops at the batch that failed. */
    public synchronized void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        notifyAll();
    }

    public synchronized int committedBatches() {
        return next;
    }

    public static final class ImportStoppedException extends RuntimeException {
        public ImportStoppedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
