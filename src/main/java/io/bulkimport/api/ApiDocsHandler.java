package io.bulkimport.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API's description and its rendering, served from the jar (issue #15): {@code GET /api/openapi.json}, the
 * OpenAPI 3.1 document {@code openapi.json} written by hand beside the handlers; {@code GET /api/docs}, a page that
 * renders it (from {@code /api/docs/} a {@code 301} to it) with Swagger UI from the {@code org.webjars:swagger-ui} jar (no CDN); {@code GET /api/docs/{asset}}, that
 * page's script and styles, only the few named in {@link #ASSETS}. All three hold no data and are public even when
 * {@code API_TOKEN} is set (they are mounted before the bearer-token check). The page is sent with a
 * {@code Content-Security-Policy} that allows no inline script: Swagger UI is started by our {@code docs-init.js}.
 */
final class ApiDocsHandler {

    /** Swagger UI needs inline styles (its React components set {@code style}); scripts only from this origin. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/";
    /** What {@code /api/docs/{asset}} serves: name → (classpath resource, content type). */
    static final Map<String, String[]> ASSETS = Map.of(
            "swagger-ui-bundle.js", new String[] {WEBJAR + "swagger-ui-bundle.js", "text/javascript; charset=utf-8"},
            "swagger-ui.css", new String[] {WEBJAR + "swagger-ui.css", "text/css; charset=utf-8"},
            "favicon-32x32.png", new String[] {WEBJAR + "favicon-32x32.png", "image/png"},
            "docs-init.js", new String[] {"api-docs/docs-init.js", "text/javascript; charset=utf-8"},
            "docs.css", new String[] {"api-docs/docs.css", "text/css; charset=utf-8"});

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** Mounts the three routes on {@code router}; call it before the bearer-token check so they stay public. */
    void mount(Router router) {
        router.get("/api/openapi.json").blockingHandler(ctx -> send(ctx, "openapi.json", "application/json"), false);
        router.get("/api/docs").blockingHandler(ctx -> {
            if (ctx.request().path().endsWith("/")) {
                // the page names its files relative to /api/docs (so it also works under a proxy's prefix): from
                // /api/docs/ they would resolve under /api/docs/docs/ and the page would stay blank
                ctx.response().setStatusCode(301).putHeader("Location", "../docs").end();
                return;
            }
            ctx.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            send(ctx, "api-docs/index.html", "text/html; charset=utf-8");
        }, false);
        router.get("/api/docs/:asset").blockingHandler(ctx -> {
            String[] asset = ASSETS.get(ctx.pathParam("asset"));
            if (asset == null) {
                Responses.error(ctx, 404, "no such file of the API docs page: " + ctx.pathParam("asset"));
                return;
            }
            send(ctx, asset[0], asset[1]);
        }, false);
    }

    private void send(RoutingContext ctx, String resource, String contentType) {
        byte[] body = cache.computeIfAbsent(resource, ApiDocsHandler::read);
        ctx.response().putHeader("Content-Type", contentType).putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "no-cache").end(io.vertx.core.buffer.Buffer.buffer(body));
    }

    private static byte[] read(String resource) {
        try (InputStream in = ApiDocsHandler.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("not in the jar: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The swagger-ui webjar's version, from its {@code pom.properties} (so the pom alone names it). */
    private static String webjarVersion() {
        Properties pom = new Properties();
        try (InputStream in = ApiDocsHandler.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("org.webjars:swagger-ui is not on the class path");
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }
}
