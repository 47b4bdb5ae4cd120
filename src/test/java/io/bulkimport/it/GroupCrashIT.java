package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once for a group (issue #14): the service is killed with SIGKILL in the middle of a group of files, started
 * again, and the group completes with every file's rows stored once, every batch committed once, and one
 * notification.
 */
class GroupCrashIT {

    private static final int FILES = 5;
    private static final int ROWS = 40_000;
    private static final int BATCH = 200;
    private static final int BATCHES_PER_FILE = ROWS / BATCH;
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(24));

    private final TestDatabase db = TestDatabase.get();
    private ServiceProcess service;
    private WebhookReceiver receiver;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        db.clean();
        receiver = new WebhookReceiver(SECRET);
        service = ServiceProcess.start("group-crash", List.of(), Map.of(
                "NOTIFY_WEBHOOK_URL", receiver.url("127.0.0.1"), "NOTIFY_WEBHOOK_SECRET", SECRET));
    }

    @AfterEach
    void stop() {
        if (service != null && service.alive()) {
            service.close();
        }
        receiver.close();
    }

    @Test
    void a_group_killed_mid_way_completes_after_restart_with_every_file_imported_exactly_once() throws IOException {
        // given a group of five large files under way
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < FILES; f++) {
            files.add(contacts(f));
        }
        String id = new GroupClient(new ApiClient(service)).uploadAccepted("contacts", files, "batchSize=" + BATCH);

        // when the service is killed in the middle of it and started again
        awaitGroupBatches(id, BATCHES_PER_FILE + BATCHES_PER_FILE / 2);
        service.kill();
        long unfinished = db.count("select count(*) from import_jobs where group_id = ?::uuid and status in ('queued', 'running')", id);
        assertThat(unfinished).as("killed mid-group").isPositive();
        service = service.startAgain();

        // then the group completes, and every file's rows and batches are there exactly once
        Map<String, Object> group = new GroupClient(new ApiClient(service)).awaitEnded(id, Duration.ofMinutes(4));
        assertThat(group).containsEntry("status", "completed").containsEntry("filesDone", FILES)
                .containsEntry("rowsRead", FILES * ROWS).containsEntry("rowsStored", FILES * ROWS);
        for (Map<String, Object> file : GroupClient.imports(group)) {
            assertThat(file).containsEntry("status", "completed").containsEntry("rowsStored", ROWS);
            assertThat(db.count("select count(*) from contacts where import_id = ?::uuid", file.get("id"))).isEqualTo(ROWS);
            assertThat(db.count("select count(*) from import_batches where import_id = ?::uuid", file.get("id")))
                    .isEqualTo(BATCHES_PER_FILE);
        }
        assertThat(db.count("select count(*) from contacts")).isEqualTo((long) FILES * ROWS);
        // and one group.finished event went out, across the restart
        receiver.await(d -> id.equals(WebhookReceiver.data(d).get("id")), 1, Duration.ofMinutes(1));
        awaitNotificationRecorded(id);
        assertThat(receiver.deliveries().stream().filter(d -> id.equals(WebhookReceiver.data(d).get("id")))).hasSize(1);
        assertThat(receiver.deliveries()).allMatch(d -> d.body().contains("\"type\":\"group.finished\""));
    }

    private void awaitGroupBatches(String id, int batches) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (db.count("select coalesce(sum(batches_done), 0) from import_jobs where group_id = ?::uuid", id) < batches) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("group " + id + " never reached " + batches + " batches");
            }
            ServiceProcess.sleep(5);
        }
    }

    private void awaitNotificationRecorded(String id) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (db.count("select count(*) from import_notifications where import_id = ?::uuid", id) < 1) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no notification recorded for group " + id);
            }
            ServiceProcess.sleep(100);
        }
    }

    private Path contacts(int f) throws IOException {
        Path file = dir.resolve("part-" + f + ".csv");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("email,first_name,last_name,company\n");
            for (int i = 0; i < ROWS; i++) {
                out.write("f" + f + "-u" + i + "@example.com,First" + i + ",Last" + i + ",Company " + i + "\n");
            }
        }
        return file;
    }
}
