package io.bulkimport.intake;

import io.bulkimport.notify.ImportNotifier;
import io.bulkimport.pipeline.ImportOptions;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.ImportStatus;
import io.bulkimport.store.ImportGroupRepository;
import io.bulkimport.store.ImportJobRepository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake of a group of files (issue #14): several file parts of one upload, the entries of a zip, or a zip dropped in
 * the inbox. Registers the group and one import job per file, each as {@link ImportIntake} registers a single file
 * (fingerprint, the saved or explicit mapping checked against its header, the same options), and queues them with
 * {@link ImportRunner#submit(UUID, UUID)}.
 *
 * <p>No file stops the others: a file refused at intake (a {@link StagedFile} refusal, a mapped header it lacks, a
 * file that cannot be read) is a {@code failed} job of the group with the reason as its error. A file whose bytes
 * (SHA-256) equal an earlier file of the same group, or a file imported before into the pipeline (unless
 * {@code force=true}, as a single upload's 409 says), is not imported again: it is a {@code completed} job with no
 * rows whose {@code duplicate_of} names the job that has those bytes.
 */
public class GroupIntake {

    private static final Logger LOG = LoggerFactory.getLogger(GroupIntake.class);

    private final ImportJobRepository jobs;
    private final ImportGroupRepository groups;
    private final ImportIntake intake;
    private final ImportRunner runner;
    private final ImportNotifier notifier;

    /** @param notifier told when a group has no file to run, so that it ends (and notifies) at once */
    public GroupIntake(ImportJobRepository jobs, ImportGroupRepository groups, ImportIntake intake, ImportRunner runner,
                       ImportNotifier notifier) {
        this.notifier = notifier;
        this.jobs = jobs;
        this.groups = groups;
        this.intake = intake;
        this.runner = runner;
    }

    /**
     * Registers a group of {@code files} for {@code pipeline} and queues its imports.
     *
     * @param source  {@code upload} or {@code inbox}
     * @param name    the zip's name when the group came as one, else null
     * @param files   the files, in the order they came; a refused one becomes a failed import of the group
     * @param options the upload's options, for every file of the group
     * @return the group's id
     */
    public UUID fromFiles(String pipeline, String source, String name, List<StagedFile> files, ImportOptions options) {
        UUID groupId = UUID.randomUUID();
        groups.create(groupId, pipeline, source, name, options, files.size());
        Map<String, UUID> firstWithBytes = new HashMap<>();
        List<UUID> queued = new ArrayList<>();
        for (StagedFile file : files) {
            UUID jobId = UUID.randomUUID();
            try {
                if (register(groupId, jobId, pipeline, source, file, options, firstWithBytes)) {
                    queued.add(jobId);
                }
            } catch (RuntimeException e) {
                // one file's trouble (a database hiccup on its row) is its own: it fails, the others go on
                LOG.warn("{} group {}: '{}' could not be registered: {}", pipeline, groupId, file.fileName(), e.getMessage());
                failed(groupId, jobId, pipeline, source, file, null, options, "could not be registered: " + e.getMessage());
            }
        }
        LOG.info("{} group {} registered: {} files ({} queued){}", pipeline, groupId, files.size(), queued.size(),
                name == null ? "" : " from " + name);
        queued.forEach(id -> runner.submit(id, groupId));
        if (queued.isEmpty()) {
            notifier.groupMayHaveEnded(groupId);   // every file refused: the group has ended already
        }
        return groupId;
    }

    /** Registers one file of the group; true when it is queued to import. */
    private boolean register(UUID groupId, UUID jobId, String pipeline, String source, StagedFile file,
                             ImportOptions chosen, Map<String, UUID> firstWithBytes) {
        if (file.refusal() != null) {
            failed(groupId, jobId, pipeline, source, file, null, chosen, file.refusal());
            return false;
        }
        FileFingerprint fingerprint;
        try {
            fingerprint = file.fingerprint() != null ? file.fingerprint()
                    : FileFingerprint.of(file.path(), file.fileName(), chosen.dialect());
        } catch (IOException e) {
            failed(groupId, jobId, pipeline, source, file, null, chosen, "cannot read the file: " + e.getMessage());
            return false;
        }
        UUID sameInGroup = firstWithBytes.putIfAbsent(fingerprint.sha256(), jobId);
        if (sameInGroup != null) {
            duplicate(groupId, jobId, pipeline, source, file, fingerprint, chosen, sameInGroup);
            return false;
        }
        Optional<ImportJob> before = jobs.findSameFile(pipeline, fingerprint.sha256());
        if (before.isPresent() && (!chosen.force() || !before.get().status().finished())) {
            // a running import of the same bytes blocks even a forced one (one active job per file: migration V4);
            // a later file of this group with these bytes names the import that has them too, not this duplicate
            firstWithBytes.put(fingerprint.sha256(), before.get().id());
            duplicate(groupId, jobId, pipeline, source, file, fingerprint, chosen, before.get().id());
            return false;
        }
        ImportOptions options;
        try {
            options = intake.mapped(pipeline, file.path(), file.fileName(), chosen.withCharset(fingerprint.charset()));
        } catch (IllegalArgumentException e) {
            failed(groupId, jobId, pipeline, source, file, fingerprint, chosen, e.getMessage());
            return false;
        }
        Long rows = fingerprint.dataRows();
        jobs.create(job(jobId, pipeline, source, file, fingerprint.sha256(), options, ImportStatus.QUEUED, rows));
        groups.addFile(groupId, jobId, null);
        return true;
    }

    private void duplicate(UUID groupId, UUID jobId, String pipeline, String source, StagedFile file,
                           FileFingerprint fingerprint, ImportOptions options, UUID of) {
        jobs.create(job(jobId, pipeline, source, file, fingerprint.sha256(), options, ImportStatus.COMPLETED, 0L));
        jobs.finish(jobId, ImportStatus.COMPLETED, null);
        groups.addFile(groupId, jobId, of);
        LOG.info("{} group {}: '{}' has the same bytes as import {}; not imported again", pipeline, groupId,
                file.fileName(), of);
        deleteUpload(source, file);
    }

    private void failed(UUID groupId, UUID jobId, String pipeline, String source, StagedFile file,
                        FileFingerprint fingerprint, ImportOptions options, String reason) {
        jobs.create(job(jobId, pipeline, source, file, fingerprint == null ? null : fingerprint.sha256(), options,
                ImportStatus.FAILED, null));
        jobs.finish(jobId, ImportStatus.FAILED, reason);
        groups.addFile(groupId, jobId, null);
        LOG.info("{} group {}: '{}' refused: {}", pipeline, groupId, file.fileName(), reason);
        deleteUpload(source, file);
    }

    private static ImportJob job(UUID id, String pipeline, String source, StagedFile file, String sha256,
                                 ImportOptions options, ImportStatus status, Long rows) {
        return new ImportJob(id, pipeline, source, file.fileName(), file.path() == null ? "" : file.path().toString(),
                sha256, file.sizeBytes(), options, List.of(), status, rows, rows != null, 0, 0, 0, 0, 0,
                rows == null ? null : ImportJobRepository.batchesFor(rows, options.batchSize()), null, null, null, null);
    }

    /** An upload's copy of a file that will not be imported is not needed (an inbox file is the inbox's to move). */
    private static void deleteUpload(String source, StagedFile file) {
        if (!"upload".equals(source) || file.path() == null) {
            return;
        }
        SpooledUpload.delete(file.path());
    }
}
