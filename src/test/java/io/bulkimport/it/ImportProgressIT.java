package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Progress of a hash-bound users import through the running service (issue #11): percent, rate and ETA move with
 * each password hashed, before any batch commits, in the job JSON, the event stream and the metrics; the committed
 * counters do not. Bcrypt cost 9 and 600 users in two batches of 300 make an import of 10-30 s on two cores.
 * Only shapes and coarse bounds are asserted: the machine may be loaded; the ETA's accuracy is measured by
 * {@code bench/eta-accuracy}.
 */
class ImportProgressIT {

    private static final int USERS = 600;

    private static ServiceProcess service;
    private static ApiClient api;
    private final TestDatabase db = TestDatabase.get();

    /** One answer of {@code GET /api/imports/{id}}, and when it came. */
    private record Sample(Instant at, Map<String, Object> job) {
        double percent() {
            return ((Number) job.get("percent")).doubleValue();
        }

        long rowsRead() {
            return ((Number) job.get("rowsRead")).longValue();
        }

        Long eta() {
            return job.get("etaSeconds") == null ? null : ((Number) job.get("etaSeconds")).longValue();
        }

        boolean running() {
            return "running".equals(job.get("status"));
        }
    }

    @BeforeAll
    static void start() throws IOException {
        service = ServiceProcess.start("progress", List.of(), Map.of("HASH_BCRYPT_COST", "9"));
        api = new ApiClient(service);
        // the start-up hash measurement runs on the hash pool; let it finish so it does not share the import's cores
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> service.log().contains("on this machine"));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void a_hash_bound_import_moves_before_its_first_batch_commits_and_its_eta_fits_the_time_left() throws Exception {
        // given 600 users with plaintext passwords, imported in batches of 300
        db.clean();
        db.execute("truncate users");
        Path file = usersFile();

        // when it is uploaded, and followed through the API (every 100 ms), the event stream and the metrics
        String id = api.uploadAccepted("users", file, "filename=progress.csv&batchSize=300");
        CompletableFuture<List<String>> events = events(id);
        List<Sample> samples = new ArrayList<>();
        String metrics = null;
        Sample last;
        do {
            last = new Sample(Instant.now(), api.job(id));
            samples.add(last);
            if (metrics == null && last.running() && last.percent() >= 10) {
                metrics = api.get("/observe/metrics").body();
            }
            ServiceProcess.sleep(100);
        } while (last.running() || "queued".equals(last.job().get("status")));

        // then it completed, every user stored
        assertThat(last.job()).containsEntry("status", "completed").containsEntry("rowsStored", USERS)
                .containsEntry("percent", 100.0);
        List<Sample> running = samples.stream().filter(Sample::running).toList();

        // and percent moved while nothing was committed yet: several distinct values with rowsRead still 0
        assertThat(running.stream().filter(s -> s.rowsRead() == 0).map(Sample::percent).filter(p -> p > 0).distinct())
                .hasSizeGreaterThanOrEqualTo(3);

        // and it never went backwards, and never read 100 before the end
        for (int i = 1; i < running.size(); i++) {
            assertThat(running.get(i).percent()).as("sample %d", i)
                    .isGreaterThanOrEqualTo(running.get(i - 1).percent()).isLessThanOrEqualTo(99.9);
        }

        // and from 10% on the ETA is within a coarse bound of the time actually left
        Instant finished = Instant.parse((String) last.job().get("finishedAt"));
        Sample tenPercent = running.stream().filter(s -> s.percent() >= 10 && s.eta() != null).findFirst().orElseThrow();
        double left = Duration.between(tenPercent.at(), finished).toMillis() / 1000.0;
        assertThat((double) tenPercent.eta()).as("ETA at %s%%, %.1f s actually left", tenPercent.percent(), left)
                .isBetween(left / 4 - 2, left * 4 + 5);
        assertThat(((Number) tenPercent.job().get("rowsPerSecond")).doubleValue()).isPositive();

        // and the event stream carried the same live figures before the first commit
        assertThat(events.get().stream().filter(e -> e.contains("\"rowsRead\":0,")
                && !e.contains("\"percent\":0.0,"))).isNotEmpty();

        // and the metrics had the users pipeline's ETA and percent while it ran
        assertThat(metrics).contains("bulkimport_import_eta_seconds{pipeline=\"users\"")
                .contains("bulkimport_import_percent{pipeline=\"users\"");
    }

    private static Path usersFile() throws IOException {
        StringBuilder csv = new StringBuilder("email,name,password\n");
        for (int i = 1; i <= USERS; i++) {
            csv.append("progress").append(i).append("@example.com,User ").append(i).append(",progress-password-").append(i)
                    .append('\n');
        }
        Path file = Files.createTempFile("progress-", ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        file.toFile().deleteOnExit();
        return file;
    }

    /** The data lines of the import's event stream, collected until it ends. */
    private static CompletableFuture<List<String>> events(String id) {
        HttpRequest request = HttpRequest.newBuilder(api.uri("/api/imports/" + id + "/events")).timeout(Duration.ofMinutes(3))
                .GET().build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenApply(HttpResponse::body)
                .thenApply(lines -> {
                    try (Stream<String> data = lines) {
                        return data.filter(l -> l.startsWith("data: ")).toList();
                    }
                });
    }
}
