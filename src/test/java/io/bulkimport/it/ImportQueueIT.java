package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The import queue (issue #14, part 4): {@code import.max-concurrent-files} files at a time across uploads and the
 * inbox, taken in turns by groups and single files, resumed in order after a crash, shown by {@code GET /api/queue}.
 * <p>
 * An import is held "long" without relying on speed: the test takes an exclusive lock on the {@code contacts} table,
 * so a contacts import is running (its batch waits for the lock, times out and is redelivered) until the test lets go.
 */
class ImportQueueIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A held batch keeps being redelivered instead of failing its import, and goes on soon after the lock is gone. */
    private static final Map<String, String> HOLDABLE = Map.of("DB_LOCK_TIMEOUT_MS", "500",
            "IMPORT_RETRY_MAX_REDELIVERIES", "100000", "IMPORT_RETRY_INITIAL_DELAY_MS", "100",
            "IMPORT_RETRY_MAX_DELAY_MS", "300");

    private final TestDatabase db = TestDatabase.get();

    @Test
    void with_one_slot_a_single_upload_waits_for_the_running_import_and_then_runs() throws Exception {
        db.clean();
        try (ServiceProcess service = ServiceProcess.start("queue-one-slot", List.of(), limit(1));
             TableLock lock = TableLock.on(db, "contacts")) {
            ApiClient api = new ApiClient(service);
            // given a contacts import running in the only slot
            String running = api.uploadAccepted("contacts", contacts("held", 10), "filename=held.csv");
            awaitStatus(api, running, "running");

            // when a single upload comes
            String single = api.uploadAccepted("records", records("single"), "filename=single.csv");

            // then it waits: queued, first in line, while the other runs
            Map<String, Object> queue = queue(api);
            assertThat(queue).containsEntry("maxConcurrentFiles", 1).containsEntry("totals", Map.of("queued", 1, "running", 1));
            assertThat(list(queue, "running")).singleElement().satisfies(job -> assertThat(job)
                    .containsEntry("id", running).containsEntry("pipeline", "contacts").containsEntry("fileName", "held.csv")
                    .containsEntry("status", "running").containsEntry("groupId", null).containsEntry("position", null)
                    .containsKey("since"));
            assertThat(list(queue, "queued")).singleElement().satisfies(job -> assertThat(job)
                    .containsEntry("id", single).containsEntry("pipeline", "records").containsEntry("fileName", "single.csv")
                    .containsEntry("status", "queued").containsEntry("position", 1));
            assertThat(api.job(single)).containsEntry("status", "queued");

            // and once the running import can go on, both complete, the single upload started after the other ended
            lock.release();
            Map<String, Object> first = api.awaitFinished(running, WAIT);
            Map<String, Object> second = api.awaitFinished(single, WAIT);
            assertThat(first).containsEntry("status", "completed");
            assertThat(second).containsEntry("status", "completed");
            assertThat(instant(second, "startedAt")).isAfterOrEqualTo(instant(first, "finishedAt"));
            assertThat(queue(api)).containsEntry("totals", Map.of("queued", 0, "running", 0));
            assertThat(metrics(api)).contains("bulkimport_queue_limit").contains("bulkimport_queue_queued")
                    .contains("bulkimport_queue_running");
        }
    }

    @Test
    void two_files_dropped_together_in_the_inbox_are_imported_at_the_same_time() throws Exception {
        db.clean();
        try (ServiceProcess service = ServiceProcess.start("queue-inbox", List.of(), limit(2));
             TableLock lock = TableLock.on(db, "contacts")) {
            ApiClient api = new ApiClient(service);
            Path inbox = service.inbox("contacts");
            // given two files written elsewhere
            Path staging = Files.createDirectories(service.home().resolve("staging"));
            Files.copy(contacts("first", 5), staging.resolve("first.csv"));
            Files.copy(contacts("second", 5), staging.resolve("second.csv"));

            // when they are moved into the inbox together
            Files.move(staging.resolve("first.csv"), inbox.resolve("first.csv"));
            Files.move(staging.resolve("second.csv"), inbox.resolve("second.csv"));

            // then both are running at one moment
            Map<String, Object> both = awaitQueue(api, q -> list(q, "running").size() == 2);
            assertThat(list(both, "running")).extracting(job -> job.get("fileName"))
                    .containsExactlyInAnyOrder("first.csv", "second.csv");
            assertThat(list(both, "running")).allSatisfy(job -> assertThat(job).containsEntry("pipeline", "contacts"));

            // and, let go, both are imported once and moved to .done/
            lock.release();
            ServiceProcess.awaitFile(inbox.resolve(".done").resolve("first.csv"), WAIT);
            ServiceProcess.awaitFile(inbox.resolve(".done").resolve("second.csv"), WAIT);
            assertThat(db.count("select count(*) from import_jobs where source = 'inbox' and status = 'completed'"))
                    .isEqualTo(2);
            assertThat(db.count("select count(*) from contacts")).isEqualTo(10);
        }
    }

    @Test
    void after_a_crash_queued_files_resume_in_order_and_a_single_upload_runs_before_a_groups_second_file()
            throws Exception {
        db.clean();
        ServiceProcess service = ServiceProcess.start("queue-fair", List.of(), limit(1));
        try (TableLock lock = TableLock.on(db, "contacts")) {
            ApiClient api = new ApiClient(service);
            // given a running contacts import, then three files and then a single file waiting behind it
            String running = api.uploadAccepted("contacts", contacts("held", 10), "filename=held.csv");
            awaitStatus(api, running, "running");
            String g1 = api.uploadAccepted("records", records("g1"), "filename=g1.csv");
            String g2 = api.uploadAccepted("records", records("g2"), "filename=g2.csv");
            String g3 = api.uploadAccepted("records", records("g3"), "filename=g3.csv");
            String single = api.uploadAccepted("records", records("single"), "filename=single.csv");
            awaitQueue(api, q -> list(q, "queued").size() == 4);

            // and the service is killed; the three files were one group (as a multipart upload makes them)
            service.kill();
            UUID group = UUID.randomUUID();
            // with the upload's options, as GroupIntake stores them (a row without them is not one the service writes)
            db.execute("insert into import_groups (id, pipeline, source, files_total, options) "
                    + "select ?, 'records', 'upload', 3, options from import_jobs where id = ?::uuid", group, g1);
            for (String id : List.of(g1, g2, g3)) {
                db.execute("update import_jobs set group_id = ? where id = ?::uuid", group, id);
            }
            awaitNoImportLocks();

            // when it starts again
            service = service.startAgain();
            api = new ApiClient(service);

            // then the running import runs again first, and the single upload waits one turn behind the group
            Map<String, Object> queue = awaitQueue(api, q -> list(q, "running").size() == 1 && list(q, "queued").size() == 4);
            assertThat(list(queue, "running")).singleElement().satisfies(job -> assertThat(job).containsEntry("id", running));
            assertThat(list(queue, "queued")).extracting(job -> job.get("id")).containsExactly(g1, single, g2, g3);
            assertThat(list(queue, "queued")).extracting(job -> job.get("groupId"))
                    .containsExactly(group.toString(), null, group.toString(), group.toString());

            // and, let go, each runs once, in that order
            lock.release();
            Map<String, Instant> started = new HashMap<>();
            for (String id : List.of(running, g1, single, g2, g3)) {
                Map<String, Object> job = api.awaitFinished(id, WAIT);
                assertThat(job).as(id).containsEntry("status", "completed");
                started.put(id, instant(job, "startedAt"));
            }
            assertThat(started.get(g1)).isBefore(started.get(single));
            assertThat(started.get(single)).isBefore(started.get(g2));
            assertThat(started.get(g2)).isBefore(started.get(g3));
            assertThat(db.count("select count(*) from records")).isEqualTo(4);
            assertThat(db.count("select count(*) from contacts")).isEqualTo(10);
        } finally {
            service.close();
        }
    }

    private static Map<String, String> limit(int files) {
        Map<String, String> env = new HashMap<>(HOLDABLE);
        env.put("IMPORT_MAX_CONCURRENT_FILES", String.valueOf(files));
        return env;
    }

    private static Path contacts(String prefix, int rows) throws IOException {
        StringBuilder csv = new StringBuilder("email,first_name\n");
        for (int i = 0; i < rows; i++) {
            csv.append(prefix).append(i).append("@x.com,").append(prefix).append('\n');
        }
        return temp(csv.toString());
    }

    private static Path records(String name) throws IOException {
        return temp("name,value\n" + name + ",1\n");
    }

    private static Path temp(String content) throws IOException {
        Path file = Files.createTempFile("queue-", ".csv");
        file.toFile().deleteOnExit();
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> queue(ApiClient api) {
        HttpResponse<String> response = api.get("/api/queue");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiClient.json(response.body());
    }

    private static Map<String, Object> awaitQueue(ApiClient api, Predicate<Map<String, Object>> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Object> queue = queue(api);
        while (!condition.test(queue)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the queue never got there: " + queue);
            }
            ServiceProcess.sleep(100);
            queue = queue(api);
        }
        return queue;
    }

    private static void awaitStatus(ApiClient api, String id, String status) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!status.equals(api.job(id).get("status"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("import " + id + " never became " + status + ": " + api.job(id));
            }
            ServiceProcess.sleep(100);
        }
    }

    /** The killed service's sessions are gone once no import lock is held any more. */
    private void awaitNoImportLocks() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (db.count("select count(*) from pg_locks where locktype = 'advisory' "
                + "and database = (select oid from pg_database where datname = current_database())") > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the killed service's import locks were never released");
            }
            ServiceProcess.sleep(100);
        }
    }

    private static String metrics(ApiClient api) {
        return api.get("/observe/metrics").body();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> queue, String key) {
        return (List<Map<String, Object>>) queue.get(key);
    }

    private static Instant instant(Map<String, Object> job, String field) {
        return Instant.parse(String.valueOf(job.get(field)));
    }

    /** An exclusive lock on a table, held in an open transaction until released: writers wait, readers do not. */
    private static final class TableLock implements AutoCloseable {

        private final Connection connection;

        private TableLock(Connection connection) {
            this.connection = connection;
        }

        static TableLock on(TestDatabase db, String table) throws SQLException {
            Connection c = db.dataSource().getConnection();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("lock table " + table + " in exclusive mode");
            }
            return new TableLock(c);
        }

        void release() throws SQLException {
            if (!connection.isClosed()) {
                connection.rollback();
                connection.close();
            }
        }

        @Override
        public void close() throws SQLException {
            release();
        }
    }
}
