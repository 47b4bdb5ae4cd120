package io.bulkimport.api;

import io.bulkimport.store.ImportGroupRepository;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /api/groups/{id}/events} (issue #14): Server-Sent Events ({@code event: progress}) with the group JSON
 * at once and then every second until the group has ended (its status is no longer {@code running}); the last event
 * has its final status. As {@link EventsHandler} does for one import.
 */
final class GroupEventsHandler {

    private final GroupsHandler groupsHandler;
    private final ImportGroupRepository groups;

    GroupEventsHandler(GroupsHandler groupsHandler, ImportGroupRepository groups) {
        this.groupsHandler = groupsHandler;
        this.groups = groups;
    }

    /** Runs on a worker thread (blocking handler); the periodic pushes are made on worker threads too. */
    void handle(RoutingContext ctx) {
        ImportGroupRepository.Group group = groupsHandler.find(ctx).orElse(null);
        if (group == null) {
            return;
        }
        UUID id = group.id();
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
        if (push(response, groupsHandler.view(group))) {
            return;
        }
        Vertx vertx = ctx.vertx();
        long timer = vertx.setPeriodic(1000, t -> vertx.executeBlocking(
                        () -> groupsHandler.view(groups.find(id).orElseThrow()), false)
                .onSuccess(view -> {
                    if (response.ended() || response.closed() || push(response, view)) {
                        vertx.cancelTimer(t);
                    }
                }));
        response.closeHandler(v -> vertx.cancelTimer(timer));
    }

    /** Writes one event; ends the stream and answers true when the group has ended. */
    private static boolean push(HttpServerResponse response, Map<String, Object> view) {
        response.write("event: progress\ndata: " + Responses.write(view) + "\n\n");
        if (!"running".equals(view.get("status"))) {
            response.end();
            return true;
        }
        return false;
    }
}
