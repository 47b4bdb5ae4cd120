package io.bulkimport.store;

import io.bulkimport.parse.Row;
import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.BatchKeys;
import io.bulkimport.pipeline.CommitSequencer;
import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.pipeline.PreparedRow;
import io.bulkimport.pipeline.RowError;
import io.bulkimport.progress.ImportMetrics;
import io.bulkimport.progress.LiveProgress;
import io.bulkimport.step.BatchTypeConverters;
import io.bulkimport.validate.SecretMask;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter channel's endpoint for a batch whose redeliveries are exhausted ({@code direct:import-dead-letter}
 * in {@code routes/error-handling.camel.yaml}). Nothing of the batch is stored; each of its rows is recorded in
 * {@code import_errors} with the stage that failed and the cause (secrets masked), counted failed, and the batch's
 * checkpoint is committed with them in its turn, so the import goes on with the next batches, a restart does not read
 * the batch again, and {@code POST /api/imports/{id}/retry} sends its rows through again later. Rows that failed
 * before the stage (validation) keep their own errors. The batch is left without valid rows: the route goes on after
 * the step that failed, and the steps after it have nothing to do for it.
 *
 * <p>When the dead letter cannot be written (the database is away) it throws: the dead-letter route's own error
 * handling ({@code import-stop-on-failure}) redelivers it, and when the database stays away stops the import as
 * before, releasing the batches that wait for this one. Nothing is lost: the batch has no checkpoint then.
 */
