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
    private static final String PARTS_DIR = "partsDir";
    /** Vert.x 4.5's default limit of form fields and files in one multipart request. */
    static final int MAX_FORM_FIELDS = io.vertx.core.http.HttpServerOptions.DEFAULT_MAX_FORM_FIELDS;

    private ApiHandlers() {
    }

    /**
     * Adds the {@code /api} handlers to {@code router} (Camel Main's Vert.x router, found in the registry once the
     * HTTP server is up): bearer-token check when {@code settings.apiToken()} is set, then the pipelines, imports,
     * errors, events, cancel, retry, preview, execute, rollback and upload endpoints, the group endpoints, and one failure handler that answers JSON.
     * Before the token check, the public {@code /api/openapi.json} and {@code /api/docs} ({@link ApiDocsHandler}); on
     * Camel's own router, JSON answers to requests Vert.x cannot decode ({@link InvalidRequestAnswer}).
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
                        settings.maxFilesPerUpload(), settings.zipLimits()));
        ErrorReportHandler errorReport = new ErrorReportHandler(imports, errors);
        EventsHandler events = new EventsHandler(imports, jobs, active);

        // issue #15 (openapi): the API's description and its docs page, public (before the token check), and JSON
        // answers to requests Vert.x cannot decode (an over-long request line: 414)
        new ApiDocsHandler().mount(router);
        InvalidRequestAnswer.install(router);
        // end of issue #15 (openapi)
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
                .handler(ctx -> {
                    // each multipart request's parts in a folder of its own: when Vert.x gives up on a request half
                    // way (too many parts, a broken-off body) the parts it wrote go with the folder
                    Path parts = settings.spoolDir().resolve("parts-" + java.util.UUID.randomUUID());
                    ctx.put(PARTS_DIR, parts);
                    // an upload that made no import (refused, broken off, the client gone) keeps none of its parts
                    ctx.addEndHandler(done -> {
                        if (ctx.response().getStatusCode() != 202 || !ctx.response().ended()) {
                            ctx.vertx().executeBlocking(() -> {
                                deleteParts(ctx);
                                return null;
                            }, false);
                        }
                    });
                    BodyHandler.create(parts.toString()).setBodyLimit(settings.maxUploadBytes())
                            .setDeleteUploadedFilesOnEnd(false).setHandleFileUploads(true).handle(ctx);
                })
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
        // the web page (issue #15, part 1): GET / and /assets/* only
        WebPage.mount(router);
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
        if (status == 413 || tooManyParts(ctx.failure())) {
            // the parts written to disk before the limit are not needed
            deleteParts(ctx);
            Responses.error(ctx, 413, status == 413 ? "the upload is larger than import.max-upload-bytes"
                    : "the upload has more than " + MAX_FORM_FIELDS + " form fields and files, as many as one multipart "
                    + "request may have; put the files in a zip");
            return;
        }
        if (brokenMultipart(ctx)) {
            // Vert.x aborts the parts' streams when its decoder gives up; which limit it met is not always kept
            deleteParts(ctx);
            Responses.error(ctx, 400, "the multipart upload could not be read: it broke off, or it has more than "
                    + MAX_FORM_FIELDS + " form fields and files, as many as one request may have; put the files in a zip");
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

    /**
     * Vert.x's decoder stops a multipart request at its {@code maxFormFields} (fields and files together; Vert.x 4.5's
     * {@code HttpServerOptions.DEFAULT_MAX_FORM_FIELDS}) with Netty's {@code TooManyFormFieldsException}.
     */
    private static boolean tooManyParts(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().endsWith("TooManyFormFieldsException")) {
                return true;
            }
        }
        return false;
    }

    /** The parts a refused multipart request wrote, with their folder. */
    private static void deleteParts(RoutingContext ctx) {
        ctx.fileUploads().forEach(part -> UploadHandler.deleteQuietly(Path.of(part.uploadedFileName())));
        Path parts = ctx.get(PARTS_DIR);
        if (parts == null || !java.nio.file.Files.isDirectory(parts)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(parts)) {
            files.forEach(UploadHandler::deleteQuietly);
        } catch (java.io.IOException e) {
            LOG.warn("could not empty {}: {}", parts, e.getMessage());
        }
        UploadHandler.deleteQuietly(parts);
    }

    private static boolean brokenMultipart(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return ctx.failure() != null && "Streaming aborted".equals(ctx.failure().getMessage())
                && type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
    }

    /**
     * What the API needs from the configuration: the upload spool folder, the largest upload in bytes, the bearer
     * token (null: none), the most files in one upload or zip, and the zip-bomb limits of an uploaded zip.
     */
    public record Settings(Path spoolDir, long maxUploadBytes, String apiToken, int maxFilesPerUpload,
                           io.bulkimport.intake.ZipLimits zipLimits) {
    }
}
