package io.bulkimport.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service as users run it: {@code java -jar target/bulk-import.jar} in its own process, on a free port, with
 * its own inbox and work folder, against the test database. Its console goes to {@code target/it-logs/}.
 */
public final class ServiceProcess implements AutoCloseable {

    private static ServiceProcess shared;
    /** Every service started in this JVM, in order: what {@link HungTestDiagnostics} reports on. */
    private static final List<ServiceProcess> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Process process;
    private final int port;
    private final Path home;
    private final Path log;
    private final List<String> command;
    private final Map<String, String> env;

    private ServiceProcess(Process process, int port, Path home, Path log, List<String> command, Map<String, String> env) {
        this.process = process;
        this.port = port;
        this.home = home;
        this.log = log;
        this.command = command;
        this.env = env;
    }

    /** One service for the integration tests that need nothing special, started on first use. */
    public static synchronized ServiceProcess shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start("shared", List.of(), Map.of("IMPORT_MAX_UPLOAD_BYTES", String.valueOf(20L * 1024 * 1024)));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public static ServiceProcess start(String name, List<String> jvmOptions, Map<String, String> extraEnv) {
        return start(name, jvmOptions, extraEnv, true);
    }

    /** With {@code requireHealthy} false, ready means the API answers even if a health check is DOWN. */
    public static ServiceProcess start(String name, List<String> jvmOptions, Map<String, String> extraEnv,
                                       boolean requireHealthy) {
        ServiceProcess service = starting(name, jvmOptions, extraEnv);
        try {
            service.awaitReady(Duration.ofSeconds(90), requireHealthy);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the service", e);
        }
        return service;
    }

    /** The service's process started, not waited for: for a test of what it says while it starts. */
    public static ServiceProcess starting(String name, List<String> jvmOptions, Map<String, String> extraEnv) {
        try {
            TestDatabase db = TestDatabase.get();
            Path home = Files.createTempDirectory("bulk-import-" + name + "-");
            Path logs = Files.createDirectories(Path.of("target", "it-logs"));
            Path log = logs.resolve(name + "-" + System.currentTimeMillis() + ".log");
            int port = freePort();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-XX:+ExitOnOutOfMemoryError");
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(Path.of("target", "bulk-import.jar").toAbsolutePath().toString());
            Map<String, String> env = new LinkedHashMap<>(baseEnv(db, port, home));
            env.putAll(extraEnv);
            return launch(command, env, port, home, log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the service", e);
        }
    }

    private static ServiceProcess launch(List<String> command, Map<String, String> env, int port, Path home, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        ServiceProcess service = new ServiceProcess(builder.start(), port, home, log, command, env);
        STARTED.add(service);
        return service;
    }

    /** Starts the service again in the same folder, on the same port and database, after it stopped or was killed. */
    public ServiceProcess startAgain() {
        try {
            if (process.isAlive()) {
                throw new IllegalStateException("still running");
            }
            ServiceProcess again = launch(command, env, port, home, log);
            again.awaitReady(Duration.ofSeconds(90), true);
            return again;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the service again", e);
        }
    }

    /** SIGKILL: no shutdown hook, no cleanup, as when the machine loses power or the OOM killer strikes. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(30);
    }

    /** SIGTERM, and waits until the process has exited; returns how many seconds that took. */
    public double terminate() {
        long start = System.nanoTime();
        process.destroy();
        waitForExit(120);
        return (System.nanoTime() - start) / 1e9;
    }

    private void waitForExit(int seconds) {
        try {
            if (!process.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the service did not exit in " + seconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> baseEnv(TestDatabase db, int port, Path home) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DB_URL", db.url());
        env.put("DB_USER", db.user());
        env.put("DB_PASSWORD", db.password());
        env.put("HTTP_PORT", String.valueOf(port));
        env.put("IMPORT_INBOX", home.resolve("inbox").toString());
        env.put("IMPORT_WORK_DIR", home.resolve("work").toString());
        env.put("IMPORT_ROUTES", Path.of("routes").toAbsolutePath().toString());
        env.put("IMPORT_INBOX_SETTLE_MS", "300");
        env.put("IMPORT_INBOX_POLL_MS", "200");
        // the start-up's JIT warm-up costs 2-3 CPU-s per start, which some 40 starts here would add up; WarmUpIT
        // starts with the shipped setting and checks it
        env.put("IMPORT_WARM_UP_ROWS", "0");
        return env;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path inbox(String pipeline) throws IOException {
        return Files.createDirectories(home.resolve("inbox").resolve(pipeline));
    }

    public Path home() {
        return home;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The file the service's console goes to ({@code target/it-logs/<name>-<millis>.log}). */
    public Path logFile() {
        return log;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    public long pid() {
        return process.pid();
    }

    /** The services started in this JVM so far, oldest first. */
    static List<ServiceProcess> started() {
        return List.copyOf(STARTED);
    }

    /**
     * Waits until the API and the health check answer. Each request has its own timeout, so a service that takes a
     * connection and never answers fails the start after {@code timeout} instead of holding the test forever.
     */
    void awaitReady(Duration timeout, boolean requireHealthy) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<String> api = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/pipelines"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/observe/health"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if ((api.statusCode() == 200 || api.statusCode() == 401) && (health.statusCode() == 200 || !requireHealthy)) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet, or no answer within the request's timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException("the service did not become ready in " + timeout + ":\n" + log());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(30), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A TCP port no process listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until the file exists (an inbox file moved to .done/, .failed/, …); fails the test after timeout. */
    static void awaitFile(java.nio.file.Path file, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!java.nio.file.Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never appeared: " + file);
            }
            sleep(100);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
