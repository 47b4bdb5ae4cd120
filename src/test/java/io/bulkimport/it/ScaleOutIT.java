package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Two instances share stage hash through a broker (issue #16): the first hosts the embedded ActiveMQ Artemis broker
 * and reads the file; both instances' workers hash its passwords. Hashes are checked with another bcrypt
 * implementation (Spring Security's), rows are counted in the table, and a worker is killed with SIGKILL in the middle.
 */
class ScaleOutIT {

    private static final String BROKER_USER = "bulkimport-broker";
    private static final String BROKER_PASSWORD = "scale-out-test-broker-secret";
    private static final Pattern BROKER_ROWS = Pattern.compile("bulkimport_broker_rows_total\\{stage=\"hash\"[^}]*} ([0-9.E]+)");
    private static final Pattern IN_FLIGHT = Pattern.compile("bulkimport_broker_messages_in_flight\\{stage=\"hash\"[^}]*} ([0-9.E]+)");

    private final TestDatabase db = TestDatabase.get();

    @TempDir
    Path dir;

    @Test
    void both_instances_hash_the_passwords_of_an_import_that_one_of_them_reads() throws Exception {
        // given an instance hosting the broker and another using it, one hash thread each
        db.clean();
        int brokerPort = ServiceProcess.freePort();
        try (ServiceProcess first = ServiceProcess.start("scale-first", List.of(), env("first", brokerPort, true, 8));
             ServiceProcess second = ServiceProcess.start("scale-second", List.of(), env("second", brokerPort, false, 8))) {
            db.execute("truncate users");
            int rows = 400;
            Path file = usersFile(rows);

            // when a users file is uploaded to the first
            ApiClient api = new ApiClient(first);
            Map<String, Object> job = api.awaitFinished(api.uploadAccepted("users", file, "filename=scale-users.csv"),
                    Duration.ofMinutes(3));

            // then every row is stored once, each hash verifies with another implementation, and both hashed
            assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", rows);
            assertEveryHashVerifies(rows);
            double byFirst = metric(first, BROKER_ROWS);
            double bySecond = metric(second, BROKER_ROWS);
            assertThat(byFirst).as("passwords hashed by the first instance").isPositive();
            assertThat(bySecond).as("passwords hashed by the second instance").isPositive();
            assertThat(byFirst + bySecond).as("each password hashed once").isEqualTo(rows);

            // and GET /api/queue lists both workers
            List<Map<String, Object>> workers = awaitWorkers(api, 2);
            assertThat(workers).extracting(w -> w.get("instance")).containsExactly("first", "second");
            assertThat(workers).allSatisfy(w -> assertThat(((Number) w.get("rows")).longValue()).isPositive());

            // and no plaintext password, nor the broker's password, is in either log
            String logs = first.log() + second.log();
            assertThat(logs).doesNotContain("plain-secret-0001", BROKER_PASSWORD).doesNotContain("ERROR");
        }
    }

    @Test
    void a_worker_killed_in_the_middle_loses_no_row_and_stores_none_twice() throws Exception {
        // given two instances at bcrypt cost 10, so that each message keeps a worker busy for a while
        db.clean();
        int brokerPort = ServiceProcess.freePort();
        try (ServiceProcess first = ServiceProcess.start("scale-kill-first", List.of(), env("first", brokerPort, true, 10));
             ServiceProcess second = ServiceProcess.start("scale-kill-second", List.of(), env("second", brokerPort, false, 10))) {
            db.execute("truncate users");
            int rows = 240;
            ApiClient api = new ApiClient(first);
            String id = api.uploadAccepted("users", usersFile(rows), "filename=scale-kill.csv");

            // when the second instance is killed (SIGKILL) while its worker holds a message
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(metric(second, BROKER_ROWS) > 0 && metric(second, IN_FLIGHT) > 0) && System.nanoTime() < deadline) {
                ServiceProcess.sleep(50);
            }
            assertThat(metric(second, IN_FLIGHT)).as("a message in the second's worker").isPositive();
            second.kill();

            // then the first finishes the import alone: every row stored exactly once, every hash valid
            Map<String, Object> job = api.awaitFinished(id, Duration.ofMinutes(4));
            assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", rows)
                    .containsEntry("rowsFailed", 0);
            assertEveryHashVerifies(rows);
            // the message the dead worker held came to the first again
            assertThat(metric(first, Pattern.compile(
                    "bulkimport_broker_messages_redelivered_total\\{stage=\"hash\"[^}]*} ([0-9.E]+)"))).isPositive();
            assertThat(first.log()).doesNotContain("plain-secret-0001", BROKER_PASSWORD);
        }
    }

    @Test
    void an_instance_whose_broker_is_gone_hashes_the_rest_itself() throws Exception {
        // given the second instance reading the file, the first hosting the broker, short request timeouts
        db.clean();
        int brokerPort = ServiceProcess.freePort();
        Map<String, String> readerEnv = env("second", brokerPort, false, 10);
        readerEnv.put("BROKER_REQUEST_TIMEOUT_MS", "5000");
        try (ServiceProcess first = ServiceProcess.start("scale-gone-first", List.of(), env("first", brokerPort, true, 10));
             ServiceProcess second = ServiceProcess.start("scale-gone-second", List.of(), readerEnv)) {
            db.execute("truncate users");
            int rows = 160;
            ApiClient api = new ApiClient(second);
            String id = api.uploadAccepted("users", usersFile(rows), "filename=scale-gone.csv");

            // when the instance with the broker is killed while the import runs
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (metric(first, BROKER_ROWS) + metric(second, BROKER_ROWS) < 16 && System.nanoTime() < deadline) {
                ServiceProcess.sleep(50);
            }
            first.kill();

            // then the reader hashes the rest itself: every row stored once, every hash valid
            Map<String, Object> job = api.awaitFinished(id, Duration.ofMinutes(4));
            assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", rows);
            assertEveryHashVerifies(rows);
            assertThat(metric(second, Pattern.compile(
                    "bulkimport_broker_requests_local_total\\{stage=\"hash\"[^}]*} ([0-9.E]+)"))).isPositive();
            assertThat(second.log()).contains("cannot be reached").doesNotContain("plain-secret-0001", BROKER_PASSWORD);
        }
    }

    @Test
    void both_instances_enrich_the_rows_of_an_import_under_one_rate_limit() throws Exception {
        // given two instances on one broker and one fake provider that allows 30 requests a minute, one row a request
        db.clean();
        int brokerPort = ServiceProcess.freePort();
        int perMinute = 30;
        int rows = 36;
        try (FakeAiProvider ai = new FakeAiProvider()) {
            Map<String, String> first = env("first", brokerPort, true, 4);
            Map<String, String> second = env("second", brokerPort, false, 4);
            for (Map<String, String> env : List.of(first, second)) {
                env.put("AI_BASE_URL", ai.baseUrl());
                env.put("AI_API_KEY", "scale-out-ai-key");
                env.put("AI_REQUESTS_PER_MINUTE", String.valueOf(perMinute));
                env.put("ITEMS_AI_ROWS_PER_REQUEST", "1");
                env.put("AI_MAX_CONCURRENT", "2");
            }
            try (ServiceProcess one = ServiceProcess.start("scale-ai-first", List.of(), first);
                 ServiceProcess two = ServiceProcess.start("scale-ai-second", List.of(), second)) {
                ai.latency(Duration.ofMillis(300));
                db.execute("truncate items, ai_cache, ai_request_log");
                StringBuilder csv = new StringBuilder("Item ID,Title,Description,Quality Tier\n");
                for (int i = 1; i <= rows; i++) {
                    csv.append("scale-").append(i).append(",title ").append(i).append(",thing ").append(i).append(",bronze\n");
                }

                // when an items file is uploaded to the first
                ApiClient api = new ApiClient(one);
                Map<String, Object> job = api.awaitFinished(api.uploadAccepted("items",
                        Files.writeString(dir.resolve("scale-items.csv"), csv), "filename=scale-items.csv"), Duration.ofMinutes(4));

                // then every row is enriched with one request each, by the workers of both, within the one limit
                assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", rows);
                assertThat(db.count("select count(*) from items where enrichment_status = 'done'")).isEqualTo(rows);
                assertThat(ai.requestCount()).as("one request a row, none paid twice").isEqualTo(rows);
                Pattern enriched = Pattern.compile("bulkimport_broker_rows_total\\{stage=\"enrich\"[^}]*} ([0-9.E]+)");
                assertThat(metric(one, enriched)).as("rows enriched by the first").isPositive();
                assertThat(metric(two, enriched)).as("rows enriched by the second").isPositive();
                assertThat(metric(one, enriched) + metric(two, enriched)).isEqualTo(rows);
                assertThat(ai.maxArrivalsInAnyWindow(Duration.ofSeconds(60), r -> true)).isLessThanOrEqualTo(perMinute);
                assertThat(one.log() + two.log()).doesNotContain("scale-out-ai-key", BROKER_PASSWORD);
            }
        }
    }

    @Test
    void a_batch_no_worker_answers_in_time_goes_to_the_dead_letters_and_a_message_no_worker_can_open_to_the_broker_dlq()
            throws Exception {
        // given one instance whose worker needs ~5 s a message (bcrypt cost 13) and a requester that waits 1.5 s, twice
        db.clean();
        int brokerPort = ServiceProcess.freePort();
        Map<String, String> env = env("only", brokerPort, true, 13);
        env.put("BROKER_REQUEST_TIMEOUT_MS", "1500");
        env.put("BROKER_MAX_SENDS", "2");
        env.put("IMPORT_DEAD_LETTER_INITIAL_DELAY_MS", "200");
        env.put("IMPORT_DEAD_LETTER_MAX_DELAY_MS", "500");
        try (ServiceProcess only = ServiceProcess.start("scale-dead", List.of(), env)) {
            db.execute("truncate users");

            // when 8 users are imported (one message)
            ApiClient api = new ApiClient(only);
            String id = api.uploadAccepted("users", usersFile(8), "filename=scale-dead.csv");
            Map<String, Object> job = api.awaitFinished(id, Duration.ofMinutes(3));

            // then the batch went to the project's dead letters, with why, and without a password anywhere
            assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsFailed", 8)
                    .containsEntry("rowsStored", 0);
            List<Map<String, Object>> errors = db.rows("select stage, reason, raw_row::text as raw from import_errors"
                    + " where import_id = ?::uuid", id);
            assertThat(errors).hasSize(8).allSatisfy(e -> {
                assertThat(String.valueOf(e.get("reason"))).contains("stage hash through the broker")
                        .contains("no worker answered within 1.5 s");
                assertThat(String.valueOf(e.get("raw"))).doesNotContain("plain-secret");
            });

            // and a message no worker can open (not sealed with the database's key) ends in the broker's DLQ
            org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory factory =
                    new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory("tcp://localhost:" + brokerPort,
                            BROKER_USER, BROKER_PASSWORD);
            try (jakarta.jms.JMSContext jms = factory.createContext()) {
                jms.createProducer().send(jms.createQueue("bulkimport.hash"), "not a sealed request".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8));
                jakarta.jms.JMSConsumer dlq = jms.createConsumer(jms.createQueue("DLQ"));
                jakarta.jms.Message dead = dlq.receive(Duration.ofSeconds(30).toMillis());
                assertThat(dead).as("the message in the DLQ after the broker's last attempt").isNotNull();
                assertThat(dead.getBody(byte[].class)).asString().isEqualTo("not a sealed request");
                // moved there by the broker from the stage's queue (Artemis names where a dead letter came from)
                assertThat(dead.getStringProperty("_AMQ_ORIG_ADDRESS")).isEqualTo("bulkimport.hash");
            }
            assertThat(only.log()).doesNotContain("plain-secret", BROKER_PASSWORD);
        }
    }

    private Map<String, String> env(String instance, int brokerPort, boolean hostsBroker, int cost) {
        Map<String, String> env = new HashMap<>();
        if (hostsBroker) {
            env.put("BROKER_EMBEDDED_PORT", String.valueOf(brokerPort));
        } else {
            env.put("BROKER_URL", "tcp://localhost:" + brokerPort);
        }
        env.put("BROKER_USER", BROKER_USER);
        env.put("BROKER_PASSWORD", BROKER_PASSWORD);
        env.put("BROKER_INSTANCE_ID", instance);
        env.put("HASH_THREADS", "1");
        env.put("HASH_BCRYPT_COST", String.valueOf(cost));
        return env;
    }

    private Path usersFile(int rows) throws IOException {
        StringBuilder csv = new StringBuilder("email,name,user_type,password\n");
        for (int i = 1; i <= rows; i++) {
            csv.append(String.format("scale%04d@example.com,User %d,member,plain-secret-%04d%n", i, i, i));
        }
        return Files.writeString(dir.resolve("scale-users-" + rows + ".csv"), csv);
    }

    /** Every stored hash is the bcrypt of its row's password (checked with Spring Security's BCrypt), once per e-mail. */
    private void assertEveryHashVerifies(int rows) throws Exception {
        assertThat(db.count("select count(*) from users")).isEqualTo(rows);
        assertThat(db.count("select count(distinct email) from users")).isEqualTo(rows);
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("select email, password_hash from users");
             ResultSet rs = s.executeQuery()) {
            int checked = 0;
            while (rs.next()) {
                String number = rs.getString(1).substring(5, 9);
                assertThat(BCrypt.checkpw("plain-secret-" + number, rs.getString(2))).as(rs.getString(1)).isTrue();
                checked++;
            }
            assertThat(checked).isEqualTo(rows);
        }
    }

    private static double metric(ServiceProcess service, Pattern pattern) {
        String body = new ApiClient(service).get("/observe/metrics").body();
        Matcher m = pattern.matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> awaitWorkers(ApiClient api, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<Map<String, Object>> workers;
        do {
            workers = (List<Map<String, Object>>) ApiClient.json(api.get("/api/queue").body()).get("workers");
            if (workers.size() >= expected && workers.stream().allMatch(w -> ((Number) w.get("rows")).longValue() > 0)) {
                return workers;
            }
            ServiceProcess.sleep(500);
        } while (System.nanoTime() < deadline);
        return workers;
    }
}
