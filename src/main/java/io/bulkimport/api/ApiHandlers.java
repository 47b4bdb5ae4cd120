package io.bulkimport.api;

import io.bulkimport.intake.DryRunExecution;
import io.bulkimport.intake.GroupIntake;
import io.bulkimport.intake.ImportIntake;
import io.bulkimport.intake.ImportRetry;
import io.bulkimport.notify.ImportNotifier;
import io.bulkimport.notify.NotificationAddresses;
import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.progress.ActiveImports;
import io.bulkimport.store.DryRunRepository;
import io.bulkimport.store.ImportErrorRepository;
import io.bulkimport.store.ImportGroupRepository;
import io.bulkimport.store.ImportJobRepository;
import io.bulkimport.store.ImportRollback;
import io.bulkimport.store.TransientFailure;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the {@code /api} endpoints on the HTTP server Camel Main runs (the same port as {@code /observe}). They
 * are Vert.x handlers rather than Camel REST routes because an upload must stream to disk as it arrives and the
 * events endpoint holds its response open.
 */
public final class ApiHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandlers.class);

    private ApiHandlers() {
    }

    /**
     * Adds the {@code /api} handlers to {@code router} (Camel Main's Vert.x router, found in the registry once the
     * HTTP server is up): bearer-token check when {@code settings.apiToken()} is set, then the pipelines, imports,
     * errors, events, cancel, retry, preview, execute, rollback and upload endpoints, the group endpoints, and one failure handler that answers JSON.
     */
    public static void mount(Router router, Settings settings, PipelineCatalog pipelines, ImportIntake intake,
                             ImportJobRepository jobs, ImportErrorRepository errors, ActiveImports active,
                             ImportRollback rollback, ImportRetry retries, ImportNotifier notifier,
                             NotificationAddresses notifyAddresses, DryRunRepository dryRuns, DryRunExecution execution,
                             GroupIntake groupIntake, ImportGroupRepository groupRepository) {
        ImportsHandler imports = new ImportsHandler(jobs, active, pipelines, rollback, retries, notifier, dryRuns);
        GroupsHandler groups = new GroupsHandler(groupRepository, jobs, active, imports, pipelines, rollback, notifier);
        DryRunHandler dryRunHandler = new DryRunHandler(imports, dryRuns, execution, pipelines, notifyAddresses,
                settings.spoolDir());
        UploadHandler upload = new UploadHandler(pipelines, intake, settings.spoolDir(), settings.maxUploadBytes(),
                notifyAddresses, new GroupUpload(groupIntake, groups, groupRepository, settings.spoolDir(),
                        settings.maxFilesPerUpload()));
        ErrorReportHandler errorReport = new ErrorReportHandler(imports, errors);
        EventsHandler events = new EventsHandler(imports, jobs, active);

        router.route("/api/*").handler(ctx -> authorize(ctx, settings.apiToken()));
        router.get("/api/pipelines").handler(ctx -> Responses.json(ctx, 200,
                pipelines.all().stream().map(PipelineDefinition::describe).toList()));
        router.get("/api/imports").blockingHandler(imports::list, false);
        router.get("/api/imports/:id").handler(imports::getRunning).blockingHandler(imports::get, false);
        router.get("/api/imports/:id/errors").blockingHandler(errorReport::handle, false);
        router.get("/api/imports/:id/events").blockingHandler(events::handle, false);
        router.get("/api/imports/:id/estimate").blockingHandler(imports::estimate, false);
        router.post("/api/imports/:id/cancel").blockingHandler(imports::cancel, false);
        router.post("/api/imports/:id/retry").blockingHandler(imports::retry, false);
        router.get("/api/imports/:id/preview").blockingHandler(dryRunHandler::preview, false);
        router.post("/api/imports/:id/execute").handler(BodyHandler.create(false).setBodyLimit(64 * 1024))
                .blockingHandler(dryRunHandler::execute, false);
        router.delete("/api/imports/:id").blockingHandler(imports::rollback, false);
        router.post("/api/imports/:pipeline").handler(upload::handle);
        router.post("/api/imports/:pipeline")
                .handler(BodyHandler.create(settings.spoolDir().toString()).setBodyLimit(settings.maxUploadBytes())
                        .setDeleteUploadedFilesOnEnd(false).setHandleFileUploads(true))
                .handler(upload::handleMultipart);
        // groups of files (issue #14)
        GroupErrorsHandler groupErrors = new GroupErrorsHandler(groups, jobs, errors);
        GroupEventsHandler groupEvents = new GroupEventsHandler(groups, groupRepository);
        router.get("/api/groups").blockingHandler(groups::list, false);
        router.get("/api/groups/:id").blockingHandler(groups::get, false);
        router.get("/api/groups/:id/errors").blockingHandler(groupErrors::handle, false);
        router.get("/api/groups/:id/events").blockingHandler(groupEvents::handle, false);
        router.post("/api/groups/:id/cancel").blockingHandler(groups::cancel, false);
        router.delete("/api/groups/:id").blockingHandler(groups::rollback, false);
        router.route("/api/*").failureHandler(ApiHandlers::failure);
        LOG.info("API mounted: /api/pipelines, /api/imports{}", settings.apiToken().isEmpty() ? "" : " (bearer token required)");
    }

    private static void authorize(RoutingContext ctx, String token) {
        if (!token.isEmpty() && !("Bearer " + token).equals(ctx.request().getHeader("Authorization"))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            Responses.error(ctx, 401, "missing or wrong bearer token");
            return;
        }
        ctx.next();
    }

    private static void failure(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status == 413) {
            Responses.error(ctx, 413, "the upload is larger than import.max-upload-bytes");
            return;
        }
        if (TransientFailure.isTransient(ctx.failure())) {
            ctx.response().putHeader("Retry-After", "5");
            Responses.error(ctx, 503, "the database is not reachable right now; imports wait for it, try again shortly");
            return;
        }
        LOG.error("API request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        Responses.error(ctx, status, ctx.failure() == null ? "request failed" : String.valueOf(ctx.failure().getMessage()));
    }

    /** What the API needs from the configuration. */
    public record Settings(Path spoolDir, long maxUploadBytes, String apiToken, int maxFilesPerUpload) {
    }
}
