package io.bulkimport.api;

import io.bulkimport.notify.ImportNotifier;
import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.progress.ActiveImports;
import io.bulkimport.progress.GroupView;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.ImportStatus;
import io.bulkimport.store.ImportGroupRepository;
import io.bulkimport.store.ImportJobRepository;
import io.bulkimport.store.ImportRollback;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/groups}, {@code GET /api/groups/{id}}, {@code POST /api/groups/{id}/cancel} and
 * {@code DELETE /api/groups/{id}} (issue #14). Blocking handlers. The group JSON is {@link GroupView}'s, its files'
 * jobs as {@code GET /api/imports/{id}} shows them (live figures for files running here); its percent never goes
 * back while the group runs (an estimated total that grows would otherwise pull it back).
 */
final class GroupsHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GroupsHandler.class);
    static final int LIST_LIMIT = 50;

    private final ImportGroupRepository groups;
    private final ImportJobRepository jobs;
    private final ActiveImports active;
    private final ImportsHandler imports;
    private final PipelineCatalog pipelines;
    private final ImportRollback rollback;
    private final ImportNotifier notifier;
    /** The highest percent shown of each running group: what GET and the event stream show never goes back. */
    private final Map<UUID, Double> shownPercent = new ConcurrentHashMap<>();

    GroupsHandler(ImportGroupRepository groups, ImportJobRepository jobs, ActiveImports active, ImportsHandler imports,
                  PipelineCatalog pipelines, ImportRollback rollback, ImportNotifier notifier) {
        this.groups = groups;
        this.jobs = jobs;
        this.active = active;
        this.imports = imports;
        this.pipelines = pipelines;
        this.rollback = rollback;
        this.notifier = notifier;
    }

    /** {@code GET /api/groups?limit=N}: the newest groups first (default and most {@value #LIST_LIMIT}). */
    void list(RoutingContext ctx) {
        int limit = LIST_LIMIT;
        String asked = ctx.request().getParam("limit");
        if (asked != null) {
            try {
                limit = Math.max(1, Math.min(LIST_LIMIT, Integer.parseInt(asked.strip())));
            } catch (NumberFormatException e) {
                Responses.error(ctx, 400, "limit must be a whole number, was " + asked);
                return;
            }
        }
        Responses.json(ctx, 200, groups.recent(limit).stream().map(this::view).toList());
    }

    void get(RoutingContext ctx) {
        find(ctx).ifPresent(group -> Responses.json(ctx, 200, view(group)));
    }

    /** {@code POST /api/groups/{id}/cancel}: every queued file is cancelled now, every running one after its batches. */
    void cancel(RoutingContext ctx) {
        ImportGroupRepository.Group group = find(ctx).orElse(null);
        if (group == null) {
            return;
        }
        List<ImportJob> files = jobs.ofGroup(group.id());
        if (files.stream().allMatch(j -> j.status().finished())) {
            Responses.error(ctx, 409, "group " + group.id() + " has ended: " + GroupView.status(group.status(), files));
            return;
        }
        groups.setStatus(group.id(), "cancelled");
        int cancelled = 0;
        for (ImportJob job : files) {
            if (job.status().finished()) {
                continue;
            }
            cancelled++;
            if (jobs.cancelQueued(job.id(), "the group was cancelled")) {
                if ("upload".equals(job.source()) && !job.filePath().isEmpty()) {
                    io.bulkimport.intake.SpooledUpload.delete(java.nio.file.Path.of(job.filePath()));   // never to be read now
                }
            } else if (!active.cancel(job.id())) {
                // started meanwhile and not registered yet (it is cancelled as it registers), or run by another instance
                jobs.finish(job.id(), ImportStatus.CANCELLED, "the group was cancelled");
            }
        }
        LOG.info("{} group {} cancelled: {} files stopped", group.pipeline(), group.id(), cancelled);
        notifier.groupMayHaveEnded(group.id());
        Responses.json(ctx, 202, view(groups.find(group.id()).orElseThrow()));
    }

    /** {@code DELETE /api/groups/{id}}: every file of an ended group is rolled back ({@link ImportRollback}). */
    void rollback(RoutingContext ctx) {
        ImportGroupRepository.Group group = find(ctx).orElse(null);
        if (group == null) {
            return;
        }
        List<ImportJob> files = jobs.ofGroup(group.id());
        if (files.stream().anyMatch(j -> !j.status().finished() || active.find(j.id()).isPresent())) {
            Responses.error(ctx, 409, "group " + group.id() + " is running; cancel it first");
            return;
        }
        if ("rolled_back".equals(group.status())) {
            Responses.error(ctx, 409, "group " + group.id() + " is already rolled back");
            return;
        }
        PipelineDefinition pipeline = pipelines.find(group.pipeline()).orElse(null);
        if (pipeline == null) {
            Responses.error(ctx, 409, "the pipeline " + group.pipeline() + " of group " + group.id() + " no longer exists");
            return;
        }
        long restored = 0;
        long deleted = 0;
        long keptNewer = 0;
        for (ImportJob job : files) {
            if (job.status() == ImportStatus.ROLLED_BACK) {
                continue;
            }
            try {
                ImportRollback.Result result = rollback.rollback(job.id(), pipeline);
                restored += result.restored();
                deleted += result.deleted();
                keptNewer += result.keptNewer();
            } catch (SQLException e) {
                throw new IllegalStateException("rollback of import " + job.id() + " of group " + group.id() + " failed: "
                        + e.getMessage(), e);
            }
        }
        groups.setStatus(group.id(), "rolled_back");
        LOG.info("{} group {} rolled back: {} rows restored, {} deleted, {} left as a later import changed them",
                group.pipeline(), group.id(), restored, deleted, keptNewer);
        Map<String, Object> body = new LinkedHashMap<>(view(groups.find(group.id()).orElseThrow()));
        body.put("rollback", Map.of("restored", restored, "deleted", deleted, "keptNewer", keptNewer));
        Responses.json(ctx, 200, body);
    }

    /** The group JSON now. */
    Map<String, Object> view(ImportGroupRepository.Group group) {
        Instant now = Instant.now();
        List<ImportJob> files = jobs.ofGroup(group.id()).stream()
                .map(j -> j.status().finished() ? j : active.progress().find(j.id()).orElse(j)).toList();
        Map<UUID, UUID> duplicates = new HashMap<>();
        groups.files(group.id()).forEach(e -> {
            if (e.getValue() != null) {
                duplicates.put(e.getKey(), e.getValue());
            }
        });
        Map<String, Object> view = GroupView.of(group.id(), group.pipeline(), group.status(), group.finishedAt(), files,
                duplicates, j -> imports.view(j, now), now,
                (startedAt, read) -> active.groupRates().rowsPerSecond(group.id(), startedAt, read, now));
        if ("running".equals(view.get("status"))) {
            view.put("percent", shownPercent.merge(group.id(), (Double) view.get("percent"), Math::max));
        } else {
            shownPercent.remove(group.id());
            active.groupRates().forget(group.id());
        }
        return view;
    }

    /** The group named in the path, or a 404 (or 400 for a malformed id) already sent. */
    Optional<ImportGroupRepository.Group> find(RoutingContext ctx) {
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, "not a group id: " + ctx.pathParam("id"));
            return Optional.empty();
        }
        Optional<ImportGroupRepository.Group> group = groups.find(id);
        if (group.isEmpty()) {
            Responses.error(ctx, 404, "no group " + id);
        }
        return group;
    }
}
