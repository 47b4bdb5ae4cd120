package io.bulkimport.store;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.BatchKeys;
import io.bulkimport.pipeline.CommitSequencer;
import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.progress.ImportMetrics;
import io.bulkimport.progress.LiveProgress;
import java.sql.Connection;
import java.sql.SQLException;
import io.bulkimport.pipeline.RowError;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code store}: commits one batch in ONE transaction together with its error records, the job's counters
 * and the batch checkpoint, so progress is exactly what is committed and a replayed batch is a no-op. The rows are
 * made ready for the database and written in parallel; the commits, with the counters and checkpoint, run in file
 * order ({@link CommitSequencer}).
 */
public class BatchStore implements Processor {

    private final DataSource dataSource;
    private final ImportJobRepository jobs;
    private final ImportErrorRepository errors;
    private final ImportMetrics metrics;
    private final TableWriter keyedWriter = new KeyedUpsertWriter();
    private final TableWriter jsonWriter = new JsonRecordWriter();
    private final long openWaitMillis;
    private final LiveProgress progress;
    private final DryRunClassifier dryRuns;
    private final DryRunRepository dryRunFigures;

    /**
     * @param openWaitMillis how long a written batch waits for its turn with its transaction open. Past that it
     *                       rolls back, waits without holding any row and writes again in its turn: another import
     *                       may be waiting for those rows while the batch this one waits for waits for that import.
     *                       Keep it below the database's lock timeout, so such a wait ends without a failure.
     */
    public BatchStore(DataSource dataSource, ImportJobRepository jobs, ImportErrorRepository errors, ImportMetrics metrics,
                      LiveProgress progress, long openWaitMillis, DryRunClassifier dryRuns, DryRunRepository dryRunFigures) {
        this.progress = progress;
        this.dryRuns = dryRuns;
        this.dryRunFigures = dryRunFigures;
        this.dataSource = dataSource;
        this.jobs = jobs;
        this.errors = errors;
        this.metrics = metrics;
        this.openWaitMillis = openWaitMillis;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        store(exchange.getIn().getBody(Batch.class));
    }

    /**
     * Stores the batch in its turn. A failure is thrown to the route's error handling, which redelivers it, sends the
     * batch to the dead letters (whose checkpoint lets the later batches follow) or stops the import (batchFailure
     * releases the later batches).
     */
    public void store(Batch batch) throws SQLException, InterruptedException {
        ImportContext context = batch.context();
        CommitSequencer sequencer = context.sequencer();
        if (sequencer.committed(batch.batchNo())) {
            return;   // committed before this run began: its checkpoint says so, and a resumed import reads it again
        }
        // a cancelled or over-budget import writes nothing more; its batch still takes its turn, so the later ones can follow
        boolean writes = !context.options().dryRun() && !context.discarding();
        BatchWrite write = writes ? writer(context).prepare(context, batch.valid()) : null;
        sequencer.awaitWrite(batch.batchNo(), write == null ? BatchKeys.NONE : write.keys());
        Stored stored = commit(batch, write);
        if (stored != null) {
            WriteResult result = stored.result();
            metrics.batchStored(context.pipeline().getName(), batch.rows().size(), result.stored(), result.duplicate(),
                    batch.failedRowCount() + result.refused(), stored.nanos());
        }
        sequencer.done(batch.batchNo());
    }

    /** What a committed batch wrote and how long its database work took (without waiting for its turn). */
    private record Stored(WriteResult result, long nanos) {
    }

    /** Rows the batch wrote and the row errors to record with them. */
    private record Written(WriteResult result, List<RowError> errors, boolean viaCopy) {
    }

