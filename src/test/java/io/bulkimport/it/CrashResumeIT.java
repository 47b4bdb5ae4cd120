package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once under crashes: the service is killed with SIGKILL (or stopped with SIGTERM) in the middle of a
 * large import, started again, and the import ends with every row stored once and every bad row reported once.
 */
class CrashResumeIT {

    private static final int ROWS = 240_000;
    private static final int BAD_EVERY = 10_000;       // rows 2, 10002, … have a bad email
    private static final int REPEAT_EVERY = 7_919;     // each such row repeats the key of the row before it
    private static final int BATCH = 200;
    private static final int INBOX_BATCH = 3000;        // the contacts pipeline's default (contacts.batch-size)

    private final TestDatabase db = TestDatabase.get();
    private ServiceProcess service;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        db.clean();
        service = ServiceProcess.start("crash", List.of(), Map.of());
    }

    @AfterEach
    void stop() {
        if (service != null && service.alive()) {
            service.close();
        }
    }

    @Test
    void an_upload_killed_twice_resumes_and_stores_every_row_exactly_once() throws IOException {
        // given a large upload under way
        Path file = bigFile();
        String id = new ApiClient(service).uploadAccepted("contacts", file, "batchSize=" + BATCH);

        // when the service is killed at two points and started again each time
        killWhenBatchesDone(id, 150, BATCH);
        service = service.startAgain();
        killWhenBatchesDone(id, 600, BATCH);
        service = service.startAgain();

        // then the import finishes as if nothing had happened
        Map<String, Object> job = new ApiClient(service).awaitFinished(id, Duration.ofMinutes(3));
        assertExactlyOnce(id, job, BATCH);
    }

    @Test
    void an_inbox_file_killed_mid_import_stays_in_the_inbox_and_resumes() throws IOException {
        // given a large file dropped in the inbox
        Path inbox = service.inbox("contacts");
        Files.move(bigFile(), inbox.resolve("big.csv"));
        String id = awaitJobId();

        // when the service is killed in the middle
        killWhenBatchesDone(id, 20, INBOX_BATCH);
        assertThat(inbox.resolve("big.csv")).exists();
        service = service.startAgain();

        // then the same job resumes from the file, which moves to .done at the end
        Map<String, Object> job = new ApiClient(service).awaitFinished(id, Duration.ofMinutes(3));
        assertExactlyOnce(id, job, INBOX_BATCH);
        awaitExists(inbox.resolve(".done").resolve("big.csv"));
    }

    @Test
    void sigterm_pauses_the_import_and_the_next_start_finishes_it() throws IOException {
        // given a large upload under way (each batch is a few hundred rows, so there are many)
        String id = new ApiClient(service).uploadAccepted("contacts", bigFile(), "batchSize=" + BATCH);
        awaitBatchesDone(id, 100);

        // when the service is asked to stop
        double seconds = service.terminate();

        // then it stopped within the shutdown timeout, leaving the job running and resumable
        assertThat(seconds).isLessThan(25);
        assertThat(db.rows("select status from import_jobs where id = ?::uuid", id).get(0)).containsEntry("status", "running");
        service = service.startAgain();
        assertExactlyOnce(id, new ApiClient(service).awaitFinished(id, Duration.ofMinutes(3)), BATCH);
    }

    private void assertExactlyOnce(String id, Map<String, Object> job, int batchSize) {
        int bad = ROWS / BAD_EVERY;
        int repeats = ROWS / REPEAT_EVERY;
        int batches = (ROWS + batchSize - 1) / batchSize;
        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsRead", ROWS)
                .containsEntry("rowsFailed", bad).containsEntry("rowsDuplicate", repeats)
                .containsEntry("rowsStored", ROWS - bad - repeats).containsEntry("batchesDone", batches);
        assertThat(db.count("select count(*) from contacts where import_id = ?::uuid", id)).isEqualTo(ROWS - bad - repeats);
        assertThat(db.count("select count(*) from import_errors where import_id = ?::uuid", id)).isEqualTo(bad);
        assertThat(db.count("select count(distinct row_number) from import_errors where import_id = ?::uuid", id)).isEqualTo(bad);
        assertThat(db.count("select count(*) from import_batches where import_id = ?::uuid", id)).isEqualTo(batches);
    }

    private Path bigFile() throws IOException {
        Path file = dir.resolve("big-" + System.nanoTime() + ".csv");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("email,first_name,last_name,company\n");
            for (int i = 0; i < ROWS; i++) {
                String email = i % BAD_EVERY == 0 ? "bad-" + i : "u" + (i % REPEAT_EVERY == REPEAT_EVERY - 1 ? i - 1 : i) + "@example.com";
                out.write(email + ",First" + i + ",Last" + i + ",Company " + i + "\n");
            }
        }
        return file;
    }

    private void killWhenBatchesDone(String id, int batches, int batchSize) {
        awaitBatchesDone(id, batches);
        service.kill();
        long done = db.count("select batches_done from import_jobs where id = ?::uuid", id);
        assertThat(done).as("killed mid-import").isLessThan((ROWS + batchSize - 1) / batchSize);
    }

    private void awaitBatchesDone(String id, int batches) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (db.count("select coalesce(max(batches_done), 0) from import_jobs where id = ?::uuid", id) < batches) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("import " + id + " never reached " + batches + " batches");
            }
            ServiceProcess.sleep(5);
        }
    }

    private String awaitJobId() {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> jobs = db.rows("select id::text as id from import_jobs where file_name = 'big.csv'");
            if (!jobs.isEmpty()) {
                return String.valueOf(jobs.get(0).get("id"));
            }
            ServiceProcess.sleep(20);
        }
        throw new AssertionError("the inbox never registered big.csv");
    }

    private static void awaitExists(Path file) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never appeared: " + file);
            }
            ServiceProcess.sleep(100);
        }
    }
}
