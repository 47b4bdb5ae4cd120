package io.bulkimport.pipeline;

/**
 * Where the slow stage of a pipeline ({@code hash}, {@code enrich}) says how far it has got with a batch before the
 * batch commits, so that percent and ETA move while a batch of 1000 passwords is being hashed or its rows wait for
 * the AI provider. The committed counters do not move: they say only what is committed.
 *
 * <p>Work is counted in the stage's own units (a password hashed, an item answered); the batch's rows count as done
 * in proportion to its units done, so rows that need no work (kept hashes, gold items, errors) are spread over the
 * batch's time instead of counting all at once when the stage starts it. Issue #11.
 */
public interface StageProgress {

    /** Reports nothing: committed batches are then the only progress (dry runs, retries, pipelines without such a stage). */
    StageProgress NONE = new StageProgress() {
        @Override
        public void planned(int batchNo, int rows, int units) {
        }

        @Override
        public void finished(int batchNo, int units) {
        }
    };

    /** Batch {@code batchNo} of {@code rows} rows has {@code units} pieces of the stage's work; 0 = all done. */
    void planned(int batchNo, int rows, int units);

    /** {@code units} more pieces of the batch's work are finished. */
    void finished(int batchNo, int units);
}
