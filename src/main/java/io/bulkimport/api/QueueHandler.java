package io.bulkimport.api;

import io.bulkimport.FullyStarted;
import io.bulkimport.intake.ImportQueue;
import io.bulkimport.scale.WorkerRegistry;
import io.bulkimport.store.QueuedJobRepository;
import io.bulkimport.store.QueuedJobRepository.Described;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/queue}: what this instance's import queue holds now, what an operator checks when "the import seems
 * stuck": {@code maxConcurrentFiles} (the limit), {@code totals} ({@code queued}, {@code running}), then
 * {@code running} and {@code queued}, each import as {@code id, pipeline, fileName, groupId, status, since, position}
 * ({@code since}: when it started running here, or when it was queued; {@code position}: 1 for the next to run, null
 * for a running one). A job cancelled while it waited is left out: it leaves the queue without running. Then
 * {@code workers}: with a broker (issue #16), the instances whose workers take stage messages, seen within 30 s
 * ({@link WorkerRegistry#recent()}); empty without one.
 */
public final class QueueHandler {

    private static final Logger LOG = LoggerFactory.getLogger(QueueHandler.class);

    /** After the other /api routes, so the bearer-token check registered before them applies. */
    private static final int ORDER = 1_000_000;
    private static final List<String> WAITING_OR_RUNNING = List.of("queued", "running");

    private final ImportQueue queue;
    private final QueuedJobRepository jobs;
    private final WorkerRegistry workers;

    /** @param workers the instances that work stage messages, or null when there is no broker */
    QueueHandler(ImportQueue queue, QueuedJobRepository jobs, WorkerRegistry workers) {
        this.queue = queue;
        this.jobs = jobs;
        this.workers = workers;
    }

    /** Mounts the endpoint once the context has fully started (the HTTP router exists then). */
    public static void mountWhenStarted(CamelContext camelContext, ImportQueue queue, QueuedJobRepository jobs)
            throws Exception {
        FullyStarted.then(camelContext, context -> {
            VertxPlatformHttpRouter router = context.getRegistry().findSingleByType(VertxPlatformHttpRouter.class);
            if (router == null) {
                LOG.warn("no HTTP router: GET /api/queue is not available");
                return;
            }
            new QueueHandler(queue, jobs, context.getRegistry().findSingleByType(WorkerRegistry.class)).mount(router);
        });
    }

    void mount(Router router) {
        router.get("/api/queue").order(ORDER).blockingHandler(this::get, false);
        LOG.info("API mounted: /api/queue");
    }

    void get(RoutingContext ctx) {
        ImportQueue.Snapshot snapshot = queue.snapshot();
        List<UUID> ids = Stream.concat(snapshot.running().stream(), snapshot.queued().stream())
                .map(ImportQueue.Entry::id).toList();
        Map<String, Object> body = view(snapshot, jobs.describe(ids));
        try {
            body.put("workers", workers == null ? List.of() : workers.recent());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the workers: " + e.getMessage(), e);
        }
        Responses.json(ctx, 200, body);
    }

    /** The answer's body for {@code snapshot}, its jobs described by {@code described} (a job not there is left out). */
    static Map<String, Object> view(ImportQueue.Snapshot snapshot, Map<UUID, Described> described) {
        List<Map<String, Object>> running = entries(snapshot.running(), described, false);
        List<Map<String, Object>> queued = entries(snapshot.queued(), described, true);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("maxConcurrentFiles", snapshot.limit());
        body.put("totals", Map.of("queued", queued.size(), "running", running.size()));
        body.put("running", running);
        body.put("queued", queued);
        return body;
    }

    private static List<Map<String, Object>> entries(List<ImportQueue.Entry> entries, Map<UUID, Described> described,
                                                     boolean waiting) {
        List<Map<String, Object>> listed = new ArrayList<>();
        for (ImportQueue.Entry entry : entries) {
            Described job = described.get(entry.id());
            if (job == null || (waiting && !WAITING_OR_RUNNING.contains(job.status()))) {
                continue;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", entry.id().toString());
            item.put("pipeline", job.pipeline());
            item.put("fileName", job.fileName());
            item.put("groupId", entry.groupId() == null ? null : entry.groupId().toString());
            item.put("status", job.status());
            item.put("since", entry.since().toString());
            item.put("position", waiting ? listed.size() + 1 : null);
            listed.add(item);
        }
        return listed;
    }
}
