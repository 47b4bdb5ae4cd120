package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.intake.RowPathWarmUp;
import java.io.IOException;
import java.io.InputStream;
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
        db.clean();
        db.execute("truncate contacts");
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

    private static String shippedProperty(String key) throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = WarmUpIT.class.getResourceAsStream("/application.properties")) {
            shipped.load(in);
        }
        return shipped.getProperty(key);
    }
}
