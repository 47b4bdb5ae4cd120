package io.bulkimport.pipeline;

/**
 * Lets the batches of one import commit in file order while they are prepared in parallel. File order is what
 * makes "the first occurrence of a key wins" true and keeps the committed batches a prefix of the file, so a
 * restart resumes after the last checkpoint.
 */
public final class CommitSequencer {

    private int next;
    private Throwable failure;

    public CommitSequencer(int firstUncommittedBatch) {
        this.next = firstUncommittedBatch;
    }

    /** Blocks until every earlier batch has committed; batches before the resume point pass at once. */
    public synchronized void awaitTurn(int batchNo) throws InterruptedException {
        while (batchNo > next && failure == null) {
            wait();
        }
        if (failure != null && batchNo > next) {
            throw new ImportStoppedException("an earlier batch of this import failed: " + failure.getMessage(), failure);
        }
    }

    public synchronized void done(int batchNo) {
        if (batchNo == next) {
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
