package io.bulkimport.intake;

import io.bulkimport.notify.ImportNotifier;
import io.bulkimport.parse.RowReader;
import io.bulkimport.parse.UnreadableFileException;
import io.bulkimport.pipeline.CommitSequencer;
import io.bulkimport.pipeline.ColumnChoices;
import io.bulkimport.pipeline.HeaderMapping;
import io.bulkimport.pipeline.MappingSuggester;
import io.bulkimport.pipeline.MissingColumnsException;
import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.RowBatches;
import io.bulkimport.progress.ActiveImports;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.ImportMetrics;
import io.bulkimport.progress.ImportStatus;
import io.bulkimport.progress.ProgressReporter;
import io.bulkimport.store.DeadLetterCause;
import io.bulkimport.store.ImportJobRepository;
import io.bulkimport.store.ImportLocks;
import io.bulkimport.store.ImportRollback;
import java.io.IOException;
import java.util.Optional;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one import job from start to end: opens its file, checks the header, sends the rows in batches to the
 * pipeline's route ({@code direct:<pipeline>}), and records how the job ended. Resumable: committed batches are
 * skipped, so running a job again after a crash neither loses nor duplicates a row.
 */
public class ImportRunner {

    /**
     * In the error of an import its error budget stopped and rolled back ({@code onTooManyErrors=rollback}): what it
     * stored is gone, and {@code DELETE} has nothing left to undo.
     */
    public static final String UNDONE_BY_ERROR_BUDGET = "onTooManyErrors=rollback: every row this import stored was rolled back";

    private static final Logger LOG = LoggerFactory.getLogger(ImportRunner.class);

    private final ImportJobRepository jobs;
    private final PipelineCatalog pipelines;
    private final ProducerTemplate producer;
    private final ActiveImports active;
    private final ImportMetrics metrics;
    private final ProgressReporter reporter;
    private final ImportQueue queue;
    private final ImportLocks locks;
    private final ImportNotifier notifier;
    private final DeadLetterCause causes;
    private final ImportRollback rollback;
    private final DryRunFiles dryRunFiles;
    private volatile boolean stopping;

    public ImportRunner(ImportJobRepository jobs, PipelineCatalog pipelines, ProducerTemplate producer,
                        ActiveImports active, ImportMetrics metrics, ProgressReporter reporter, ImportQueue queue,
                        ImportLocks locks, ImportNotifier notifier, DeadLetterCause causes, ImportRollback rollback,
                        DryRunFiles dryRunFiles) {
        this.rollback = rollback;
        this.dryRunFiles = dryRunFiles;
        this.notifier = notifier;
        this.causes = causes;
        this.locks = locks;
        this.jobs = jobs;
        this.pipelines = pipelines;
        this.producer = producer;
        this.active = active;
        this.metrics = metrics;
        this.reporter = reporter;
        this.queue = queue;
    }

    /**
     * Queues a job to run in one of the service's import slots ({@link ImportQueue}): the queue takes turns between
     * groups and single files, so a group never starves a single upload or another group (issue #14, part 4).
     *
     * @param groupId the job's group, null for a single file (a turn of its own)
     * @return how the job ended here: {@code RUNNING} when a shutdown paused it or another instance runs it,
     *         {@code QUEUED} when the service stopped before its turn came
     */
    public CompletableFuture<ImportStatus> submit(UUID id, UUID groupId) {
        return queue.submit(id, groupId, () -> run(id));
    }

    /** Queues a single file's job (an upload, the execution of a dry run). */
    public CompletableFuture<ImportStatus> submit(UUID id) {
        return submit(id, null);
    }

    /** Asks every running import to stop after its in-flight batches; they stay resumable. */
    public void suspendAll() {
        stopping = true;
        queue.shutdown();
        active.all().forEach(ImportContext::suspend);
    }

    /**
     * Runs a job in the calling thread and returns how it ended: {@code RUNNING} when it was paused by a shutdown or
     * another instance is running it.
     */
    public ImportStatus run(UUID id) {
        Optional<ImportLocks.Held> lock = locks.tryLock(id);
        if (lock.isEmpty()) {
            LOG.info("import {} is being run by another instance", id);
            return ImportStatus.RUNNING;
        }
        try (ImportLocks.Held held = lock.get()) {
            return runLocked(id);
        }
    }

