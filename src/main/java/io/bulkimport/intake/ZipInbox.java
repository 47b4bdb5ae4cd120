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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox door of a zip archive (issue #14, part 3): a {@code .zip} dropped in {@code inbox/<pipeline>/} is taken
 * out ({@link ZipArchive}) into the work folder and registered as one group of imports ({@link GroupIntake}) with the
 * pipeline's default options. The zip stays where it was dropped while its group runs, and moves once the group has
 * finished: to {@code .done/}, or to {@code .failed/} when it is not a zip at all or every file of it failed, as a
 * single file moves when its import ends. Its files are deleted from the work folder then.
 * <p>
 * The group is registered in the inbox consumer's thread; the wait for its end is not (a thread per zip that polls
 * the group's files), so the other files of the folder go on meanwhile. Restart-safe: a zip whose group was still
 * running when the service stopped resumes that group (the group of that zip name whose files are not all finished)
 * instead of registering it again. Two instances sharing an inbox: the one holding the zip's advisory
 * lock (named after pipeline and zip name) takes it; the other leaves it in place.
 */
public class ZipInbox extends AsyncProcessorSupport {

    /** The exchange property naming the pipeline whose inbox the zip was dropped in. */
    public static final String PIPELINE = "zipInboxPipeline";

    private static final Logger LOG = LoggerFactory.getLogger(ZipInbox.class);

    private final InboxGroupRepository groups;
    private final ImportLocks locks;
    private final PipelineCatalog pipelines;
    private final ImportRunner runner;
    private final Supplier<GroupIntake> groupIntake;
    private final Path workDir;
    private final ZipLimits limits;
    private final Duration poll;
    private final ExecutorService watcher = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "inbox-zip");
        thread.setDaemon(true);
        return thread;
    });

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

    /**
     * Registers (or resumes) the zip's group in the consumer's thread, then completes the exchange, which moves the zip
     * (or leaves it in place), once the group has ended, from the watcher's thread: the consumer goes on with the other
     * files of its poll meanwhile.
     */
    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            Started started = start(exchange);
            if (started == null) {
                callback.done(true);
                return true;
            }
            watcher.execute(() -> awaitEnd(exchange, started, callback));
            return false;
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    /** The group to wait for and the lock held meanwhile, or null when the exchange is already decided. */
    private Started start(Exchange exchange) throws IOException {
        Path zip = Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class)).toAbsolutePath();
        String zipName = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String pipelineName = exchange.getProperty(PIPELINE, String.class);
        PipelineDefinition pipeline = pipelines.find(pipelineName)
                .orElseThrow(() -> new IllegalStateException("the inbox route names an unknown pipeline: " + pipelineName));
        UUID key = UUID.nameUUIDFromBytes(("inbox-zip:" + pipelineName + "/" + zipName).getBytes(StandardCharsets.UTF_8));
        Optional<ImportLocks.Held> lock = locks.tryLock(key);
        if (lock.isEmpty()) {
            LOG.info("inbox/{}/{} is being imported by another instance", pipelineName, zipName);
            exchange.setRollbackOnly(true);
            return null;
        }
        Path into = workDir.resolve(key.toString());
        try {
            UUID groupId = groups.unfinished(pipelineName, zipName).map(this::resume).orElse(null);
            if (groupId == null) {
                groupId = register(pipeline, zip, zipName, into);
            }
            if (groupId == null) {
                exchange.setProperty(ImportIntake.INBOX_FOLDER, ".failed");
                lock.get().close();
                return null;
            }
            return new Started(groupId, pipelineName + "/" + zipName, into, lock.get());
        } catch (IOException | RuntimeException e) {
            lock.get().close();
            throw e;
        }
    }

    /** Waits in the watcher's thread until the group has ended, or the service stops; then completes the exchange. */
    private void awaitEnd(Exchange exchange, Started started, AsyncCallback callback) {
        try (ImportLocks.Held held = started.lock()) {
            InboxGroupRepository.Files files = groups.files(started.groupId());
            while (!files.finished()) {
                if (exchange.getContext().isStopping() || exchange.getContext().isStopped()) {
                    // the zip stays, and its group resumes at the next start
                    exchange.setRollbackOnly(true);
                    return;
                }
                Thread.sleep(poll.toMillis());
                files = groups.files(started.groupId());
            }
            deleteTree(started.into());
            LOG.info("inbox/{}: group {} ended ({} files, {} failed)", started.name(), started.groupId(), files.total(),
                    files.failed());
            exchange.setProperty(ImportIntake.INBOX_FOLDER, files.allFailed() ? ".failed" : ".done");
            exchange.getIn().setHeader("groupId", started.groupId().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.setRollbackOnly(true);
        } catch (IOException | RuntimeException e) {
            exchange.setException(e);
        } finally {
            callback.done(false);
        }
    }

    private record Started(UUID groupId, String name, Path into, ImportLocks.Held lock) {
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
