package io.bulkimport.api;

import io.bulkimport.progress.ActiveImports;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.ImportStatus;
import io.bulkimport.progress.JobView;
import io.bulkimport.progress.ProgressSnapshot;
import io.bulkimport.store.ImportJobRepository;
import io.vertx.ext.web.RoutingContext;
import io.bulkimport.intake.ImportRetry;
import io.bulkimport.notify.ImportNotifier;
import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.store.ImportRollback;
import java.sql.SQLException;
import java.time.Instant;
import io.bulkimport.store.DryRunRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Optional;
import java.util.UUID;

/** {@code GET /api/imports[/{id}]}, {@code POST /api/imports/{id}/cancel}, {@code DELETE /api/imports/{id}}. Blocking handlers. */
final class ImportsHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ImportsHandler.class);

    private final ImportJobRepository jobs;
    private final ActiveImports active;
    private final PipelineCatalog pipelines;
    private final ImportRollback rollback;
    private final ImportRetry retries;
    private final ImportNotifier notifier;
    private final DryRunRepository dryRuns;

    ImportsHandler(ImportJobRepository jobs, ActiveImports active, PipelineCatalog pipelines, ImportRollback rollback,
                   ImportRetry retries, ImportNotifier notifier, DryRunRepository dryRuns) {
        this.dryRuns = dryRuns;
        this.notifier = notifier;
        this.jobs = jobs;
        this.active = active;
        this.pipelines = pipelines;
        this.rollback = rollback;
        this.retries = retries;
    }

    void list(RoutingContext ctx) {
        Instant now = Instant.now();
        List<ImportJob> recent = jobs.recent(100);
        Map<UUID, DryRunRepository.Figures> figures = dryRuns.figures(recent.stream().map(ImportJob::id).toList());
        Responses.json(ctx, 200, recent.stream().map(j -> DryRunFields.add(view(j, now), j, figures.get(j.id()))).toList());
    }

    /** The job JSON: from live progress while the job runs here (work in flight counted), else from its row. */
    Map<String, Object> view(ImportJob job, Instant now) {
        return active.progress().snapshot(job.id()).map(ProgressSnapshot::view).orElseGet(() -> JobView.of(job, now));
    }

    /** {@link #view} with the dry-run fields ({@link DryRunFields}) from the job's row. */
    Map<String, Object> viewWithDryRun(ImportJob job, Instant now) {
        return DryRunFields.add(view(job, now), job, dryRuns.figures(List.of(job.id())).get(job.id()));
    }

    /**
     * On the event loop: a job running here is answered from memory, without a database round trip or a hop to a
     * worker thread (its import keeps the database and the CPUs busy; the answer must stay fast). Else {@link #get}.
     */
    void getRunning(RoutingContext ctx) {
        Optional<ProgressSnapshot> running;
        try {
            running = active.progress().snapshot(UUID.fromString(ctx.pathParam("id")));
        } catch (IllegalArgumentException e) {
            running = Optional.empty();
        }
        if (running.isPresent() && !running.get().job().options().dryRun()) {
            Responses.json(ctx, 200, running.get().view());
        } else {
            ctx.next();
        }
    }

    /**
     * Blocking: the job from the database (or from live progress, had it started running here meanwhile), with its
     * dry-run fields (a running dry run comes here too: its would* counts are in its row).
     */
    void get(RoutingContext ctx) {
        find(ctx).ifPresent(job -> Responses.json(ctx, 200, viewWithDryRun(job, Instant.now())));
    }

    void cancel(RoutingContext ctx) {
        Optional<ImportJob> found = find(ctx);
        if (found.isEmpty()) {
            return;
        }
        ImportJob job = found.get();
        if (job.status().finished()) {
            Responses.error(ctx, 409, "import " + job.id() + " is already " + job.status().dbValue());
            return;
        }
        if (!active.cancel(job.id())) {
            // queued (or starting: it is cancelled as it registers here)
            jobs.finish(job.id(), ImportStatus.CANCELLED, null);
            notifier.finished(job.id());   // a running one notifies when its runner ends it
        }
        Responses.json(ctx, 202, JobView.of(jobs.find(job.id()).orElseThrow(), Instant.now()));
    }

    /** {@code GET /api/imports/{id}/estimate}: what a finished dry run found the real import would take. */
    void estimate(RoutingContext ctx) {
        Optional<ImportJob> found = find(ctx);
        if (found.isEmpty()) {
            return;
        }
        Optional<String> estimate = jobs.estimate(found.get().id());
        if (estimate.isEmpty()) {
            Responses.error(ctx, 404, "import " + found.get().id() + " has no estimate: only a finished dry run "
                    + "(dryRun=true) has one");
            return;
        }
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(estimate.get());
    }

    /** {@code POST /api/imports/{id}/retry}: the failed rows go through the pipeline again. */
    void retry(RoutingContext ctx) {
        Optional<ImportJob> found = find(ctx);
        if (found.isEmpty()) {
            return;
        }
        String refusal = retries.refusal(found.get());
        if (refusal != null || !retries.start(found.get().id())) {
            Responses.error(ctx, 409, refusal != null ? refusal : "import " + found.get().id() + " is already being retried");
            return;
        }
        Responses.json(ctx, 202, JobView.of(jobs.find(found.get().id()).orElseThrow(), Instant.now()));
    }

    /** {@code DELETE /api/imports/{id}}: every row the import touched returns to its state before it. */
    void rollback(RoutingContext ctx) {
        Optional<ImportJob> found = find(ctx);
        if (found.isEmpty()) {
            return;
        }
        ImportJob job = found.get();
        if (!job.status().finished() || active.find(job.id()).isPresent()) {
            Responses.error(ctx, 409, "import " + job.id() + " is " + job.status().dbValue() + "; cancel it first");
            return;
        }
        if (job.status() == ImportStatus.ROLLED_BACK) {
            Responses.error(ctx, 409, "import " + job.id() + " is already rolled back");
            return;
        }
        if (job.lastError() != null && job.lastError().contains(io.bulkimport.intake.ImportRunner.UNDONE_BY_ERROR_BUDGET)) {
            Responses.error(ctx, 409, "import " + job.id() + " was rolled back when its error budget stopped it "
                    + "(onTooManyErrors=rollback); nothing it stored is left to roll back");
            return;
        }
        PipelineDefinition pipeline = pipelines.find(job.pipeline()).orElse(null);
        if (pipeline == null) {
            Responses.error(ctx, 409, "the pipeline " + job.pipeline() + " of import " + job.id() + " no longer exists");
            return;
        }
        try {
            ImportRollback.Result result = rollback.rollback(job.id(), pipeline);
            LOG.info("{} import {} rolled back: {} rows restored, {} deleted, {} left as a later import changed them",
                    job.pipeline(), job.id(), result.restored(), result.deleted(), result.keptNewer());
            notifier.finished(job.id());
            Map<String, Object> body = new LinkedHashMap<>(JobView.of(jobs.find(job.id()).orElseThrow(), Instant.now()));
            body.put("rollback", Map.of("restored", result.restored(), "deleted", result.deleted(), "keptNewer", result.keptNewer()));
            Responses.json(ctx, 200, body);
        } catch (SQLException e) {
            throw new IllegalStateException("rollback of import " + job.id() + " failed: " + e.getMessage(), e);
        }
    }

    /** The job named in the path, or a 404 (or 400 for a malformed id) already sent. */
    Optional<ImportJob> find(RoutingContext ctx) {
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, "not an import id: " + ctx.pathParam("id"));
            return Optional.empty();
        }
        Optional<ImportJob> job = jobs.find(id);
        if (job.isEmpty()) {
            Responses.error(ctx, 404, "no import " + id);
        }
        return job;
    }
}
