package io.bulkimport.store;

/**
 * Decides, per import, whether the next batch should first try the COPY fast path. A batch whose keys are all new
 * copies straight into the table; one that meets an existing key costs a failed COPY (it fails at the first
 * conflicting row). After a conflict the fast path is skipped for a doubling number of batches, so an import
 * into a table that already holds its keys soon stops trying, while one into an empty table always copies.
 */
final class CopyAdvisor {

    private static final int MAX_SKIP = 64;

    private int skip;
    private int backoff = 1;

    synchronized boolean shouldTry() {
        if (skip > 0) {
            skip--;
            return false;
        }
        return true;
    }

    synchronized void succeeded() {
        backoff = 1;
    }

    synchronized void conflicted() {
        skip = backoff;
        backoff = Math.min(backoff * 2, MAX_SKIP);
    }
}
