package io.bulkimport.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document ({@code src/main/resources/openapi.json}) against the routes the service mounts: every
 * handler class's own {@code mount} is run on a real Vert.x {@link Router} (handlers built with no back end: mounting
 * only registers them), and the (method, path template) pairs under {@code /api/} are compared both ways.
 */
class OpenApiRoutesTest {

    /**
     * The classes that mount routes on Camel's router (each looks it up in the registry): a new one must be mounted
     * in {@link #mountedRoutes} too, or its routes escape this comparison.
     */
    private static final Set<String> MOUNTING_CLASSES = Set.of("BulkImportApplication.java", "QueueHandler.java",
            "ColumnMappingsHandler.java", "EnrichPendingHandler.java");

    private static Vertx vertx;

    @TempDir
    Path spool;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close();
    }

    @Test
    void every_mounted_route_is_documented_and_every_documented_one_is_mounted() throws IOException {
        // given
        Set<String> mounted = mountedRoutes();
        Set<String> documented = documentedRoutes();

        // then
        assertThat(mounted).as("mounted routes (sanity)").contains("POST /api/imports/{pipeline}", "GET /api/queue",
                "GET /api/openapi.json");
        // both ways, so the message names what is missing where
        assertThat(documented).as("routes the service mounts but openapi.json does not describe")
                .containsAll(mounted);
        assertThat(mounted).as("routes openapi.json describes but the service does not mount")
                .containsAll(documented);
    }

    @Test
    void no_other_class_mounts_routes_on_the_http_router() throws IOException {
        // given: every main class that looks Camel's Vert.x router up
        Set<String> found;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            found = files.filter(f -> f.toString().endsWith(".java")).filter(f -> read(f)
                            .contains("findSingleByType(VertxPlatformHttpRouter.class)"))
                    .map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }

        // then: the test mounts them all (a new one: mount it in mountedRoutes() and document its routes)
        assertThat(found).containsExactlyInAnyOrderElementsOf(MOUNTING_CLASSES);
    }

    private Set<String> mountedRoutes() {
        Router router = Router.router(vertx);
        ApiHandlers.mount(router, new ApiHandlers.Settings(spool, 1024, "", 10, null), null, null, null, null, null,
                null, null, null, null, null, null, null, null);
        new QueueHandler(null, null, null).mount(router);
        new ColumnMappingsHandler(null, null).mount(router, new MappingSuggestionHandler(null, spool, 1024));
        new EnrichPendingHandler(null, null).mount(router);
        Set<String> routes = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            String path = route.getPath();
            Set<HttpMethod> methods = route.methods();
            if (path == null || !path.startsWith("/api/") || methods == null || methods.isEmpty()) {
                continue;   // the token check and the failure handler: every method under /api/*
            }
            for (HttpMethod method : methods) {
                routes.add(method.name() + " " + path.replaceAll(":([A-Za-z0-9_]+)", "{$1}"));
            }
        }
        return routes;
    }

    static Set<String> documentedRoutes() throws IOException {
        Set<String> routes = new TreeSet<>();
        JsonNode paths = document().get("paths");
        for (Iterator<String> p = paths.fieldNames(); p.hasNext(); ) {
            String path = p.next();
            for (Iterator<String> m = paths.get(path).fieldNames(); m.hasNext(); ) {
                String method = m.next();
                if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(method)) {
                    routes.add(method.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        return routes;
    }

    static JsonNode document() throws IOException {
        try (InputStream in = OpenApiRoutesTest.class.getClassLoader().getResourceAsStream("openapi.json")) {
            assertThat(in).as("openapi.json on the class path").isNotNull();
            return Responses.JSON.readTree(in);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
