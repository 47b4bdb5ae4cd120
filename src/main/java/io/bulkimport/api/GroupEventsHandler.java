package io.bulkimport.api;

import io.bulkimport.store.ImportGroupRepository;
import io.vertx.ext.web.RoutingContext;
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

    /** Runs on a worker thread (blocking handler): {@link ProgressEventStream}. */
    void handle(RoutingContext ctx) {
        ImportGroupRepository.Group group = groupsHandler.find(ctx).orElse(null);
        if (group == null) {
            return;
        }
        UUID id = group.id();
        ProgressEventStream.open(ctx, groupsHandler.view(group), () -> groupsHandler.view(groups.find(id).orElseThrow()),
                view -> view, view -> !"running".equals(view.get("status")));
    }
}
