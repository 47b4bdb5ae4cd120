package io.bulkimport.store;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.progress.ImportMetrics;
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
 * made ready for the database in parallel; the transactions run in file order.
 */
public class BatchStore implements Processor {

    private final DataSource dataSource;
    private final ImportJobRepository jobs;
    private final ImportErrorRepository errors;
    private final ImportMetrics metrics;
    private final TableWriter keyedWriter = new KeyedUpsertWriter();
    private final TableWriter jsonWriter = new JsonRecordWriter();

    public BatchStore(DataSource dataSource, ImportJobRepository jobs, ImportErrorRepository errors, ImportMetrics metrics) {
        this.dataSource = dataSource;
        this.jobs = jobs;
        this.errors = errors;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        store(exchange.getIn().getBody(Batch.class));
    }

    public void store(Batch batch) throws SQLException, InterruptedException {
        try {
            ImportContext context = batch.context();
            BatchWrite write = context.options().dryRun() ? null : writer(context).prepare(context, batch.valid());
            context.sequencer().awaitTurn(batch.batchNo());
            if (context.cancelled()) {
                // a cancel stops within one batch: batches prepared but not yet committed are dropped, uncounted
                context.sequencer().done(batch.batchNo());
                return;
            }
            long started = System.nanoTime();
            WriteResult result = commit(batch, write, write != null && write.copyFirst());
            if (result != null) {
                metrics.batchStored(context.pipeline().getName(), batch.rows().size(), result, batch.failedRowCount() + result.refused(),
                        System.nanoTime() - started);
            }
            context.sequencer().done(batch.batchNo());
        } catch (SQLException | InterruptedException | RuntimeException e) {
            if (!TransientFailure.isTransient(e)) {
                // it will fail again the same way: release the later batches that wait for this one's turn
                batch.context().sequencer().fail(e);
            }
            // a transient failure is redelivered by the route's error handler, which calls batchFailure when it gives up
            throw e;
        }
    }

    /** The batch's transaction; null when the batch had been committed before. */
    private WriteResult commit(Batch batch, BatchWrite write, boolean viaCopy) throws SQLException {
        ImportContext context = batch.context();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                WriteResult result = write(c, batch, write, viaCopy);
                boolean claimed = record(c, batch, batch.errors(), result, batch.failedRowCount());
                if (!claimed) {
                    c.rollback();
                    return null;
                }
                c.commit();
                if (viaCopy) {
                    write.copyOutcome(true);
                }
                return result;
            } catch (SQLException e) {
                rollbackQuietly(c, e);
                if (viaCopy && BatchWrite.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    // a key already exists: this batch goes through the duplicate strategy instead
                    write.copyOutcome(false);
                    return commit(batch, write, false);
                }
                if (BadRowIsolation.isRowLevel(e)) {
                    return commitIsolating(batch);
                }
                throw e;
            } catch (RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    /** The batch's transaction again, finding the rows the database refuses one half at a time. */
    private WriteResult commitIsolating(Batch batch) throws SQLException {
        ImportContext context = batch.context();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                BadRowIsolation isolation = BadRowIsolation.run(c, writer(context), context, batch.valid());
                List<RowError> allErrors = new ArrayList<>(batch.errors());
                allErrors.addAll(isolation.refused());
                WriteResult result = isolation.written().plus(new WriteResult(0, 0, isolation.refused().size()));
                boolean claimed = record(c, batch, allErrors, result, batch.failedRowCount() + result.refused());
                if (!claimed) {
                    c.rollback();
                    return null;
                }
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    /**
     * The batch's errors, counters and checkpoint. A retry's rows were read and counted failed before: their old
     * errors go, and the counters move them from failed to wherever they land now.
     */
    private boolean record(Connection c, Batch batch, List<RowError> rowErrors, WriteResult result, long failed)
            throws SQLException {
        ImportContext context = batch.context();
        long read = batch.rows().size();
        if (context.retry()) {
            errors.deleteRows(c, context.importId(), batch.rows());
            failed -= read;
            read = 0;
        }
        errors.insert(c, context.importId(), rowErrors);
        return jobs.commitBatch(c, context.importId(), batch.batchNo(), batch.firstRow(), batch.lastRow(),
                read, result.stored(), result.duplicate(), failed);
    }

    private static WriteResult write(Connection c, Batch batch, BatchWrite write, boolean viaCopy) throws SQLException {
        if (write == null) {
            // a dry run counts the valid rows as the ones it would store; it does not look for duplicates
            return new WriteResult(batch.valid().size(), 0);
        }
        return viaCopy ? write.copy(c) : write.upsert(c);
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