    /**
     * The batch's transaction: writes its rows, waits for its turn, then records errors, counters and checkpoint and
     * commits. Null when the batch was committed before (a retry after an unknown outcome) or its import was cancelled.
     */
    private Stored commit(Batch batch, BatchWrite write) throws SQLException, InterruptedException {
        ImportContext context = batch.context();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long started = System.nanoTime();
                Written written = writeRows(c, batch, write);
                long writing = System.nanoTime() - started;
                if (!context.sequencer().awaitTurn(batch.batchNo(), openWaitMillis)) {
                    c.rollback();
                    context.sequencer().awaitTurn(batch.batchNo());
                    started = System.nanoTime();
                    written = writeRows(c, batch, write);
                    writing += System.nanoTime() - started;
                }
                if (context.discarding()) {
                    // a cancel or the error budget stops within one batch: batches written but not yet committed are
                    // dropped, uncounted
                    c.rollback();
                    return null;
                }
                // a dry run tells what the import would do, in file order so a key met again sees the earlier batch
                DryRunClassifier.Classified classified = write == null && context.options().dryRun() && !context.retry()
                        ? dryRuns.classify(c, batch) : null;
                long recording = System.nanoTime();
                WriteResult result = written.result();
                Counts counts = record(c, batch, written.errors(), result, batch.failedRowCount() + result.refused());
                if (counts == null) {
                    c.rollback();
                    return null;
                }
                if (classified != null) {
                    dryRunFigures.addBatch(c, context.importId(), classified.counts(), classified.sample());
                }
                c.commit();
                if (classified != null) {
                    dryRuns.committed(batch, classified);
                }
                progress.committed(context.importId(), batch.batchNo(), counts.read(), counts.stored(), counts.duplicate(), counts.failed());
                judgeBudget(context, counts);
                if (written.viaCopy()) {
                    write.copyOutcome(true);
                }
                return new Stored(result, writing + System.nanoTime() - recording);
            } catch (SQLException | InterruptedException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
    }
    /**
     * The batch's errors, counters and checkpoint. A retry's rows were read and counted failed before: their old
     * errors go, and the counters move them from failed to wherever they land now.
     */
    private Counts record(Connection c, Batch batch, List<RowError> rowErrors, WriteResult result, long failed)
            throws SQLException {
        ImportContext context = batch.context();
        long read = batch.rows().size();
        if (context.retry()) {
            errors.deleteRows(c, context.importId(), batch.rows());
            failed -= read;
            read = 0;
        }
        errors.insert(c, context.importId(), rowErrors);
        Counts counts = new Counts(read, result.stored(), result.duplicate(), failed);
        boolean claimed = jobs.commitBatch(c, context.importId(), batch.batchNo(), batch.firstRow(), batch.lastRow(),
                counts.read(), counts.stored(), counts.duplicate(), counts.failed());
        return claimed ? counts : null;
    }

    /**
     * Tells the import's error budget what this batch committed, before the next batch may commit: past the budget,
     * the later batches are dropped. A retry only moves rows out of failed, so it is not judged.
     */
    private static void judgeBudget(ImportContext context, Counts counts) {
        if (!context.retry()) {
            context.budget().committed(counts.read(), counts.failed());
        }
    }

    /** What a batch adds to its job's counters. */
    private record Counts(long read, long stored, long duplicate, long failed) {
    }

    /**
     * Writes the batch's rows the cheapest way that works: COPY when the batch's keys are probably new; the
     * duplicate strategy's statement when a key exists; one half at a time when the database refuses some rows.
     */
    private Written writeRows(Connection c, Batch batch, BatchWrite write) throws SQLException {
        if (write == null) {
            // a dry run's own counters keep counting its valid rows as stored; what the import would do against the
            // table is classified in the batch's turn (DryRunClassifier)
            return new Written(new WriteResult(batch.valid().size(), 0), batch.errors(), false);
        }
        SQLException refusal;
        try {
            return write.copyFirst() ? new Written(write.copy(c), batch.errors(), true) : new Written(write.upsert(c), batch.errors(), false);
        } catch (SQLException e) {
            refusal = e;
            rollbackQuietly(c, e);
        }
        if (write.copyFirst() && BatchWrite.UNIQUE_VIOLATION.equals(refusal.getSQLState())) {
            // a key already exists: this batch goes through the duplicate strategy instead
            write.copyOutcome(false);
            try {
                return new Written(write.upsert(c), batch.errors(), false);
            } catch (SQLException e) {
                refusal = e;
                rollbackQuietly(c, e);
            }
        }
        if (!BadRowIsolation.isRowLevel(refusal)) {
            throw refusal;
        }
        BadRowIsolation isolation = BadRowIsolation.run(c, writer(batch.context()), batch.context(), batch.valid());
        List<RowError> allErrors = new ArrayList<>(batch.errors());
        allErrors.addAll(isolation.refused());
        return new Written(isolation.written().plus(new WriteResult(0, 0, isolation.refused().size())), allErrors, false);
    }

    /**
     * Rolls back without hiding why: when the connection broke, the rollback fails too, and its "connection is
     * closed" must not replace the original failure that tells the error handler to redeliver.
     */
    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    private TableWriter writer(ImportContext context) {
        return context.pipeline().schemaless() ? jsonWriter : keyedWriter;
    }
}
