package io.bulkimport.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** JSON answers of the API. */
final class Responses {

    static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {
    }

    /**
     * The pipeline the path's {@code {pipeline}} names; when there is none, answers {@code 404} with the names of
     * those there are and returns null.
     */
    static io.bulkimport.pipeline.PipelineDefinition pipelineOrNotFound(RoutingContext ctx,
                                                                       io.bulkimport.pipeline.PipelineCatalog pipelines) {
        String name = ctx.pathParam("pipeline");
        io.bulkimport.pipeline.PipelineDefinition pipeline = pipelines.find(name).orElse(null);
        if (pipeline == null) {
            json(ctx, 404, Map.of("error", "unknown pipeline: " + name,
                    "pipelines", pipelines.all().stream().map(io.bulkimport.pipeline.PipelineDefinition::getName).toList()));
        }
        return pipeline;
    }

    static void json(RoutingContext ctx, int status, Object body) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(write(body));
    }

    static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, Map.of("error", message));
    }

    static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
