package io.bulkimport.store;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.progress.ImportMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code store}: commits one batch in ONE transaction together with its error records, the job's counters
 * and the batch checkpoint, so progress is exactly what is committed and a replayed batch is a no-op.
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
            commit(batch);
        } catch (SQLException | InterruptedException | RuntimeException e) {
            // later batches wait for this one's turn: release them, the import stops here
            batch.context().sequencer().fail(e);
            throw e;
        }
    }

    private void commit(Batch batch) throws SQLException, InterruptedException {
        ImportContext context = batch.context();
        context.sequencer().awaitTurn(batch.batchNo());
        long started = System.nanoTime();
        WriteResult result;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!jobs.claimCheckpoint(c, context.importId(), batch.batchNo(), batch.firstRow(), batch.lastRow())) {
                    c.rollback();
                    context.sequencer().done(batch.batchNo());
                    return;
                }
                // a dry run counts the valid rows as the ones it would store; it does not look for duplicates
                result = context.options().dryRun() ? new WriteResult(batch.valid().size(), 0)
                        : writer(context).write(c, context, batch.valid());
                errors.insert(c, context.importId(), batch.errors());
                jobs.addProgress(c, context.importId(), batch.rows().size(), result.stored(), result.duplicate(),
                        batch.failedRowCount());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        metrics.batchStored(context.pipeline().getName(), batch.rows().size(), result, batch.failedRowCount(),
                System.nanoTime() - started);
        context.sequencer().done(batch.batchNo());
    }

    private TableWriter writer(ImportContext context) {
        return context.pipeline().schemaless() ? jsonWriter : keyedWriter;
    }
}
