package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database cut off for 20 s in the middle of an import delays it; it neither fails it nor loses a row. */
class DatabaseOutageIT {

    private static final int ROWS = 150_000;
    private static final int BATCH = 250;

    private final TestDatabase db = TestDatabase.get();

    @TempDir
    Path dir;

    @Test
    void an_import_survives_a_20_second_database_outage_with_every_row_once() throws IOException {
        // given the service connected to PostgreSQL through a proxy that can cut it off
        db.clean();
        URI target = URI.create(db.url().substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
             ServiceProcess service = ServiceProcess.start("outage", List.of(), Map.of(
                     "DB_URL", "jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getPath(),
                     "IMPORT_RETRY_INITIAL_DELAY_MS", "200", "IMPORT_RETRY_MAX_DELAY_MS", "4000"))) {
            ApiClient api = new ApiClient(service);
            String id = api.uploadAccepted("contacts", file(), "batchSize=" + BATCH);
            awaitBatchesDone(id, 40);

            // when the database disappears for 20 seconds mid-import
            long cutAt = System.nanoTime();
            proxy.cut(20_000);
            long during = db.count("select batches_done from import_jobs where id = ?::uuid", id);

            // then the import waits, resumes, and ends with every row stored exactly once
            Map<String, Object> job = api.awaitFinished(id, Duration.ofMinutes(3));
            double seconds = (System.nanoTime() - cutAt) / 1e9;
            assertThat(job).containsEntry("status", "completed").containsEntry("rowsRead", ROWS)
                    .containsEntry("rowsStored", ROWS).containsEntry("rowsFailed", 0)
                    .containsEntry("batchesDone", ROWS / BATCH);
            assertThat(during).isLessThan(ROWS / BATCH);
            assertThat(seconds).as("the import waited out the outage").isGreaterThanOrEqualTo(19);
            assertThat(db.count("select count(*) from contacts where import_id = ?::uuid", id)).isEqualTo(ROWS);
            assertThat(service.log()).contains("On delivery attempt");
        }
    }

    private Path file() throws IOException {
        Path file = dir.resolve("outage.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("email,first_name\n");
            for (int i = 0; i < ROWS; i++) {
                out.write("outage" + i + "@example.com,F" + i + "\n");
            }
        }
        return file;
    }

    private void awaitBatchesDone(String id, int batches) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (db.count("select coalesce(max(batches_done), 0) from import_jobs where id = ?::uuid", id) < batches) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("import never reached " + batches + " batches");
            }
            ServiceProcess.sleep(5);
        }
    }
}
