package io.bulkimport.intake;

import io.bulkimport.parse.UnreadableFileException;
import io.bulkimport.pipeline.ImportOptions;
import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.store.ImportLocks;
import io.bulkimport.store.InboxGroupRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox door of a zip archive (issue #14, part 3): a {@code .zip} dropped in {@code inbox/<pipeline>/} is taken
 * out ({@link ZipArchive}) into the work folder and registered as one group of imports ({@link GroupIntake}) with the
 * pipeline's default options. The zip stays where it was dropped while its group runs, and moves once the group has
 * finished: to {@code .done/}, or to {@code .failed/} when it is not a zip at all or every file of it failed, as a
 * single file moves when its import ends. Its files are deleted from the work folder then.
 * <p>
 * Like the single-file door, it runs in the inbox consumer's thread until the group ends. Restart-safe: a zip whose
 * group was still running when the service stopped resumes that group (the group of that zip name whose files are not
 * all finished) instead of registering it again. Two instances sharing an inbox: the one holding the zip's advisory
 * lock (named after pipeline and zip name) takes it; the other leaves it in place.
 */
public class ZipInbox {

    private static final Logger LOG = LoggerFactory.getLogger(ZipInbox.class);

    private final InboxGroupRepository groups;
    private final ImportLocks locks;
    private final PipelineCatalog pipelines;
    private final ImportRunner runner;
    private final Supplier<GroupIntake> groupIntake;
    private final Path workDir;
    private final ZipLimits limits;
    private final Duration poll;

    /**
     * @param groupIntake the group intake, looked up when the first zip comes (it is wired after this door)
     * @param workDir     where the zips' files are taken out, one folder per zip
     * @param poll        how often the group is looked at while it runs
     */
    public ZipInbox(InboxGroupRepository groups, ImportLocks locks, PipelineCatalog pipelines, ImportRunner runner,
                    Supplier<GroupIntake> groupIntake, Path workDir, ZipLimits limits, Duration poll) {
        this.groups = groups;
        this.locks = locks;
        this.pipelines = pipelines;
        this.runner = runner;
        this.groupIntake = groupIntake;
        this.workDir = workDir;
        this.limits = limits;
        this.poll = poll;
    }

    /** Registers (or resumes) the zip's group, waits for it to end, and names the folder the zip moves to. */
    public void fromInbox(Exchange exchange, String pipelineName) throws IOException, InterruptedException {
        Path zip = Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class)).toAbsolutePath();
        String zipName = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        PipelineDefinition pipeline = pipelines.find(pipelineName)
                .orElseThrow(() -> new IllegalStateException("the inbox route names an unknown pipeline: " + pipelineName));
        UUID key = UUID.nameUUIDFromBytes(("inbox-zip:" + pipelineName + "/" + zipName).getBytes(StandardCharsets.UTF_8));
        Optional<ImportLocks.Held> lock = locks.tryLock(key);
        if (lock.isEmpty()) {
            LOG.info("inbox/{}/{} is being imported by another instance", pipelineName, zipName);
            exchange.setRollbackOnly(true);
            return;
        }
        try (ImportLocks.Held held = lock.get()) {
            Path into = workDir.resolve(key.toString());
            UUID groupId = groups.unfinished(pipelineName, zipName).map(this::resume).orElse(null);
            if (groupId == null) {
                groupId = register(pipeline, zip, zipName, into);
                if (groupId == null) {
                    exchange.setProperty(ImportIntake.INBOX_FOLDER, ".failed");
                    return;
                }
            }
            InboxGroupRepository.Files files = awaitEnd(groupId, exchange);
            if (files == null) {
                // the service is stopping: the zip stays, and its group resumes at the next start
                exchange.setRollbackOnly(true);
                return;
            }
            deleteTree(into);
            LOG.info("inbox/{}/{}: group {} ended ({} files, {} failed)", pipelineName, zipName, groupId, files.total(),
                    files.failed());
            exchange.setProperty(ImportIntake.INBOX_FOLDER, files.allFailed() ? ".failed" : ".done");
            exchange.getIn().setHeader("groupId", groupId.toString());
        }
    }

    /** The group's id, or null when the file is not a zip archive that can be imported (it goes to .failed/). */
    private UUID register(PipelineDefinition pipeline, Path zip, String zipName, Path into) throws IOException {
        ImportOptions defaults = ImportOptions.defaultsOf(pipeline);
        deleteTree(into);   // what a crash before registering left
        List<StagedFile> files;
        try {
            files = ZipArchive.extract(zip, zipName, into, defaults.dialect(), limits);
        } catch (UnreadableFileException e) {
            LOG.warn("inbox/{}/{} is not imported: {}; moved to .failed/", pipeline.getName(), zipName, e.getMessage());
            deleteTree(into);
            return null;
        }
        try {
            UUID groupId = groupIntake.get().fromFiles(pipeline.getName(), "inbox", zipName, files, defaults);
            LOG.info("inbox/{}/{}: group {} registered with {} files", pipeline.getName(), zipName, groupId, files.size());
            return groupId;
        } catch (RuntimeException e) {
            deleteTree(into);   // the zip stays and is taken out again at the next try
            throw e;
        }
    }

    /** Queues again the files of a group that a stop left unfinished (a job already running elsewhere is skipped). */
    private UUID resume(UUID groupId) {
        List<UUID> open = groups.openJobs(groupId);
        LOG.info("resuming inbox group {} ({} files not finished)", groupId, open.size());
        open.forEach(id -> runner.submit(id, groupId));
        return groupId;
    }

    /** How the group's files ended, or null when the service began to stop first. */
    private InboxGroupRepository.Files awaitEnd(UUID groupId, Exchange exchange) throws InterruptedException {
        while (true) {
            InboxGroupRepository.Files files = groups.files(groupId);
            if (files.finished()) {
                return files;
            }
            if (exchange.getContext().isStopping() || exchange.getContext().isStopped()) {
                return null;
            }
            Thread.sleep(poll.toMillis());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The group intake bound in the registry, looked up when first needed. */
    public static Supplier<GroupIntake> lookup(org.apache.camel.spi.Registry registry) {
        return () -> {
            GroupIntake intake = registry.findSingleByType(GroupIntake.class);
            if (intake == null) {
                throw new IllegalStateException("no GroupIntake is bound: zip archives cannot be registered as groups");
            }
            return intake;
        };
    }
}
