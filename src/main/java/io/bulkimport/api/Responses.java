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
