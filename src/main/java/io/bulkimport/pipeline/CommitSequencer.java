package io.bulkimport.pipeline;

import java.util.HashMap;
import java.util.Map;

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
    private final Map<Integer, BatchKeys> announced = new HashMap<>();

    public CommitSequencer(int firstUncommittedBatch) {
        this.next = firstUncommittedBatch;
    }

    /** Whether the batch committed before this run began (a resumed import reads it again). */
    public synchronized boolean committed(int batchNo) {
        return batchNo < next;
    }

    /**
     * Announces the keys {@code batchNo} will write and blocks until it may write them: every earlier uncommitted
     * batch has announced its keys and none of them shares one with these.
     */
    public synchronized void awaitWrite(int batchNo, BatchKeys keys) throws InterruptedException {
        announced.put(batchNo, keys);
        notifyAll();
        // earlier batches below `clear` are known to share no key with this one; each pair is compared once
        int clear = next;
        while (failure == null) {
            clear = Math.max(clear, next);
            while (clear < batchNo && announced.containsKey(clear) && !announced.get(clear).sharesAKeyWith(keys)) {
                clear++;
            }
            if (clear >= batchNo) {
                break;
            }
            wait();
        }
        stopIfFailed(batchNo);
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
            announced.remove(batchNo);
            next++;
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
