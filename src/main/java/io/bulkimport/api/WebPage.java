package io.bulkimport.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web page at {@code /} (issue #15): {@code index.html} and its {@code /assets/*} (CSS and ES modules) from the
 * jar's {@code web/} folder, served by Vert.x's {@link StaticHandler}. Only {@code GET /} and {@code /assets/*} are
 * mounted, so {@code /api/*} and {@code /observe/*} are never shadowed. The page holds no data
 * and needs no token; every data call it makes goes to {@code /api}.
 *
 * <p>Every page response carries a Content-Security-Policy (W3C CSP Level 3) that allows scripts, styles and
 * connections from this origin only, so no inline script or inline event handler can run.
 */
public final class WebPage {

    /** The policy sent with the page and its assets. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private WebPage() {
    }

    /** Mounts the page's routes on {@code router}; call before or after the {@code /api} routes, either works. */
    public static void mount(Router router) {
        // StaticHandler serves the part of the path the route's "*" matched (Vert.x Utils.pathOffset), and the
        // index page for the exact route "/": hence one handler per folder
        router.get("/").handler(WebPage::securityHeaders).handler(files("web"));
        router.get("/assets/*").handler(WebPage::securityHeaders).handler(files("web/assets"));
    }

    private static StaticHandler files(String folder) {
        return StaticHandler.create(folder).setIndexPage("index.html")
                // a new jar brings new files: browsers ask again (ETag / Last-Modified) instead of guessing
                .setCachingEnabled(false).setDirectoryListing(false).setIncludeHidden(false);
    }

    private static void securityHeaders(RoutingContext ctx) {
        ctx.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
        ctx.next();
    }
}
