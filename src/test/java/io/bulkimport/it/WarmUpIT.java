package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.intake.RowPathWarmUp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up's warm-up of the row path (issue #11: the first import after a start ran its first seconds at half
 * speed, and its ETA said so): with the shipped setting the service runs its synthetic rows before the API opens,
 * and leaves nothing behind — no table, no job, no file — and the first real import after it lands every row.
 */
class WarmUpIT {

    @TempDir
    Path dir;

    @Test
    void the_shipped_warm_up_runs_before_the_api_opens_and_leaves_nothing_behind() throws IOException {
        // given an empty database and the service started with the warm-up as shipped
        TestDatabase db = TestDatabase.get();
        db.clean();   // contacts among them (nothing to empty on a database no service has migrated yet)
        long shipped = Long.parseLong(shippedProperty("import.warm-up-rows"));
        assertThat(shipped).as("the shipped warm-up").isPositive();
        try (ServiceProcess service = ServiceProcess.start("warm-up", List.of(),
                Map.of("IMPORT_WARM_UP_ROWS", String.valueOf(shipped)))) {
            // then the log says whole rounds of synthetic rows went through, at least three, each after the short
            // files, before the API was opened
            String log = service.log();
            Matcher done = Pattern.compile("row path warmed up: (\\d+) synthetic rows in (\\d+) rounds and (\\d+) short files")
                    .matcher(log);
            assertThat(done.find()).as("warm-up line in the log:\n%s", log).isTrue();
            long rounds = Long.parseLong(done.group(2));
            assertThat(rounds).isBetween(3L, shipped / 100_000);
            assertThat(Long.parseLong(done.group(3))).as("short files").isEqualTo(rounds * RowPathWarmUp.SHORT_FILES);
            assertThat(Long.parseLong(done.group(1))).isEqualTo(rounds * (100_000 + RowPathWarmUp.SHORT_FILE_ROWS));

            // and nothing of it stayed: no table, no job, no error, no scratch file
            assertThat(db.count("select count(*) from pg_class where relname = 'bulkimport_warm_up'")).isZero();
            assertThat(db.count("select count(*) from import_jobs")).isZero();
            assertThat(db.count("select count(*) from import_errors")).isZero();
            assertThat(db.count("select count(*) from contacts")).isZero();
            try (Stream<Path> files = Files.walk(service.home())) {
                assertThat(files.filter(f -> f.getFileName().toString().startsWith("warm-up"))).isEmpty();
            }

            // and a real import afterwards stores every row
            StringBuilder csv = new StringBuilder("email,first_name,last_name,company,phone\n");
            for (int i = 1; i <= 500; i++) {
                csv.append("after.warm.up").append(i).append("@example.com,Ann,Lee,Acme,+1 555 0100\n");
            }
            Path file = Files.writeString(dir.resolve("contacts.csv"), csv);
            ApiClient api = new ApiClient(service);
            Map<String, Object> job = api.awaitFinished(api.uploadAccepted("contacts", file, "filename=contacts.csv"),
                    Duration.ofSeconds(60));
            assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", 500);
            assertThat(db.count("select count(*) from contacts")).isEqualTo(500);
        }
    }

    @Test
    void while_it_starts_the_service_is_alive_but_not_ready_and_says_what_it_is_doing() throws Exception {
        // given the service starting with the warm-up as shipped (seconds of it, before the API opens)
        long shipped = Long.parseLong(shippedProperty("import.warm-up-rows"));
        try (ServiceProcess service = ServiceProcess.starting("warm-up-health", List.of(),
                Map.of("IMPORT_WARM_UP_ROWS", String.valueOf(shipped)))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

            // when its health endpoint says the warm-up runs (it answers from the moment Camel's HTTP server listens)
            HttpResponse<String> health = null;
            HttpResponse<String> api = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    api = get(http, service, "/api/pipelines");   // first: the health read after it says when it was
                    health = get(http, service, "/observe/health");
                } catch (IOException notListeningYet) {
                    health = null;
                }
                if (health != null && health.body().contains("starting: warming up the row path")) {
                    break;
                }
                // before that, it is never ready
                assertThat(health == null || health.statusCode() == 503).as("health before the warm-up: %s",
                        health == null ? "" : health.body()).isTrue();
                Thread.sleep(50);
            }
            assertThat(health).as("the health endpoint never answered:%n%s", service.log()).isNotNull();
            assertThat(health.body()).as("never said it was warming up:%n%s", service.log())
                    .contains("starting: warming up the row path");

            // then it is not ready, is alive, and its API is not open yet
            assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
            assertThat(api.statusCode()).isEqualTo(404);
            HttpResponse<String> live = get(http, service, "/observe/health/live");
            assertThat(live.statusCode()).as(live.body()).isEqualTo(200);

            // and once started, it is ready and its API answers
            service.awaitReady(Duration.ofSeconds(90), true);
            HttpResponse<String> ready = get(http, service, "/observe/health");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).doesNotContain("starting");
            assertThat(get(http, service, "/api/pipelines").statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> get(HttpClient http, ServiceProcess service, String path)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String shippedProperty(String key) throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = WarmUpIT.class.getResourceAsStream("/application.properties")) {
            shipped.load(in);
        }
        return shipped.getProperty(key);
    }
}
