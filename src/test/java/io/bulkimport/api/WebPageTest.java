package io.bulkimport.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link WebPage} on a Vert.x router of its own, beside a stand-in {@code /api} route, over real HTTP on loopback. */
class WebPageTest {

    private static Vertx vertx;
    private static HttpServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void server() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.get("/api/*").handler(ctx -> ctx.response().end("api"));
        WebPage.mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void the_page_is_the_index_with_a_policy_that_forbids_inline_script() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(WebPage.CONTENT_SECURITY_POLICY);
        assertThat(WebPage.CONTENT_SECURITY_POLICY).contains("script-src 'self'", "default-src 'self'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.body()).contains("role=\"status\"", "type=\"file\"").doesNotContainPattern("\\son[a-z]+=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/assets/app.js", "/assets/api.js", "/assets/cards.js", "/assets/app.css"})
    void every_asset_is_served_with_the_policy(String path) throws Exception {
        HttpResponse<String> asset = get(path);
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("Content-Security-Policy")).hasValue(WebPage.CONTENT_SECURITY_POLICY);
        assertThat(asset.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void the_api_is_not_shadowed_and_nothing_outside_the_page_is_served() throws Exception {
        assertThat(get("/api/pipelines").body()).isEqualTo("api");
        assertThat(get("/assets/nothing.js").statusCode()).isEqualTo(404);
        assertThat(get("/assets/%2e%2e/index.html").statusCode()).isEqualTo(404);
        assertThat(get("/application.properties").statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
