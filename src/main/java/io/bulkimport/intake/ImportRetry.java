package io.bulkimport.intake;

import io.bulkimport.pipeline.CommitSequencer;
import io.bulkimport.pipeline.ErrorBudgetJudge;
import io.bulkimport.pipeline.HeaderMapping;
import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.RowBatches;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.ImportStatus;
import io.bulkimport.store.ImportErrorRepository;
import io.bulkimport.store.ImportJobRepository;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/imports/{id}/retry}: sends the rows an import reported as failed through its pipeline again,
 * once their cause is fixed (a schema change, reference data, a relaxed rule). Each retried row's old errors are
 * replaced by what happens now, and the job's counters move with it; rows read stay as they were.
 */
public class ImportRetry {

    private static final Logger LOG = LoggerFactory.getLogger(ImportRetry.class);
    private static final Set<ImportStatus> RETRYABLE = Set.of(ImportStatus.COMPLETED_WITH_ERRORS, ImportStatus.FAILED,
            ImportStatus.CANCELLED);

    private final ImportJobRepository jobs;
    private final ImportErrorRepository errors;
    private final PipelineCatalog pipelines;
    private final ImportRunner runner;
    private final ImportQueue queue;

    public ImportRetry(ImportJobRepository jobs, ImportErrorRepository errors, PipelineCatalog pipelines,
                       ImportRunner runner, ImportQueue queue) {
        this.jobs = jobs;
        this.errors = errors;
        this.pipelines = pipelines;
        this.runner = runner;
        this.queue = queue;
    }

    /** Why the job cannot be retried now, or null when it can. */
    public String refusal(ImportJob job) {
        if (!RETRYABLE.contains(job.status())) {
            return "import " + job.id() + " is " + job.status().dbValue() + "; only an import that ended with failed rows can be retried";
        }
        if (job.status() == ImportStatus.FAILED && job.lastError() != null
                && job.lastError().startsWith(ErrorBudgetJudge.TOO_MANY_ERRORS)) {
            // a retry sends only the failed rows again: the rows after the stop were never read, and with
            // onTooManyErrors=rollback the good rows are gone
            return "import " + job.id() + " stopped at its error budget (" + job.lastError() + "); import the corrected "
                    + "file again instead";
        }
        if (job.rowsFailed() == 0) {
            return "import " + job.id() + " has no failed rows";
        }
        PipelineDefinition pipeline = pipelines.find(job.pipeline()).orElse(null);
        if (pipeline == null) {
            return "the pipeline " + job.pipeline() + " no longer exists";
        }
        java.util.List<String> secret = pipeline.columnDefinitions().stream().filter(c -> c.secret())
                .map(c -> c.name()).toList();
        if (!secret.isEmpty()) {
            // the failed rows were kept with *** for these columns (never the value as written): resent, they would
            // only fail again, or worse, store the mask
            return "the failed rows of import " + job.id() + " are kept with " + String.join(", ", secret)
                    + " masked (***), so a retry cannot send them again; import the corrected rows as a new file";
        }
        return null;
    }

    /** Claims the job for a retry (one at a time) and queues it for an import slot. */
    public boolean start(UUID id) {
        if (!jobs.claimForRetry(id)) {
            return false;
        }
        // a retry imports rows too: it takes a slot of the same queue (a turn of its own)
        queue.submit(id, null, () -> run(id)).exceptionally(e -> {
            LOG.error("retry of import {} failed", id, e);
            return null;
        });
        return true;
    }

    private ImportStatus run(UUID id) {
        ImportJob job = jobs.find(id).orElseThrow();
        PipelineDefinition pipeline = pipelines.find(job.pipeline()).orElseThrow();
        int firstBatch = jobs.firstUncommittedBatch(id);
        ImportContext context = new ImportContext(id, pipeline, job.options(), job.fileName(), Path.of(job.filePath()),
                job.header(), HeaderMapping.of(pipeline, job.header(), job.options().columns()), new CommitSequencer(firstBatch));
        context.markRetry();
        LOG.info("{} import {}: retrying its {} failed rows", pipeline.getName(), id, job.rowsFailed());
        FailedRowsReader reader = new FailedRowsReader(errors, id, job.header());
        return runner.execute(job, context, reader, new RowBatches(reader, context, 0, total -> { }, firstBatch));
    }
}
