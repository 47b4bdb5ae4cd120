package io.bulkimport.routes;

import io.bulkimport.BulkImportConfiguration;
import io.bulkimport.intake.ImportIntake;
import io.bulkimport.it.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the route tests: starts Camel Main in-process, once per test class, as the service starts it (the real
 * {@link BulkImportConfiguration} beans, {@code application.properties}, every {@code *.camel.yaml} of the route
 * folder, the start-up check of the route files) against the test database, without the HTTP server. Tests then send
 * exchanges to the routes, advise them ({@link org.apache.camel.builder.AdviceWith}) and look at mock endpoints and at
 * the database.
 *
 * <p>The route folder is a copy, in a temporary folder, of {@code routes/} (or of the folder named by the environment
 * variable {@code IMPORT_ROUTES}, to test an edited one) plus the files of {@link #extraRouteFiles()}. The database is
 * {@link TestDatabase}: {@code TEST_DB_URL} / {@code TEST_DB_USER} / {@code TEST_DB_PASSWORD} when set, else an
 * embedded PostgreSQL; the service's migrations run on it as at start-up. The properties of {@link #properties()}
 * (test defaults: the database, the route folder copy, short redelivery delays, bcrypt cost 4, no HTTP server) are
 * Camel Main's override properties ({@code camel.main.override-properties-location}, a file in the temporary folder):
 * they win over {@code application.properties} and system properties, and environment variables are not read for
 * placeholders at all (a developer's {@code DB_URL} or {@code IMPORT_ROUTES} cannot redirect the test): a route file
 * that takes a setting from the environment ({@code VERIFY_URL} for {@code {{verify.url}}}) gets it from
 * {@link #properties()} instead.
 *
 * <p>One Camel context serves all the tests of a class ({@code PER_CLASS}): reset mock endpoints
 * ({@code MockEndpoint.resetMocks}) and empty the tables ({@code db().clean()}) in the test's own {@code @BeforeEach}.
 *
 * <p>Use: extend it and do not repeat {@code @CamelMainTest} (the subclass's would replace this one). Override
 * <ul>
 *   <li>{@link #startServices()} to start what the routes talk to (an HTTP server, an SMTP server) before Camel, so
 *       that {@link #properties()} can name their ports;</li>
 *   <li>{@link #properties()} (call {@code super.properties()} and add to it) for settings and endpoints;</li>
 *   <li>{@link #extraRouteFiles()} for route files of the test's own, e.g. {@link #TEST_PIPELINES}: two small
 *       pipelines whose step {@code verify} is {@code mock:verify};</li>
 *   <li>{@link #adviceRoutes(CamelContext)} to advise routes once, after the start (the advised route restarts).</li>
 * </ul>
 * {@link #runImport} imports a file through the real intake (door 1, the inbox's) and returns when the import has
 * finished; {@link #job} reads the job's row. A test of a shipped pipeline would look like:
 * <pre>{@code
 * class ContactsRouteIT extends RouteTestSupport {
 *     @Test
 *     void stores_valid_rows() throws Exception {
 *         UUID id = runImport("contacts", "people.csv", "email\nada@example.com\n");
 *         assertThat(job(id)).containsEntry("status", "completed").containsEntry("rows_stored", 1L);
 *     }
 * }
 * }</pre>
 * The classes are named {@code *RouteIT}: they need PostgreSQL, so failsafe runs them in {@code mvn verify}.
 */
@CamelMainTest(configurationClasses = BulkImportConfiguration.class, shutdownTimeout = 5)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RouteTestSupport implements CamelContextAware {

    /** Classpath resource of two test pipelines, {@code route_test} and {@code route_test_stop} (see the file). */
    public static final String TEST_PIPELINES = "/route-tests/route-test.camel.yaml";

    private static final Logger LOG = LoggerFactory.getLogger(RouteTestSupport.class);
    /** Camel Main reads its override properties from the file this system property names. */
    private static final String OVERRIDES = "camel.main.override-properties-location";

    private final TestDatabase db = TestDatabase.get();
    private String previousOverrides;
    private Path workDir;
    private Path routesDir;
    private CamelContext context;
    private boolean advised;

    /** Starts what the routes talk to, before Camel starts; nothing by default. */
    protected void startServices() throws Exception {
        // nothing by default
    }

    /** Stops what {@link #startServices()} started, after Camel has stopped; nothing by default. */
    protected void stopServices() throws Exception {
        // nothing by default
    }

    /**
     * The properties of this test class, set for its life. Subclasses add to {@code super.properties()}.
     *
     * @return property keys as in {@code application.properties}, and their values
     */
    protected Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        // the test's own settings, not the developer's environment (IMPORT_ROUTES, DB_URL, ...)
        properties.put("camel.component.properties.environment-variable-mode", "0");
        properties.put("camel.server.enabled", "false");
        properties.put("camel.management.enabled", "false");
        properties.put("camel.main.shutdown-timeout", "5");
        properties.put("db.url", db.url());
        properties.put("db.user", db.user());
        properties.put("db.password", db.password());
        properties.put("import.routes", routesDir.toString());
        properties.put("import.inbox", workDir.resolve("inbox").toString());
        properties.put("import.work-dir", workDir.resolve("work").toString());
        properties.put("import.workers", "2");
        properties.put("import.progress-log-seconds", "60");
        properties.put("hash.bcrypt-cost", "4");
        properties.put("import.retry.max-redeliveries", "2");
        properties.put("import.retry.initial-delay-ms", "10");
        properties.put("import.retry.max-delay-ms", "20");
        properties.put("import.dead-letter.max-redeliveries", "3");
        properties.put("import.dead-letter.initial-delay-ms", "10");
        properties.put("import.dead-letter.max-delay-ms", "40");
        properties.put("notify.retry.initial-delay-ms", "10");
        properties.put("notify.retry.max-delay-ms", "40");
        properties.put("notify.timeout-ms", "5000");
        return properties;
    }

    /**
     * Route files added to the copy of the route folder, by file name; none by default.
     *
     * @return file name ({@code *.camel.yaml}) to content
     */
    protected Map<String, String> extraRouteFiles() {
        return Map.of();
    }

    /** Advises routes once, after Camel has started and before the first test; nothing by default. */
    protected void adviceRoutes(CamelContext camelContext) throws Exception {
        // nothing by default
    }

    @BeforeAll
    final void prepareCamel() throws Exception {
        workDir = Files.createTempDirectory("route-test");
        routesDir = workDir.resolve("routes");
        copyRoutes(routesDir);
        for (Map.Entry<String, String> file : extraRouteFiles().entrySet()) {
            Files.writeString(routesDir.resolve(file.getKey()), file.getValue());
        }
        startServices();
        // override properties: they win over application.properties, system properties and environment variables
        Properties overrides = new Properties();
        overrides.putAll(properties());
        Path file = workDir.resolve("route-test.properties");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            overrides.store(out, "properties of " + getClass().getName());
        }
        previousOverrides = System.getProperty(OVERRIDES);
        System.setProperty(OVERRIDES, "file:" + file);
    }

    @BeforeEach
    final void adviceOnce() throws Exception {
        if (!advised) {
            advised = true;
            adviceRoutes(context);
        }
    }

    @AfterAll
    final void restoreProperties() throws Exception {
        if (previousOverrides == null) {
            System.clearProperty(OVERRIDES);
        } else {
            System.setProperty(OVERRIDES, previousOverrides);
        }
        stopServices();
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    /** The test database (the one the routes' beans write to). */
    protected TestDatabase db() {
        return db;
    }

    /** The copy of the route folder Camel loaded. */
    protected Path routesDir() {
        return routesDir;
    }

    /**
     * A bean of the registry, by name.
     *
     * @throws IllegalStateException when there is none
     */
    protected <T> T bean(String name, Class<T> type) {
        T bean = context.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean " + name + " of " + type.getName());
        }
        return bean;
    }

    /**
     * Imports a file into a pipeline as a file dropped in its inbox would be ({@link ImportIntake#fromInbox}), through
     * the import queue and the pipeline's route {@code direct:<pipeline>}, and waits for the import to end.
     *
     * @param pipeline the pipeline's name
     * @param fileName the file's name (its extension decides CSV or .xlsx)
     * @param content  the file, as UTF-8
     * @return the import's id, once it has finished (or stopped)
     * @throws AssertionError when the intake refused the file (the same bytes were imported before)
     */
    protected UUID runImport(String pipeline, String fileName, String content) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve("files").resolve(UUID.randomUUID().toString()));
        Path file = Files.writeString(dir.resolve(fileName), content, StandardCharsets.UTF_8);
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setHeader(Exchange.FILE_PATH, file.toString());
        exchange.getIn().setHeader(Exchange.FILE_NAME_ONLY, fileName);
        bean("importIntake", ImportIntake.class).fromInbox(exchange, pipeline).join();
        String id = exchange.getIn().getHeader("importId", String.class);
        if (id == null) {
            throw new AssertionError("the intake did not import " + fileName + " into " + pipeline
                    + " (moved to " + exchange.getProperty(ImportIntake.INBOX_FOLDER) + ")");
        }
        return UUID.fromString(id);
    }

    /** The job's row of {@code import_jobs}: {@code status}, {@code rows_read}, {@code rows_stored}, … */
    protected Map<String, Object> job(UUID id) {
        List<Map<String, Object>> rows = db.rows("select status, rows_read, rows_stored, rows_duplicate, rows_failed, "
                + "batches_done, last_error from import_jobs where id = ?", id);
        if (rows.isEmpty()) {
            throw new AssertionError("no import " + id);
        }
        return rows.get(0);
    }

    /**
     * A classpath resource as text.
     *
     * @param name e.g. {@link #TEST_PIPELINES}
     */
    protected static String resource(String name) {
        try (InputStream in = RouteTestSupport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped route folder, or the one {@code IMPORT_ROUTES} names, copied (with its migrations) to {@code to}. */
    private static void copyRoutes(Path to) throws IOException {
        String edited = System.getenv("IMPORT_ROUTES");
        Path from = Path.of(edited == null || edited.isBlank() ? "routes" : edited).toAbsolutePath();
        if (!Files.isDirectory(from)) {
            throw new IllegalStateException("no route folder " + from);
        }
        LOG.info("route test: the route files of {} (copied to {})", from, to);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
