package io.bulkimport.api;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request Vert.x could not decode with JSON {@code {"error": …}} instead of Vert.x's empty default
 * ({@code HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER}): {@code 414} for a request line longer than
 * {@link HttpServerOptions#DEFAULT_MAX_INITIAL_LINE_LENGTH} (Netty's {@code TooLongHttpLineException}), {@code 431}
 * for a header over {@link HttpServerOptions#DEFAULT_MAX_HEADER_SIZE} ({@code TooLongHttpHeaderException}), else
 * {@code 400}; the connection is closed after it, as Vert.x's own answer does. A path or query with a broken
 * percent-escape (RFC 3986, section 2.1) is decoded by the routers, not by Vert.x's HTTP codec: their own {@code 400}
 * answers JSON too.
 *
 * <p>Camel's {@code VertxPlatformHttpServer} creates and starts its {@code HttpServer} in one step with no hook
 * between, and Vert.x 4.5 reads {@code HttpServer.invalidRequestHandler} only when the server starts listening
 * ({@code HttpServerImpl.childHandler}): so {@link #install} sets it, then closes the listener and listens again on
 * the same port and host. That is done before the API is mounted, so no import is under way; connections already
 * open stay open (Vert.x 4.5's {@code close} closes only the listening socket) and keep their answers.
 */
final class InvalidRequestAnswer {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidRequestAnswer.class);
    private static final int RETRIES = 40;
    private static final long RETRY_MILLIS = 250;
    private static final int PROBE_TIMEOUT_MILLIS = 2000;

    private InvalidRequestAnswer() {
    }

    /**
     * Installs the JSON answers on {@code router} (the API's router: its 400 for an address it cannot decode) and,
     * when it is Camel's {@link VertxPlatformHttpRouter}, on Camel's main router and on the server, which then listens
     * again on its port and host. With no server it only logs a warning (Vert.x's empty answers stay).
     *
     * @throws IllegalStateException when the server cannot listen again, or listens but its port takes no
     *                               connection: the service would then be up with its port closed
     */
    static void install(Router router) {
        router.errorHandler(400, InvalidRequestAnswer::undecodable);
        if (!(router instanceof VertxPlatformHttpRouter platform)) {
            return;
        }
        VertxPlatformHttpServer platformServer = platform.getServer();
        HttpServer server = platformServer == null ? null : platformServer.getServer();
        if (server == null) {
            LOG.warn("no HTTP server: a request Vert.x cannot decode keeps Vert.x's empty answer");
            return;
        }
        // Camel's main router (the server's request handler) decodes the path before it hands the request on
        if (server.requestHandler() instanceof Router main) {
            main.errorHandler(400, InvalidRequestAnswer::undecodable);
        }
        try {
            int port = server.actualPort();
            server.invalidRequestHandler(InvalidRequestAnswer::answer);
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            listenAgain(server, port, platformServer.getHost());
            probe(port, platformServer.getHost());
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

    /** Connects to the port once: a listen Vert.x reported done must have a socket behind it. */
    private static void probe(int port, String host) throws java.io.IOException {
        String address = host == null || host.isBlank() || "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(address, port), PROBE_TIMEOUT_MILLIS);
        } catch (java.io.IOException e) {
            throw new java.io.IOException("listening again on port " + port + " was reported done, but " + address + ":"
                    + port + " takes no connection (" + e.getMessage() + ")", e);
        }
    }

    private static void undecodable(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        String reason = ctx.failure() == null ? null : ctx.failure().getMessage();
        Responses.error(ctx, 400, "the request's address could not be decoded: a percent sign must be followed by two hex "
                + "digits (write % as %25)" + (reason == null ? "" : " (" + reason + ")"));
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
