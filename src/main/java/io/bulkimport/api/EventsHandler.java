package io.bulkimport.api;

import io.bulkimport.progress.ActiveImports;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.store.ImportJobRepository;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /api/imports/{id}/events}: Server-Sent Events with the job JSON every second until it ends; while the
 * job runs here, with the same live percent, rate and ETA as {@code GET /api/imports/{id}}.
 */
final class EventsHandler {

    private final ImportsHandler imports;
    private final ImportJobRepository jobs;
    private final ActiveImports active;

    EventsHandler(ImportsHandler imports, ImportJobRepository jobs, ActiveImports active) {
        this.imports = imports;
        this.jobs = jobs;
        this.active = active;
    }

    /** Runs on a worker thread (blocking handler): {@link ProgressEventStream}. */
    void handle(RoutingContext ctx) {
        Optional<ImportJob> found = imports.find(ctx);
        if (found.isEmpty()) {
            return;
        }
        UUID id = found.get().id();
        ProgressEventStream.open(ctx, found.get(), () -> current(id), job -> imports.view(job, Instant.now()),
                job -> job.status().finished());
    }

    /** The job now: from live progress while it runs here (the same figures as GET), else its row. */
    private ImportJob current(UUID id) {
        return active.progress().find(id).orElseGet(() -> jobs.find(id).orElseThrow());
    }
}
