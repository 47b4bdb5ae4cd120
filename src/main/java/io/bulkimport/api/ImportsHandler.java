package io.bulkimport.api;

import io.bulkimport.progress.ActiveImports;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.ImportStatus;
import io.bulkimport.progress.JobView;
import io.bulkimport.store.ImportJobRepository;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** {@code GET /api/imports}, {@code GET /api/imports/{id}}, {@code POST /api/imports/{id}/cancel}. Blocking handlers. */
final class ImportsHandler {

    private final ImportJobRepository jobs;
    private final ActiveImports active;

    ImportsHandler(ImportJobRepository jobs, ActiveImports active) {
        this.jobs = jobs;
        this.active = active;
    }

    void list(RoutingContext ctx) {
        Instant now = Instant.now();
        Responses.json(ctx, 200, jobs.recent(100).stream().map(j -> JobView.of(j, now)).toList());
    }

    void get(RoutingContext ctx) {
        find(ctx).ifPresent(job -> Responses.json(ctx, 200, JobView.of(job, Instant.now())));
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
        if (active.find(job.id()).isPresent()) {
            active.find(job.id()).get().cancel();
        } else {
            jobs.finish(job.id(), ImportStatus.CANCELLED, null);
        }
        Responses.json(ctx, 202, JobView.of(jobs.find(job.id()).orElseThrow(), Instant.now()));
    }

    void rollback(RoutingContext ctx) {
        find(ctx).ifPresent(job -> Responses.error(ctx, 501,
                "rolling back an import is not implemented yet; rows of this import carry import_id " + job.id()));
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
