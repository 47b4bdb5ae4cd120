package io.bulkimport.api;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request Vert.x could not decode with JSON {@code {"error": …}} instead of Vert.x's empty default
 * ({@code HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER}): {@code 414} for a request line longer than
 * {@link HttpServerOptions#DEFAULT_MAX_INITIAL_LINE_LENGTH} (Netty's {@code TooLongHttpLineException}), {@code 431}
 * for a header over {@link HttpServerOptions#DEFAULT_MAX_HEADER_SIZE} ({@code TooLongHttpHeaderException}), else
 * {@code 400}; the connection is closed after it, as Vert.x's own answer does.
 *
 * <p>Camel's {@code VertxPlatformHttpServer} creates and starts its {@code HttpServer} in one step with no hook
 * between, and Vert.x 4.5 reads {@code HttpServer.invalidRequestHandler} only when the server starts listening
 * ({@code HttpServerImpl.childHandler}): so {@link #install} sets it, then closes the listener and listens again on
 * the same port and host. That is done before the API is mounted, so no import is under way.
 */
final class InvalidRequestAnswer {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidRequestAnswer.class);
    private static final int RETRIES = 40;
    private static final long RETRY_MILLIS = 250;

    private InvalidRequestAnswer() {
    }

    /**
     * Installs the handler on {@code platform}'s server and listens again on its port and host. With no server it
     * only logs a warning (Vert.x's empty answers stay); when the server cannot listen again it throws
     * {@link IllegalStateException}, since the port would then be closed.
     */
    static void install(VertxPlatformHttpServer platform) {
        HttpServer server = platform.getServer();
        if (server == null) {
            LOG.warn("no HTTP server: a request Vert.x cannot decode keeps Vert.x's empty answer");
            return;
        }
        try {
            int port = server.actualPort();
            server.invalidRequestHandler(InvalidRequestAnswer::answer);
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            listenAgain(server, port, platform.getHost());
        } catch (Exception e) {
            throw new IllegalStateException("cannot restart the HTTP listener with JSON answers to invalid requests: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Listens on {@code port} again. The closed listener's socket can still be held for a moment after its close has
     * completed (seen once in a suite: {@code BindException: Address already in use} right after a restart on the
     * same port), so a refused bind is tried again every {@value #RETRY_MILLIS} ms for up to {@value #RETRIES} times.
     */
    private static void listenAgain(HttpServer server, int port, String host) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                server.listen(port, host).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                if (attempt > 1) {
                    LOG.info("HTTP listener on port {} open again after {} attempts", port, attempt);
                }
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof java.net.BindException) || attempt >= RETRIES) {
                    throw e;
                }
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }

    static void answer(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            message = "the request line (method, path and query string) is longer than "
                    + HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH + " bytes, as many as this server reads; "
                    + "send long upload options as multipart form fields instead of in the query string";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            message = "the request headers are larger than " + HttpServerOptions.DEFAULT_MAX_HEADER_SIZE
                    + " bytes, as many as this server reads";
        } else {
            status = 400;
            message = "the request could not be read as HTTP" + (cause == null ? "" : ": " + cause.getMessage());
        }
        HttpServerResponse response = request.response();
        response.setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
                .end(Responses.write(Map.of("error", message))).onComplete(done -> response.close());
    }
}
