package io.bulkimport.api;

import io.bulkimport.FullyStarted;
import io.bulkimport.enrich.PendingReenrichment;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.store.ImportJobRepository;
import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /api/imports/{id}/enrich-pending}: starts a pass over the import's rows stored with enrichment
 * {@code pending}. Answers 202 at once; the rows change to {@code done} as their answers arrive.
 */
public final class EnrichPendingHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichPendingHandler.class);

    /** After the other /api routes, so the bearer-token check registered before it applies. */
    private static final int ORDER = 1_000_000;

    private final ImportJobRepository jobs;
    private final PendingReenrichment reenrichment;

    public EnrichPendingHandler(ImportJobRepository jobs, PendingReenrichment reenrichment) {
        this.jobs = jobs;
        this.reenrichment = reenrichment;
    }

    /**
     * Mounts the endpoint once the context has fully started (the HTTP router exists then), for the
     * {@code pendingReenrichment} that stage enrich bound in the registry.
     */
    public static void mountWhenStarted(CamelContext camelContext, ImportJobRepository jobs) throws Exception {
        FullyStarted.then(camelContext, context -> {
            VertxPlatformHttpRouter router = context.getRegistry().findSingleByType(VertxPlatformHttpRouter.class);
            PendingReenrichment reenrichment = context.getRegistry().lookupByNameAndType("pendingReenrichment",
                    PendingReenrichment.class);
            if (router == null || reenrichment == null) {
                LOG.warn("no HTTP router or no stage enrich: POST /api/imports/{{id}}/enrich-pending is not available");
                return;
            }
            new EnrichPendingHandler(jobs, reenrichment).mount(router);
        });
    }

    public void mount(Router router) {
        router.post("/api/imports/:id/enrich-pending").order(ORDER).blockingHandler(this::handle, false);
    }

    void handle(RoutingContext ctx) {
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, "not an import id: " + ctx.pathParam("id"));
            return;
        }
        ImportJob job = jobs.find(id).orElse(null);
        if (job == null) {
            Responses.error(ctx, 404, "no import " + id);
            return;
        }
        if (!job.status().finished()) {
            Responses.error(ctx, 409, "import " + id + " is " + job.status().dbValue() + "; its rows are still being enriched");
            return;
        }
        String refusal = reenrichment.refusal(job.pipeline());
        if (refusal != null) {
            Responses.error(ctx, 409, refusal);
            return;
        }
        boolean started = reenrichment.start(id, job.pipeline(), true);
        Responses.json(ctx, 202, Map.of("id", id.toString(), "enrichPending", started ? "started" : "already running"));
    }
}
