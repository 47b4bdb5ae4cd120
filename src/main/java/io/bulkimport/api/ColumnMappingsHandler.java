package io.bulkimport.api;

import io.bulkimport.FullyStarted;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.store.ColumnMappingRepository;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saved column mappings of a pipeline, and mapping suggestions for a file:
 * <ul>
 *   <li>{@code PUT /api/pipelines/{pipeline}/mappings/{name}} with {@code {"<column>": "<header>", …}}: 201 created,
 *       200 replaced; 400 naming unknown columns or values that are not strings; 404 for an unknown pipeline;</li>
 *   <li>{@code GET /api/pipelines/{pipeline}/mappings}: the list; {@code GET …/mappings/{name}}: one (404 if absent);
 *       {@code DELETE …/mappings/{name}}: 204, or 404 if absent;</li>
 *   <li>{@code POST /api/pipelines/{pipeline}/mapping-suggestion} with a file as body ({@link MappingSuggestionHandler}).</li>
 * </ul>
 */
public final class ColumnMappingsHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ColumnMappingsHandler.class);

    /** After the other /api routes, so the bearer-token check registered before them applies. */
    private static final int ORDER = 1_000_000;

    /** Letters, digits, '.', '_' and '-': a name that needs no escaping in a URL or a query parameter. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private static final long MAX_MAPPING_BYTES = 64 * 1024;

    private final ColumnMappingRepository mappings;
    private final PipelineCatalog pipelines;

    ColumnMappingsHandler(ColumnMappingRepository mappings, PipelineCatalog pipelines) {
        this.mappings = mappings;
        this.pipelines = pipelines;
    }

    /**
     * Mounts the endpoints once the context has fully started (the HTTP router exists then). Suggestions spool the
     * file under {@code import.work-dir}/uploads and take at most {@code import.max-upload-bytes}.
     */
    public static void mountWhenStarted(CamelContext camelContext, ColumnMappingRepository mappings,
                                        PipelineCatalog pipelines) throws Exception {
        FullyStarted.then(camelContext, context -> {
            VertxPlatformHttpRouter router = context.getRegistry().findSingleByType(VertxPlatformHttpRouter.class);
            if (router == null) {
                LOG.warn("no HTTP router: the mappings API is not available");
                return;
            }
            Path spoolDir = Path.of(context.resolvePropertyPlaceholders("{{import.work-dir}}"), "uploads");
            long maxBytes = Long.parseLong(context.resolvePropertyPlaceholders("{{import.max-upload-bytes}}"));
            new ColumnMappingsHandler(mappings, pipelines).mount(router,
                    new MappingSuggestionHandler(pipelines, spoolDir, maxBytes));
        });
    }

    void mount(Router router, MappingSuggestionHandler suggestions) {
        String base = "/api/pipelines/:pipeline/mappings";
        router.put(base + "/:name").order(ORDER).handler(BodyHandler.create(false).setBodyLimit(MAX_MAPPING_BYTES))
                .blockingHandler(this::put, false);
        router.get(base).order(ORDER).blockingHandler(this::list, false);
        router.get(base + "/:name").order(ORDER).blockingHandler(this::get, false);
        router.delete(base + "/:name").order(ORDER).blockingHandler(this::delete, false);
        router.post("/api/pipelines/:pipeline/mapping-suggestion").order(ORDER).handler(suggestions::handle);
        LOG.info("API mounted: /api/pipelines/{pipeline}/mappings, /api/pipelines/{pipeline}/mapping-suggestion");
    }

    void put(RoutingContext ctx) {
        PipelineDefinition pipeline = pipeline(ctx);
        String name = ctx.pathParam("name");
        if (pipeline == null || !validName(ctx, name)) {
            return;
        }
        Map<String, String> mapping;
        try {
            mapping = mapping(pipeline, ctx.body().asString());
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
            return;
        }
        boolean created = mappings.put(pipeline.getName(), name, mapping);
        if (created) {
            ctx.response().putHeader("Location", "/api/pipelines/" + pipeline.getName() + "/mappings/" + name);
        }
        Responses.json(ctx, created ? 201 : 200, mappings.find(pipeline.getName(), name).orElseThrow().describe());
    }

    void list(RoutingContext ctx) {
        PipelineDefinition pipeline = pipeline(ctx);
        if (pipeline != null) {
            Responses.json(ctx, 200, mappings.list(pipeline.getName()).stream()
                    .map(ColumnMappingRepository.SavedMapping::describe).toList());
        }
    }

    void get(RoutingContext ctx) {
        PipelineDefinition pipeline = pipeline(ctx);
        if (pipeline == null) {
            return;
        }
        String name = ctx.pathParam("name");
        mappings.find(pipeline.getName(), name).ifPresentOrElse(
                saved -> Responses.json(ctx, 200, saved.describe()),
                () -> Responses.error(ctx, 404, "no mapping " + name + " for pipeline " + pipeline.getName()));
    }

    void delete(RoutingContext ctx) {
        PipelineDefinition pipeline = pipeline(ctx);
        if (pipeline == null) {
            return;
        }
        String name = ctx.pathParam("name");
        if (mappings.delete(pipeline.getName(), name)) {
            ctx.response().setStatusCode(204).end();
        } else {
            Responses.error(ctx, 404, "no mapping " + name + " for pipeline " + pipeline.getName());
        }
    }

    /**
     * The body as {column: header}.
     *
     * @throws IllegalArgumentException when it is not a JSON object, is empty, names columns the pipeline does not
     *                                  declare, or has values that are not non-blank strings (naming them all)
     */
    static Map<String, String> mapping(PipelineDefinition pipeline, String body) {
        if (pipeline.schemaless()) {
            throw new IllegalArgumentException("pipeline " + pipeline.getName()
                    + " keeps every column as the file names it: a mapping does not apply");
        }
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : Responses.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject() || json.isEmpty()) {
            throw new IllegalArgumentException("the body must be a JSON object {\"<column>\": \"<header>\", …} with at least one column");
        }
        List<String> declared = pipeline.columnDefinitions().stream().map(ColumnDefinition::name).toList();
        List<String> unknown = new ArrayList<>();
        List<String> notStrings = new ArrayList<>();
        Map<String, String> mapping = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!declared.contains(e.getKey())) {
                unknown.add(e.getKey());
            } else if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                notStrings.add(e.getKey());
            } else {
                mapping.put(e.getKey(), e.getValue().asText().strip());
            }
        }
        List<String> problems = new ArrayList<>();
        if (!unknown.isEmpty()) {
            problems.add("unknown column" + (unknown.size() == 1 ? "" : "s") + ": " + String.join(", ", unknown)
                    + " (pipeline " + pipeline.getName() + " has " + String.join(", ", declared) + ")");
        }
        if (!notStrings.isEmpty()) {
            problems.add("the header must be a non-empty string for " + String.join(", ", notStrings));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return mapping;
    }

    private boolean validName(RoutingContext ctx, String name) {
        if (name != null && NAME.matcher(name).matches()) {
            return true;
        }
        Responses.error(ctx, 400, "a mapping name is 1 to 100 letters, digits, '.', '_' or '-', was '" + name + "'");
        return false;
    }

    private PipelineDefinition pipeline(RoutingContext ctx) {
        return Responses.pipelineOrNotFound(ctx, pipelines);
    }
}
