package io.bulkimport.api;

import io.bulkimport.progress.ActiveImports;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.store.ImportJobRepository;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
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

    /** Runs on a worker thread (blocking handler); the periodic pushes run on the event loop. */
    void handle(RoutingContext ctx) {
        Optional<ImportJob> found = imports.find(ctx);
        if (found.isEmpty()) {
            return;
        }
        UUID id = found.get().id();
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
        // the first event at once, from this worker thread; the timer starts only after it, so it never fires
        // before setPeriodic has returned (a zero delay did, and cancelling it from its first tick then failed)
        if (push(response, found.get())) {
            return;
        }
        Vertx vertx = ctx.vertx();
        long timer = vertx.setPeriodic(1000, t -> vertx.executeBlocking(() -> current(id), false)
                .onSuccess(job -> {
                    if (response.ended() || response.closed() || push(response, job)) {
                        vertx.cancelTimer(t);
                    }
                }));
        response.closeHandler(v -> vertx.cancelTimer(timer));
    }

    /** The job now: from live progress while it runs here (the same figures as GET), else its row. */
    private ImportJob current(UUID id) {
        return active.progress().find(id).orElseGet(() -> jobs.find(id).orElseThrow());
    }

    /** Writes one progress event; ends the stream and answers true when the job has finished. */
    private boolean push(HttpServerResponse response, ImportJob job) {
        response.write("event: progress\ndata: " + Responses.write(imports.view(job, Instant.now())) + "\n\n");
        if (job.status().finished()) {
            response.end();
            return true;
        }
        return false;
    }
}
