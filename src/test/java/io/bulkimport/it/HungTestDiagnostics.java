package io.bulkimport.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.PreInterruptCallback;
import org.junit.jupiter.api.extension.PreInterruptContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * What a failed or timed-out integration test leaves in the build's output, where CI shows it (the service logs under
 * {@code target/it-logs/} are not kept by CI): before JUnit interrupts a test past its timeout
 * ({@code junit.jupiter.execution.timeout.default}, JUnit's {@link PreInterruptCallback}), a thread dump of every
 * service process still running ({@code jcmd <pid> Thread.print}); when a test fails, the last
 * {@value #TAIL_LINES} lines of the console of each service it started.
 *
 * <p>Registered for every test by JUnit's extension auto-detection ({@code junit-platform.properties} and
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}); tests that start no service are untouched.
 */
public final class HungTestDiagnostics implements BeforeEachCallback, PreInterruptCallback, TestWatcher {

    static final int TAIL_LINES = 80;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HungTestDiagnostics.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("first", ServiceProcess.started().size());
    }

    @Override
    public void beforeThreadInterrupt(PreInterruptContext interrupt, ExtensionContext context) {
        for (ServiceProcess service : ServiceProcess.started()) {
            if (service.alive()) {
                System.out.println("=== thread dump of the service (pid " + service.pid() + ", " + service.logFile()
                        + ") as " + context.getDisplayName() + " timed out ===");
                System.out.println(threadDump(service.pid()));
            }
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Integer first = context.getStore(NAMESPACE).get("first", Integer.class);
        List<ServiceProcess> started = ServiceProcess.started();
        for (ServiceProcess service : started.subList(first == null ? started.size() : Math.min(first, started.size()),
                started.size())) {
            System.out.println("=== last " + TAIL_LINES + " lines of " + service.logFile() + " (" + context.getDisplayName()
                    + " failed) ===");
            System.out.println(tail(service.logFile()));
        }
    }

    /** jcmd's answer, read from a file once jcmd has exited or been stopped after 20 s: a hung target cannot hang this. */
    private static String threadDump(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path out = null;
        try {
            out = Files.createTempFile("thread-dump-" + pid + "-", ".txt");
            Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "jcmd gave no thread dump in 20 s; what it wrote:\n" + Files.readString(out);
            }
            return Files.readString(out);
        } catch (IOException e) {
            return "no thread dump (" + jcmd + "): " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump: interrupted";
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file left behind
                }
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
