package io.bulkimport.api;

import com.fasterxml.jackson.core.type.TypeReference;
import io.bulkimport.intake.DryRunExecution;
import io.bulkimport.notify.NotificationAddresses;
import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.JobView;
import io.bulkimport.store.DryRunRepository;
import io.bulkimport.store.DryRunSample;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/imports/{id}/preview} and {@code POST /api/imports/{id}/execute}. Blocking handlers.
 */
final class DryRunHandler {

    static final int DEFAULT_LIMIT = 20;

    private final ImportsHandler imports;
    private final DryRunRepository dryRuns;
    private final DryRunExecution execution;
    private final io.bulkimport.pipeline.PipelineCatalog pipelines;
    private final NotificationAddresses notifyAddresses;
    private final Path spoolDir;

    DryRunHandler(ImportsHandler imports, DryRunRepository dryRuns, DryRunExecution execution,
                  io.bulkimport.pipeline.PipelineCatalog pipelines, NotificationAddresses notifyAddresses, Path spoolDir) {
        this.imports = imports;
        this.dryRuns = dryRuns;
        this.execution = execution;
        this.pipelines = pipelines;
        this.notifyAddresses = notifyAddresses;
        this.spoolDir = spoolDir;
    }

    /**
     * The first {@code limit} (default 20, at most 100) rows as the import would store them and, for {@code update}
     * and {@code merge}, the first changes it would make, field by field. A dry run still running shows what it has
     * so far ({@code status} says so). 404 unknown id, 409 not a dry run, 400 a bad limit.
     */
    void preview(RoutingContext ctx) {
        Optional<ImportJob> found = imports.find(ctx);
        if (found.isEmpty()) {
            return;
        }
        ImportJob job = found.get();
        if (!job.options().dryRun()) {
            Responses.error(ctx, 409, "import " + job.id() + " is not a dry run; a dry run (dryRun=true) has a preview");
            return;
        }
        int limit;
        try {
            String given = ctx.request().getParam("limit");
            limit = given == null || given.isBlank() ? DEFAULT_LIMIT : Integer.parseInt(given.strip());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > DryRunSample.LIMIT) {
            Responses.error(ctx, 400, "limit must be a whole number from 1 to " + DryRunSample.LIMIT);
            return;
        }
        Map<String, Object> sample = dryRuns.sample(job.id()).map(DryRunHandler::parse).orElse(Map.of());
        DryRunRepository.Figures figures = dryRuns.figures(List.of(job.id())).get(job.id());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", job.id().toString());
        body.put("pipeline", job.pipeline());
        body.put("status", job.status().dbValue());
        body.put("duplicates", job.options().duplicates());
        List<String> columns = pipelines.find(job.pipeline()).map(PipelineDefinition::columnDefinitions)
                .map(declared -> declared.stream().map(ColumnDefinition::name).toList()).orElse(List.of());
        body.put("columns", columns);
        Map<String, Object> view = DryRunFields.add(Map.of(), job, figures);
        for (String name : List.of("wouldInsert", "wouldUpdate", "wouldLeaveUnchanged", "wouldFail")) {
            body.put(name, view.get(name));
        }
        body.put("limit", limit);
        // jsonb keeps no key order: each entry gets its order back here (a row's columns in the pipeline's order)
        Map<String, List<String>> orders = Map.of("rows", prepend("rowNumber", columns),
                "changes", List.of("rowNumber", "key", "changes"), "refused", List.of("rowNumber", "column", "reason"));
        for (String part : List.of("rows", "changes", "refused")) {
            Object entries = sample.get(part);
            List<?> list = entries instanceof List<?> l ? l : List.of();
            body.put(part, list.subList(0, Math.min(limit, list.size())).stream()
                    .map(entry -> ordered(entry, orders.get(part))).toList());
        }
        Responses.json(ctx, 200, body);
    }

    /**
     * Runs the real import of the dry run's kept file: options from the dry run, overridden by query parameters
     * and by a JSON object body ({@code {"duplicates": "update"}}; the body wins). 202 with the new job and its
     * {@code Location}; 404, 400, 409 or 410 as {@link DryRunExecution.Outcome} says.
     */
    void execute(RoutingContext ctx) {
        Optional<ImportJob> found = imports.find(ctx);
        if (found.isEmpty()) {
            return;
        }
        Map<String, String> overrides = new HashMap<>();
        ctx.request().params().forEach(e -> overrides.put(e.getKey(), e.getValue()));
        overrides.remove("id");
        String body = ctx.body() == null ? null : ctx.body().asString();
        if (body != null && !body.isBlank()) {
            try {
                Map<String, Object> given = Responses.JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
                given.forEach((k, v) -> overrides.put(k, v == null ? null : String.valueOf(v)));
            } catch (java.io.IOException e) {
                Responses.error(ctx, 400, "the body must be a JSON object of upload options, e.g. {\"duplicates\": \"update\"}");
                return;
            }
        }
        DryRunExecution.Outcome outcome = execution.execute(found.get(), overrides, spoolDir, options -> {
            if (options.notifyUrl() != null) {
                notifyAddresses.checkUrl(options.notifyUrl());
            }
            if (options.notifyEmail() != null) {
                notifyAddresses.checkEmail(options.notifyEmail());
            }
        });
        if (outcome.job() != null) {
            ImportJob job = outcome.job();
            ctx.response().putHeader("Location", "/api/imports/" + job.id());
            Responses.json(ctx, 202, DryRunFields.add(JobView.of(job, Instant.now()), job,
                    dryRuns.figures(List.of(job.id())).get(job.id())));
        } else if (outcome.existing() != null) {
            Responses.json(ctx, 409, Map.of("error", outcome.error(), "existingImport", JobView.of(outcome.existing(), Instant.now())));
        } else {
            Responses.error(ctx, outcome.status(), outcome.error());
        }
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** The entry's keys in {@code order}, then any others; a change's fields as column, old, new. */
    private static Object ordered(Object entry, List<String> order) {
        if (!(entry instanceof Map<?, ?> map)) {
            return entry;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        order.stream().filter(map::containsKey).forEach(k -> m.put(k, map.get(k)));
        map.forEach((k, v) -> m.putIfAbsent(String.valueOf(k), v));
        if (m.get("changes") instanceof List<?> fields) {
            m.put("changes", fields.stream().map(f -> ordered(f, List.of("column", "old", "new"))).toList());
        }
        return m;
    }

    private static Map<String, Object> parse(String json) {
        try {
            return Responses.JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the stored preview is not JSON: " + e.getMessage(), e);
        }
    }
}
