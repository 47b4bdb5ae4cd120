package io.bulkimport.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A Server-Sent Events stream (WHATWG HTML, "Server-sent events"; {@code text/event-stream}) of progress snapshots:
 * one {@code event: progress} whose {@code data} is the snapshot's JSON at once, then one a second, until a snapshot
 * says the import or group has ended (that one is sent, then the stream ends) or the client goes away. Used by
 * {@code GET /api/imports/{id}/events} and {@code GET /api/groups/{id}/events}.
 */
final class ProgressEventStream {

    private static final long EVERY_MILLIS = 1000;

    private ProgressEventStream() {
    }

    /**
     * Starts the stream on {@code ctx}'s response. Call on a worker thread (a blocking handler): the first event is
     * written from it; {@code next} is then called on a worker thread once a second.
     *
     * @param first the snapshot to send at once
     * @param next  the snapshot now (blocking allowed)
     * @param json  the event's data: the snapshot as the API shows it
     * @param ended true for a snapshot after which nothing changes
     */
    static <T> void open(RoutingContext ctx, T first, Callable<T> next, Function<T, Object> json, Predicate<T> ended) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
        // the first event at once, from this worker thread; the timer starts only after it, so it never fires
        // before setPeriodic has returned (a zero delay did, and cancelling it from its first tick then failed)
        if (push(response, first, json, ended)) {
            return;
        }
        Vertx vertx = ctx.vertx();
        long timer = vertx.setPeriodic(EVERY_MILLIS, t -> vertx.executeBlocking(next, false)
                .onSuccess(snapshot -> {
                    if (response.ended() || response.closed() || push(response, snapshot, json, ended)) {
                        vertx.cancelTimer(t);
                    }
                }));
        response.closeHandler(v -> vertx.cancelTimer(timer));
    }

    /** Writes one event; ends the stream and answers true when the snapshot says it has ended. */
    private static <T> boolean push(HttpServerResponse response, T snapshot, Function<T, Object> json, Predicate<T> ended) {
        response.write("event: progress\ndata: " + Responses.write(json.apply(snapshot)) + "\n\n");
        if (ended.test(snapshot)) {
            response.end();
            return true;
        }
        return false;
    }
}