    private ImportStatus runLocked(UUID id) {
        ImportJob job = jobs.find(id).orElseThrow(() -> new IllegalArgumentException("no import " + id));
        if (job.status().finished() || stopping) {
            return job.status();
        }
        PipelineDefinition pipeline = pipelines.find(job.pipeline()).orElse(null);
        if (pipeline == null) {
            return end(job, ImportStatus.FAILED, "unknown pipeline: " + job.pipeline());
        }
        RowReader reader;
        ImportContext context;
        try {
            reader = RowReaders.open(Path.of(job.filePath()), job.fileName(), job.options().sheet(), job.options().dialect());
            HeaderMapping mapping = mapHeader(pipeline, reader, job.options().columns());
            context = new ImportContext(id, pipeline, job.options(), job.fileName(), Path.of(job.filePath()),
                    reader.header(), mapping, new CommitSequencer(jobs.firstUncommittedBatch(id)));
        } catch (UnreadableFileException e) {
            ImportJob now = jobs.find(id).orElse(job);
            if (now.status().finished()) {
                return now.status();   // a person cancelled it while it was being opened (its upload went with that)
            }
            return end(job, ImportStatus.FAILED, e.getMessage());
        }
        if (context.budget().resume(job.rowsRead(), job.rowsFailed())) {
            // it crossed its budget before a crash: it stops again, reading nothing more
            LOG.info("{} import {} resumes past its error budget", pipeline.getName(), id);
        }
        takeExactTotal(job, reader);
        LOG.info("{} import {} of '{}' started{}", pipeline.getName(), id, job.fileName(),
                context.sequencer().committedBatches() > 0 ? ", resuming after batch " + context.sequencer().committedBatches() : "");
        return execute(job, context, reader, new RowBatches(reader, context, job.sizeBytes(),
                total -> {
                    jobs.estimateTotal(id, total, job.options().batchSize());
                    active.progress().estimated(id, total, ImportJobRepository.batchesFor(total, job.options().batchSize()));
                }));
    }

