package io.bulkimport.api;

import io.bulkimport.intake.GroupIntake;
import io.bulkimport.intake.SpooledUpload;
import io.bulkimport.intake.StagedFile;
import io.bulkimport.intake.ZipArchive;
import io.bulkimport.intake.ZipLimits;
import io.bulkimport.parse.UnreadableFileException;
import io.bulkimport.pipeline.ImportOptions;
import io.bulkimport.store.ImportGroupRepository;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group door of {@code POST /api/imports/{pipeline}} (issue #14): several file parts of one multipart upload
 * (each already streamed to disk by Vert.x's body handler), a zip part, or a zip as the whole body. A zip is taken
 * apart into its files ({@link ZipArchive}); the files go to {@link GroupIntake}; the answer is {@code 202} with the
 * group JSON and {@code Location: /api/groups/{id}}. More than {@code import.max-files-per-upload} file parts is a
 * {@code 413} (the total size is limited by {@code import.max-upload-bytes}, as for one file).
 */
final class GroupUpload {

    private static final Logger LOG = LoggerFactory.getLogger(GroupUpload.class);

    private final GroupIntake intake;
    private final GroupsHandler groups;
    private final ImportGroupRepository repository;
    private final Path spoolDir;
    private final int maxFiles;
    private final ZipLimits zipLimits;

    GroupUpload(GroupIntake intake, GroupsHandler groups, ImportGroupRepository repository, Path spoolDir, int maxFiles,
                ZipLimits zipLimits) {
        this.intake = intake;
        this.groups = groups;
        this.repository = repository;
        this.spoolDir = spoolDir;
        this.maxFiles = maxFiles;
        this.zipLimits = zipLimits;
    }

    /** A zip archive by its name or its content type ({@code application/zip}, {@code application/x-zip-compressed}). */
    static boolean isZip(String fileName, String contentType) {
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".zip")
                || contentType != null && contentType.toLowerCase(Locale.ROOT).matches("application/(x-)?zip(-compressed)?.*");
    }

    /** Several file parts (or one zip part): each part a file of the group, a zip part its entries. */
    void fromParts(RoutingContext ctx, String pipeline, List<FileUpload> parts, ImportOptions options) {
        if (parts.size() > maxFiles) {
            parts.forEach(p -> UploadHandler.deleteQuietly(Path.of(p.uploadedFileName())));
            UploadHandler.deleteQuietly(Path.of(parts.get(0).uploadedFileName()).getParent());   // its own folder, now empty
            ctx.response().putHeader("Connection", "close");
            Responses.error(ctx, 413, "the upload has " + parts.size() + " files, more than import.max-files-per-upload ("
                    + maxFiles + "); put them in a zip or upload them in several requests");
            return;
        }
        String name = parts.size() == 1 ? UploadFileName.of(parts.get(0).fileName(), parts.get(0).contentType()) : null;
        ctx.vertx().executeBlocking(() -> {
                    List<StagedFile> files = new ArrayList<>();
                    for (FileUpload part : parts) {
                        String fileName = UploadFileName.of(part.fileName(), part.contentType());
                        Path path = Path.of(part.uploadedFileName());
                        if (isZip(fileName, part.contentType())) {
                            files.addAll(unzip(path, fileName, options));
                        } else {
                            files.add(StagedFile.of(fileName, path, part.size()));
                        }
                    }
                    return intake.fromFiles(pipeline, "upload", name, files, options);
                }, false)
                .onSuccess(id -> accepted(ctx, id))
                .onFailure(e -> failed(ctx, pipeline, e, parts.stream().map(p -> Path.of(p.uploadedFileName())).toList()));
    }

    /** A zip sent as the whole body, already on disk at {@code spooled}. */
    void fromZip(RoutingContext ctx, String pipeline, Path spooled, String zipName, ImportOptions options) {
        ctx.vertx().executeBlocking(() -> intake.fromFiles(pipeline, "upload", zipName, unzip(spooled, zipName, options), options), false)
                .onSuccess(id -> accepted(ctx, id))
                .onFailure(e -> failed(ctx, pipeline, e, List.of(spooled)));
    }

    /**
     * The zip's files, taken out into a folder of their own under {@code import.zip-*} limits (a CSV entry's records
     * counted in the upload's dialect); the zip itself is deleted once taken apart.
     */
    private List<StagedFile> unzip(Path zip, String zipName, ImportOptions options) throws IOException {
        Path into = Files.createDirectories(spoolDir.resolve("zip-" + UUID.randomUUID()));
        try {
            List<StagedFile> files = ZipArchive.extract(zip, zipName, into, options.dialect(), zipLimits);
            if (files.size() > maxFiles) {
                throw new TooManyFiles(zipName + " has " + files.size() + " files, more than import.max-files-per-upload ("
                        + maxFiles + ")", files);
            }
            return files;
        } finally {
            SpooledUpload.delete(zip);   // and the request's folder it came in, once empty
        }
    }

    private void accepted(RoutingContext ctx, UUID groupId) {
        ctx.response().putHeader("Location", "/api/groups/" + groupId);
        Responses.json(ctx, 202, groups.view(repository.find(groupId).orElseThrow()));
    }

    private static void failed(RoutingContext ctx, String pipeline, Throwable e, List<Path> spooled) {
        spooled.forEach(UploadHandler::deleteQuietly);
        if (e instanceof TooManyFiles many) {
            many.files.stream().filter(f -> f.path() != null).forEach(f -> UploadHandler.deleteQuietly(f.path()));
            Responses.error(ctx, 413, many.getMessage());
        } else if (e instanceof UnreadableFileException unreadable) {
            Responses.error(ctx, 400, unreadable.getMessage());
        } else {
            LOG.error("group upload to {} could not be registered", pipeline, e);
            Responses.error(ctx, 500, "the group could not be registered: " + e.getMessage());
        }
    }

    /** A zip with more files than one upload may have. */
    private static final class TooManyFiles extends IOException {
        private final transient List<StagedFile> files;

        TooManyFiles(String message, List<StagedFile> files) {
            super(message);
            this.files = files;
        }
    }
}
