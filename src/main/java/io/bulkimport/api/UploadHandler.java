package io.bulkimport.api;

import io.bulkimport.intake.DuplicateFileException;
import io.bulkimport.intake.FileFingerprint;
import io.bulkimport.intake.ImportIntake;
import io.bulkimport.notify.NotificationAddresses;
import io.bulkimport.pipeline.ImportOptions;
import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.JobView;
import io.bulkimport.validate.ConstantColumns;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/imports/{pipeline}}: streams the body to a file under the work folder (never whole into
 * memory), fingerprinting it on the way (SHA-256, the charset of its text and a CSV file's data rows, in one pass),
 * then registers the import and answers 202 with the job.
 */
final class UploadHandler {

    private static final Logger LOG = LoggerFactory.getLogger(UploadHandler.class);

    private final PipelineCatalog pipelines;
    private final ImportIntake intake;
    private final Path spoolDir;
    private final long maxBytes;
    private final NotificationAddresses notifyAddresses;
    private final GroupUpload groups;

    /** @param groups where an upload of several files or of a zip goes (issue #14) */
    UploadHandler(PipelineCatalog pipelines, ImportIntake intake, Path spoolDir, long maxBytes,
                  NotificationAddresses notifyAddresses, GroupUpload groups) {
        this.groups = groups;
        this.notifyAddresses = notifyAddresses;
        this.pipelines = pipelines;
        this.intake = intake;
        this.spoolDir = spoolDir;
        this.maxBytes = maxBytes;
    }

    /** First handler: checks what can be checked before the body, then streams a plain body; multipart goes on. */
    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Upload upload = prepare(ctx);
        if (upload == null) {
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            // curl sends this for bodies over 1 MB and waits a second for the answer before sending anyway
            ctx.response().writeContinue();
        }
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && contentType.toLowerCase().startsWith("multipart/")) {
            ctx.put("upload", upload);
            ctx.next();
            return;
        }
        request.pause();
        Path spooled = spoolDir.resolve(UUID.randomUUID() + ".upload");
        Vertx vertx = ctx.vertx();
        vertx.fileSystem().open(spooled.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
                .onFailure(e -> fail(ctx, 500, "cannot store the upload: " + e.getMessage(), spooled))
                .onSuccess(file -> stream(ctx, upload, file, spooled));
    }

    /**
     * Second handler, after Vert.x's body handler wrote the multipart file parts to disk. The form's other fields are
     * upload options as well: a field fills an option the query does not give (the query wins), and the options are
     * read again from both. One file part that is not a zip is one import, as a plain body is; several file parts,
     * or a zip, are a group ({@link GroupUpload}).
     */
    void handleMultipart(RoutingContext ctx) {
        Upload first = ctx.get("upload");
        List<FileUpload> parts = ctx.fileUploads();
        FileUpload part = parts.stream().findFirst().orElse(null);
        if (part == null) {
            Responses.error(ctx, 400, "the multipart upload has no file part");
            return;
        }
        Path spooled = Path.of(part.uploadedFileName());
        Map<String, String> params = new HashMap<>();
        ctx.request().formAttributes().forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
        params.putAll(first.params);
        PipelineDefinition pipeline = pipelines.find(first.pipeline).orElse(null);
        ImportOptions options = pipeline == null ? null : options(ctx, pipeline, params);
        if (options == null) {
            parts.forEach(p -> deleteQuietly(Path.of(p.uploadedFileName())));
            return;
        }
        try {
            UploadFileName.requireNotTooLong(params.get("filename"));
            parts.forEach(p -> UploadFileName.requireNotTooLong(p.fileName()));
        } catch (IllegalArgumentException e) {
            parts.forEach(p -> deleteQuietly(Path.of(p.uploadedFileName())));
            Responses.error(ctx, 400, e.getMessage());
            return;
        }
        if (parts.size() > 1 || GroupUpload.isZip(part.fileName(), part.contentType())) {
            groups.fromParts(ctx, first.pipeline, parts, options);
            return;
        }
        Upload upload = new Upload(first.pipeline, first.fileName, options, params);
        String name = params.containsKey("filename") ? UploadFileName.of(params.get("filename"), part.contentType())
                : UploadFileName.of(part.fileName(), part.contentType());
        ctx.vertx().executeBlocking(() -> FileFingerprint.of(spooled, name, upload.options.dialect()), false)
                .onFailure(e -> fail(ctx, 500, "cannot read the upload: " + e.getMessage(), spooled))
                .onSuccess(fingerprint -> register(ctx, upload.withName(name), spooled, part.size(), fingerprint));
    }

    private Upload prepare(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        PipelineDefinition pipeline = Responses.pipelineOrNotFound(ctx, pipelines);
        if (pipeline == null) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        request.params().forEach(e -> params.put(e.getKey(), e.getValue()));
        ImportOptions options = options(ctx, pipeline, params);
        if (options == null) {
            return null;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && parseLong(length) > maxBytes) {
            tooLarge(ctx);
            return null;
        }
        String given;
        try {
            given = UploadFileName.requireNotTooLong(params.containsKey("filename") ? params.get("filename")
                    : ContentDispositionName.of(request.getHeader("Content-Disposition")));
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
            return null;
        }
        return new Upload(pipeline.getName(), UploadFileName.of(given, request.getHeader("Content-Type")), options, params);
    }

    /** The upload's options from its parameters, or null after answering 400 naming the one that is not valid. */
    private ImportOptions options(RoutingContext ctx, PipelineDefinition pipeline, Map<String, String> params) {
        try {
            // Vert.x Web puts the path's {pipeline} among the request's parameters too
            java.util.Set<String> names = new java.util.HashSet<>(params.keySet());
            names.removeAll(ctx.pathParams().keySet());
            UploadParameters.requireKnown(names);
            ImportOptions options = ImportOptions.from(pipeline, params);
            ConstantColumns.requireValid(pipeline, options.columns());
            // no request forgery: an upload's own webhook goes only to an allowed host
            if (options.notifyUrl() != null) {
                notifyAddresses.checkUrl(options.notifyUrl());
            }
            if (options.notifyEmail() != null) {
                notifyAddresses.checkEmail(options.notifyEmail());
            }
            return options;
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
            return null;
        }
    }

    private void stream(RoutingContext ctx, Upload upload, AsyncFile file, Path spooled) {
        HttpServerRequest request = ctx.request();
        FileFingerprint.Scan scan = new FileFingerprint.Scan(upload.fileName, upload.options.dialect());
        long[] size = {0};
        // the file is closed once, by whichever comes first: the end, an error, or the size limit
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        request.handler(buffer -> {
            if (closed.get()) {
                return;
            }
            size[0] += buffer.length();
            if (size[0] > maxBytes) {
                closed.set(true);
                file.close();
                deleteQuietly(spooled);
                tooLarge(ctx);
                return;
            }
            byte[] bytes = buffer.getBytes();
            scan.update(bytes, 0, bytes.length);
            file.write(buffer);
            if (file.writeQueueFull()) {
                request.pause();
                file.drainHandler(v -> request.resume());
            }
        });
        request.exceptionHandler(e -> {
            LOG.warn("upload to {} broke off after {} bytes: {}", upload.pipeline, size[0], e.getMessage());
            if (closed.compareAndSet(false, true)) {
                file.close();
            }
            deleteQuietly(spooled);
        });
        request.endHandler(v -> {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            file.close()
                    .onFailure(e -> fail(ctx, 500, "cannot store the upload: " + e.getMessage(), spooled))
                    .onSuccess(x -> register(ctx, upload, spooled, size[0], scan.finish()));
        });
        request.resume();
    }

    private void register(RoutingContext ctx, Upload upload, Path spooled, long size, FileFingerprint fingerprint) {
        if (ctx.response().ended()) {
            deleteQuietly(spooled);
            return;
        }
        if (GroupUpload.isZip(upload.fileName, ctx.request().getHeader("Content-Type"))) {
            groups.fromZip(ctx, upload.pipeline, spooled, upload.fileName, upload.options);
            return;
        }
        ctx.vertx().executeBlocking(() -> intake.fromUpload(upload.pipeline, spooled, upload.fileName, size, fingerprint, upload.options), false)
                .onSuccess(job -> accepted(ctx, job))
                .onFailure(e -> {
                    deleteQuietly(spooled);
                    if (e instanceof DuplicateFileException duplicate) {
                        Responses.json(ctx, 409, Map.of("error", duplicate.getMessage(),
                                "existingImport", JobView.of(duplicate.existing(), Instant.now())));
                    } else if (e instanceof IllegalArgumentException refused) {
                        // a saved mapping the pipeline lacks, or a mapped header the file lacks
                        Responses.error(ctx, 400, refused.getMessage());
                    } else {
                        LOG.error("upload to {} could not be registered", upload.pipeline, e);
                        Responses.error(ctx, 500, "the import could not be registered: " + e.getMessage());
                    }
                });
    }

    private static void accepted(RoutingContext ctx, ImportJob job) {
        ctx.response().putHeader("Location", "/api/imports/" + job.id());
        Responses.json(ctx, 202, JobView.of(job, Instant.now()));
    }

    private void tooLarge(RoutingContext ctx) {
        ctx.response().putHeader("Connection", "close");
        Responses.error(ctx, 413, "the upload is larger than import.max-upload-bytes (" + maxBytes + " bytes)");
    }

    private void fail(RoutingContext ctx, int status, String message, Path spooled) {
        deleteQuietly(spooled);
        Responses.error(ctx, status, message);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", file, e.getMessage());
        }
    }

    private record Upload(String pipeline, String fileName, ImportOptions options, Map<String, String> params) {
        Upload withName(String name) {
            return new Upload(pipeline, name, options, params);
        }
    }
}