    /**
     * A reader that can count its rows before giving them (a workbook's sheet) makes the job's total exact before
     * any batch is cut, so no answer while the job runs shows an estimate (issue #11). A CSV file's total was taken
     * at intake.
     */
    private void takeExactTotal(ImportJob job, RowReader reader) {
        long start = System.nanoTime();
        reader.dataRows().ifPresent(rows -> {
            try {
                jobs.exactTotal(job.id(), rows, job.options().batchSize());
                LOG.info("{} import {}: {} data rows counted in {} ms", job.pipeline(), job.id(), rows,
                        (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException e) {
                // only a progress figure: the estimate from the rows read stands in for it
                LOG.warn("{} import {}: total of {} rows not saved: {}", job.pipeline(), job.id(), rows, e.getMessage());
            }
        });
    }

    /**
     * Maps the header to the pipeline's columns as the upload chose; a failure names the part of the file that was
     * read, and a missing column's hint judges the first rows' values too.
     */
    private static HeaderMapping mapHeader(PipelineDefinition pipeline, RowReader reader, ColumnChoices choices) {
        try {
            return HeaderMapping.of(pipeline, reader.header(), choices);
        } catch (MissingColumnsException missing) {
            throw closing(reader, missing.withSample(HeaderSample.rows(reader, MappingSuggester.SAMPLE_ROWS)));
        } catch (UnreadableFileException e) {
            throw closing(reader, e);
        }
    }

    private static UnreadableFileException closing(RowReader reader, UnreadableFileException e) {
        try {
            reader.close();
        } catch (IOException | RuntimeException closing) {
            e.addSuppressed(closing);
        }
        return reader.source() == null ? e
                : new UnreadableFileException(e.getMessage() + " (read " + reader.source() + ")", e);
    }

    /** Sends the batches through the pipeline's route and records how the job ended. */
    ImportStatus execute(ImportJob job, ImportContext context, RowReader reader, RowBatches batches) {
        UUID id = job.id();
        PipelineDefinition pipeline = context.pipeline();
        if (!jobs.markRunning(id, reader.header())) {
            // it ended before it could start (a group's cancel): nothing to run, nothing to record
            try {
                reader.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing the reader of import {}: {}", id, e.getMessage());
            }
            return jobs.find(id).map(ImportJob::status).orElse(ImportStatus.CANCELLED);
        }
        jobs.find(id).ifPresent(active.progress()::started);
        if (!job.options().dryRun() && !context.retry()) {
            // the slow stage's work on batches in flight counts for percent and ETA (a dry run skips that work; a
            // retry's rows were counted as read by the first run)
            context.reportStageProgressTo(active.progress().stageProgress(id));
        }
        active.add(context);
        metrics.importStarted(pipeline.getName());
        try (reader) {
            // every batch's exchange inherits the header: a step that sends a batch (to: http, enrich) sends its
            // JSON form (BatchTypeConverters), and camel-http takes the content type from the header, not the body
            Exchange result = producer.send("direct:" + pipeline.getName(), e -> {
                e.getIn().setBody(batches);
                e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
            });
            Exception failure = result.getException();
            if (failure != null) {
                context.sequencer().fail(failure);
                return end(job, ImportStatus.FAILED, reason(failure));
            }
            if (context.budget().exceeded()) {
                return overBudget(job, context);
            }
            if (context.suspended()) {
                LOG.info("{} import {} paused after batch {}: it resumes when the service starts again",
                        pipeline.getName(), id, context.sequencer().committedBatches());
                return ImportStatus.RUNNING;
            }
            if (context.cancelled()) {
                return end(job, ImportStatus.CANCELLED, null);
            }
            if (batches.failure() != null) {
                return end(job, ImportStatus.FAILED, batches.failure().getMessage());
            }
            if (!context.retry() && context.budget().endOfFile()) {
                return overBudget(job, context);
            }
            if (job.options().dryRun()) {
                estimateFromRecentImports(id, pipeline.getName());
            }
            long failed = jobs.find(id).map(ImportJob::rowsFailed).orElse(0L);
            return end(job, failed > 0 ? ImportStatus.COMPLETED_WITH_ERRORS : ImportStatus.COMPLETED, null);
        } catch (java.io.IOException e) {
            return end(job, ImportStatus.FAILED, reason(e));
        } finally {
            active.remove(id);
        }
    }

    /**
     * Ends an import that went past its error budget ({@link io.bulkimport.pipeline.ErrorBudgetJudge}): {@code failed},
     * the reason naming the budget; with {@code onTooManyErrors=rollback} after rolling back everything it stored. A
     * dry run stored nothing: its reason says that the import would stop.
     */
    private ImportStatus overBudget(ImportJob job, ImportContext context) {
        String reason = context.budget().reason();
        boolean rollingBack = context.budget().rollback();
        LOG.warn("{} import {} stopped: {}", job.pipeline(), job.id(), reason);
        if (job.options().dryRun()) {
            return end(job, ImportStatus.FAILED, reason + "; the import would stop here"
                    + (rollingBack ? " and roll back what it stored" : ""));
        }
        if (!rollingBack) {
            return end(job, ImportStatus.FAILED, reason + "; the rows stored before stay");
        }
        try {
            ImportRollback.Result undone = rollback.undoRunning(job.id(), context.pipeline());
            return end(job, ImportStatus.FAILED, reason + "; " + UNDONE_BY_ERROR_BUDGET + " (" + undone.deleted()
                    + " deleted, " + undone.restored() + " restored)");
        } catch (java.sql.SQLException | RuntimeException e) {
            LOG.error("{} import {}: rolling back after too many errors failed", job.pipeline(), job.id(), e);
            return end(job, ImportStatus.FAILED, reason + "; rolling back failed (" + reason(e)
                    + "): DELETE /api/imports/" + job.id() + " rolls it back");
        }
    }

    /**
     * A dry run of a pipeline without a slower stage of its own (stage hash saves its own estimate) is estimated from
     * the row rate of the pipeline's last real import.
     */
    private void estimateFromRecentImports(UUID id, String pipeline) {
        try {
            if (jobs.estimate(id).isPresent()) {
                return;
            }
            long rows = jobs.find(id).map(ImportJob::rowsStored).orElse(0L);
            java.util.Optional<Double> rate = io.bulkimport.store.RecentImportRate.rowsPerSecond(jobs, pipeline);
            java.util.Map<String, Object> figures = new java.util.LinkedHashMap<>();
            figures.put("validRows", rows);
            figures.put("recentRowsPerSecond", rate.map(r -> Math.round(r * 10) / 10.0).orElse(null));
            figures.put("estimatedSeconds", rate.map(r -> Math.round(rows / r)).orElse(null));
            figures.put("text", rate.isPresent()
                    ? String.format("%s dry run %s: %,d valid rows; at the last import's %.1f rows/s the import takes about %d s",
                            pipeline, id, rows, rate.get(), Math.round(rows / rate.get()))
                    : pipeline + " dry run " + id + ": " + rows + " valid rows; no earlier import of " + pipeline
                            + " to measure its speed by");
            jobs.saveEstimate(id, figures);
            LOG.info(String.valueOf(figures.get("text")));
        } catch (RuntimeException e) {
            LOG.warn("dry run {}: no estimate ({})", id, e.getMessage());
        }
    }

    /** Records how the job ended; its reason, shown by the API and the summary, with its secrets masked. */
    ImportStatus end(ImportJob job, ImportStatus status, String error) {
        active.progress().ended(job.id());   // the final row is the answer from now on
        // a completed dry run's upload stays for its execution (POST /api/imports/{id}/execute) until it expires;
        // recorded before the status, so whoever sees the dry run ended also sees until when its file is kept
        boolean kept = job.options().dryRun() && dryRunFiles.ended(job, status);
        jobs.finish(job.id(), status, causes.mask(error));
        if ("upload".equals(job.source()) && !kept) {
            // the upload's copy is only needed while the job can still run; its rows and errors are in the database
            SpooledUpload.delete(Path.of(job.filePath()));
        }
        metrics.importFinished(job.pipeline(), status);
        jobs.find(job.id()).ifPresent(reporter::summary);
        notifier.finished(job.id());   // queued: the receivers are never waited for here
        return status;
    }

    /** The most telling message in a chain of causes, for a person reading the job. */
    static String reason(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof UnreadableFileException)) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.length() > 1000 ? message.substring(0, 1000) + "…" : message;
    }
}