public class BatchDeadLetter implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(BatchDeadLetter.class);
    /** Stage of the rows when the failure happened outside a {@code step} with an id. */
    static final String OUTSIDE_A_STEP = "step";

    private final DataSource dataSource;
    private final ImportJobRepository jobs;
    private final ImportErrorRepository errors;
    private final ImportMetrics metrics;
    private final LiveProgress progress;
    private final DeadLetterCause causes;

    /**
     * @param dataSource where the dead letters, counters and checkpoint are written
     * @param jobs       the jobs' counters and checkpoints
     * @param errors     the error records
     * @param metrics    the row counters of {@code /observe/metrics}
     * @param progress   the running imports' committed figures
     * @param causes     masks the cause before it is written or logged
     */
    public BatchDeadLetter(DataSource dataSource, ImportJobRepository jobs, ImportErrorRepository errors,
                           ImportMetrics metrics, LiveProgress progress, DeadLetterCause causes) {
        this.dataSource = dataSource;
        this.jobs = jobs;
        this.errors = errors;
        this.metrics = metrics;
        this.progress = progress;
        this.causes = causes;
    }

    /**
     * Whether a failure is one for the dead letters: not a database failure ({@link DatabaseFailure}: the dead letters
     * could not be written either) and not an import that an earlier batch already stopped.
     *
     * @param exchange the failed exchange
     * @return true when the batch should go to the dead letters once its redeliveries are exhausted
     */
    public boolean accepts(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        return !DatabaseFailure.is(failure) && stopped(failure) == null;
    }

    private static CommitSequencer.ImportStoppedException stopped(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CommitSequencer.ImportStoppedException stopped) {
                return stopped;
            }
        }
        return null;
    }

    /**
     * @param exchange the failed batch's exchange: the batch as its body (or as the batch whose JSON the body is),
     *                 the failure in {@link Exchange#EXCEPTION_CAUGHT}, the step it failed in as {@code CamelStepId}
     * @throws SQLException         when the dead letter cannot be written
     * @throws InterruptedException when the service stops while the batch waits for its turn
     */
    @Override
    public void process(Exchange exchange) throws Exception {
        Batch batch = batchOf(exchange);
        if (batch == null) {
            Object body = exchange.getIn().getBody();   // named by its type only: a body may hold anything
            throw new IllegalStateException("the dead-letter channel got no batch but "
                    + (body == null ? "no body" : body.getClass().getName()),
                    exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        }
        String stage = exchange.getProperty(ExchangePropertyKey.STEP_ID, String.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (stopped(cause) != null) {
            throw stopped(cause);   // an earlier batch stopped the import: this one is no dead letter
        }
        if (stage == null) {
            stage = stageOf(exchange.getProperty(ExchangePropertyKey.FAILURE_ENDPOINT, String.class));
        }
        record(batch, stage, causes.reason(cause, batch));
    }

    /**
     * The stage a failure outside a {@code step} names: the shipped stage bean (or building block) that failed, else
     * {@code step}.
     *
     * @param failureEndpoint the endpoint the exchange was last sent to ({@code bean://batchStore}), or null
     */
    static String stageOf(String failureEndpoint) {
        if (failureEndpoint == null) {
            return OUTSIDE_A_STEP;
        }
        return switch (failureEndpoint.replaceFirst("^(bean|kamelet):(//)?", "").replaceFirst("\\?.*$", "")) {
            case "rowValidator", "existingKeysOnly", "validate-stage" -> "validate";
            case "passwordHasher", "hash-stage" -> "hash";
            case "aiEnricher", "enrich-stage" -> "enrich";
            case "referenceLookup", "lookup-stage" -> "lookup";
            case "batchStore", "store-stage" -> "store";
            default -> OUTSIDE_A_STEP;
        };
    }

    /**
     * Records the batch as failed in its turn: its rows' errors, the job's counters and its checkpoint, in one
     * transaction.
     *
     * @param batch  the batch that failed for good
     * @param stage  the stage its rows' errors name
     * @param reason the cause, already masked
     * @throws SQLException         when the database refuses or is away
     * @throws InterruptedException when interrupted while waiting for its turn
     */
    public void record(Batch batch, String stage, String reason) throws SQLException, InterruptedException {
        ImportContext context = batch.context();
        CommitSequencer sequencer = context.sequencer();
        if (sequencer.committed(batch.batchNo())) {
            return;
        }
        try {
            sequencer.awaitWrite(batch.batchNo(), BatchKeys.NONE);
            sequencer.awaitTurn(batch.batchNo());
            long started = System.nanoTime();
            List<RowError> rowErrors = rowErrors(batch, stage, reason);
            // a cancelled or over-budget import records nothing more; the batch still takes its turn, so the later
            // ones can follow
            if (!context.discarding() && commit(batch, rowErrors)) {
                LOG.warn("{} import {}: batch {} (rows {}-{}) went to the dead letters at stage {}: {}",
                        context.pipeline().getName(), context.importId(), batch.batchNo(), batch.firstRow(),
                        batch.lastRow(), stage, reason);
                metrics.batchStored(context.pipeline().getName(), batch.rows().size(), 0, 0,
                        batch.rows().size(), System.nanoTime() - started);
            }
            sequencer.done(batch.batchNo());
            // the split goes on (the route's onException is "continued"): the steps after the failed one find no rows
            batch.valid().clear();
        } catch (SQLException | InterruptedException | RuntimeException e) {
            if (!DatabaseFailure.is(e)) {
                // it will fail again the same way: the import stops here, and the batches waiting for this one follow
                sequencer.fail(e);
            }
            // a database failure is redelivered by the dead-letter route's error handling, which stops the import
            // (batchFailure) when the database stays away
            throw e;
        }
    }

    /** One transaction: errors, counters, checkpoint. False when the checkpoint was there already. */
    private boolean commit(Batch batch, List<RowError> rowErrors) throws SQLException {
        ImportContext context = batch.context();
        long read = batch.rows().size();
        long failed = read;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (context.retry()) {
                    // these rows were read and counted failed by the first run: their old errors give way to these
                    errors.deleteRows(c, context.importId(), batch.rows());
                    failed -= read;
                    read = 0;
                }
                errors.insert(c, context.importId(), rowErrors);
                if (!jobs.commitBatch(c, context.importId(), batch.batchNo(), batch.firstRow(), batch.lastRow(),
                        read, 0, 0, failed)) {
                    c.rollback();
                    return false;
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
        progress.committed(context.importId(), batch.batchNo(), read, 0, 0, failed);
        if (!context.retry()) {
            // before the next batch may commit: past the budget, the later batches are dropped
            context.budget().committed(read, failed);
        }
        return true;
    }

    /**
     * The batch's errors so far, and one error for each row that had none: its cells as read (secret cells masked),
     * so that a retry can send it again.
     */
    static List<RowError> rowErrors(Batch batch, String stage, String reason) {
        List<RowError> out = new ArrayList<>(batch.errors());
        Set<Long> reported = new HashSet<>();
        batch.errors().forEach(e -> reported.add(e.rowNumber()));
        Map<Long, List<String>> prepared = new HashMap<>();
        for (PreparedRow row : batch.valid()) {
            prepared.put(row.rowNumber(), row.rawRow());
        }
        ImportContext context = batch.context();
        for (Row row : batch.rows()) {
            if (reported.contains(row.rowNumber())) {
                continue;
            }
            List<String> cells = prepared.get(row.rowNumber());
            if (cells == null && row.problem() == null) {
                cells = context.pipeline().schemaless() ? row.values()
                        : SecretMask.cells(row.values(), context.pipeline().columnDefinitions(), context.mapping());
            }
            out.add(new RowError(row.rowNumber(), stage, null, null, reason, cells));
        }
        return out;
    }

    private static Batch batchOf(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body instanceof Batch batch) {
            return batch;
        }
        // the body is the batch's JSON (or a step's reply to it): the batch it came from is the one that failed
        return exchange.getProperty(BatchTypeConverters.BATCH, Batch.class);
    }
}
