package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Completion notifications end to end: the service as a process, its route file routes/notifications.camel.yaml,
 * webhooks to real HTTP receivers on loopback that verify the Standard Webhooks signature themselves, and e-mail to
 * a real SMTP server (GreenMail) that requires the login.
 */
class NotificationsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(randomBytes());
    private static final String SMTP_PASSWORD = "smtp-Pa55-" + UUID.randomUUID();

    private static GreenMail smtp;
    private static WebhookReceiver receiver;
    private static ServiceProcess service;
    private static ApiClient api;
    private final TestDatabase db = TestDatabase.get();

    @BeforeAll
    static void start() throws IOException {
        smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("notifier", SMTP_PASSWORD));
        smtp.start();
        receiver = new WebhookReceiver(SECRET);
        service = ServiceProcess.start("notify", List.of(), Map.ofEntries(
                Map.entry("NOTIFY_WEBHOOK_URL", receiver.url("127.0.0.1")),
                Map.entry("NOTIFY_WEBHOOK_SECRET", SECRET),
                Map.entry("NOTIFY_ALLOWED_HOSTS", "localhost"),
                Map.entry("NOTIFY_BASE_URL", "https://imports.example.com"),
                Map.entry("NOTIFY_RETRY_MAX_REDELIVERIES", "3"),
                Map.entry("NOTIFY_RETRY_INITIAL_DELAY_MS", "1000"),
                Map.entry("NOTIFY_RETRY_MAX_DELAY_MS", "4000"),
                Map.entry("NOTIFY_TIMEOUT_MS", "3000"),
                Map.entry("NOTIFY_EMAIL_TO", "ops@example.com"),
                Map.entry("NOTIFY_SMTP_HOST", "127.0.0.1"),
                Map.entry("NOTIFY_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort())),
                Map.entry("NOTIFY_SMTP_USERNAME", "notifier"),
                Map.entry("NOTIFY_SMTP_PASSWORD", SMTP_PASSWORD)));
        api = new ApiClient(service);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void a_finished_import_sends_one_signed_webhook_with_its_job_and_one_mail_with_its_counts() throws Exception {
        // given a file with two good rows and one bad
        String tag = UUID.randomUUID().toString().substring(0, 8);
        byte[] csv = ("email,first_name\nada-" + tag + "@example.com,Ada\nnot-an-email,Bob\nalan-" + tag + "@example.com,Alan\n")
                .getBytes(StandardCharsets.UTF_8);

        // when it is imported with an address of the uploader's own
        String id = String.valueOf(ApiClient.json(api.upload("contacts", csv,
                "filename=people-" + tag + ".csv&notifyEmail=team@example.org").body()).get("id"));
        Map<String, Object> job = api.awaitFinished(id, WAIT);
        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsStored", 2).containsEntry("rowsFailed", 1);

        // then the configured receiver gets the event, signed so that its own check of the signature passes
        WebhookReceiver.Delivery delivery = receiver.await(d -> id.equals(WebhookReceiver.data(d).get("id")), 1, WAIT).get(0);
        assertThat(delivery.verified()).isTrue();
        assertThat(delivery.id()).startsWith("msg_");
        assertThat(Long.parseLong(delivery.timestamp())).isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond());
        assertThat(delivery.contentType()).startsWith("application/json");
        Map<String, Object> event = ApiClient.json(delivery.body());
        assertThat(event).containsEntry("type", "import.finished");
        assertThat(Instant.parse(String.valueOf(event.get("timestamp")))).isBefore(Instant.now());
        assertThat(event.get("data")).isEqualTo(api.job(id));
        assertThat(event.get("links")).isEqualTo(Map.of("import", "https://imports.example.com/api/imports/" + id,
                "errors", "https://imports.example.com/api/imports/" + id + "/errors"));

        // and one mail to the configured address and one to the upload's, with the counts
        List<MimeMessage> mails = awaitMails("people-" + tag + ".csv", 2);
        assertThat(mails).extracting(NotificationsIT::recipient).containsExactlyInAnyOrder("ops@example.com", "team@example.org");
        MimeMessage mail = mails.get(0);
        assertThat(subject(mail)).isEqualTo("Import contacts 'people-" + tag + ".csv': completed_with_errors");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("bulk-import@localhost");
        assertThat(GreenMailUtil.getBody(mail).replace("\r\n", "\n")).contains(
                "Rows read:      3\n", "Rows stored:    2\n", "Rows duplicate: 0\n", "Rows failed:    1\n",
                "Error report: https://imports.example.com/api/imports/" + id + "/errors");

        // and the deliveries are recorded, once each
        ServiceProcess.sleep(1500);
        assertThat(receiver.forImport(id)).hasSize(1);
        assertThat(db.rows("select channel, target, outcome, attempts from import_notifications where import_id = ?::uuid "
                + "order by channel, target", id)).containsExactly(
                Map.of("channel", "email", "target", "ops@example.com", "outcome", "delivered", "attempts", 1),
                Map.of("channel", "email", "target", "team@example.org", "outcome", "delivered", "attempts", 1),
                Map.of("channel", "webhook", "target", receiver.url("127.0.0.1"), "outcome", "delivered", "attempts", 1));

        // and neither secret is anywhere: log, job JSON, error report, records
        String everything = service.log() + api.get("/api/imports/" + id).body() + api.get("/api/imports/" + id + "/errors").body()
                + db.rows("select * from import_notifications where import_id = ?::uuid", id);
        assertThat(everything).doesNotContain(SECRET.substring("whsec_".length())).doesNotContain(SMTP_PASSWORD);
    }

    @Test
    void a_receiver_that_answers_500_gets_the_same_signed_event_again() throws Exception {
        // given a receiver of the uploader's that fails once, on a host notify.allowed-hosts names
        try (WebhookReceiver flaky = new WebhookReceiver(SECRET, 500)) {
            // when an import names it, with a token of the receiver's in the query
            String token = "tok-" + UUID.randomUUID();
            String id = api.uploadAccepted("records", csvFile("flaky"), "notifyUrl=" + encode(flaky.url("localhost") + "?token=" + token));
            assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed");

            // then it is sent again after the 500, with the same id, timestamp and a signature that still verifies
            List<WebhookReceiver.Delivery> got = flaky.await(d -> true, 2, WAIT);
            assertThat(got).extracting(WebhookReceiver.Delivery::answered).containsExactly(500, 200);
            assertThat(got).allMatch(WebhookReceiver.Delivery::verified);
            assertThat(got.get(1).id()).isEqualTo(got.get(0).id());
            assertThat(got.get(1).body()).isEqualTo(got.get(0).body());
            assertThat(WebhookReceiver.data(got.get(1))).containsEntry("id", id).containsEntry("status", "completed");
            assertThat(awaitRecord(id, flaky.url("localhost"))).containsEntry("outcome", "delivered").containsEntry("attempts", 2);

            // and the log tells of the retry, without the query
            assertThat(service.log()).contains("import " + id + ": webhook to " + flaky.url("localhost")
                    + " attempt 1 failed (HTTP 500").doesNotContain(token);
        }
    }

    @Test
    void a_receiver_that_does_not_answer_in_time_gets_the_event_again() throws Exception {
        // given a receiver whose first answer would come after notify.timeout-ms (3 s here)
        try (WebhookReceiver slow = new WebhookReceiver(SECRET, WebhookReceiver.STALL)) {
            // when an import names it
            String id = api.uploadAccepted("records", csvFile("slow"), "notifyUrl=" + encode(slow.url("localhost")));
            assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed");

            // then the service gives up waiting and sends the same event again
            List<WebhookReceiver.Delivery> got = slow.await(d -> true, 2, WAIT);
            assertThat(got).allMatch(WebhookReceiver.Delivery::verified);
            assertThat(got.get(1).id()).isEqualTo(got.get(0).id());
            assertThat(awaitRecord(id, slow.url("localhost"))).containsEntry("outcome", "delivered").containsEntry("attempts", 2);
        }
    }

    @Test
    void a_receiver_that_stays_down_neither_holds_up_nor_fails_the_import_and_is_recorded() throws Exception {
        // given a notifyUrl where nothing listens
        String down = "http://localhost:" + freePort() + "/hook";

        // when an import names it
        long start = System.nanoTime();
        String id = api.uploadAccepted("records", csvFile("down"), "notifyUrl=" + encode(down));
        Map<String, Object> job = api.awaitFinished(id, WAIT);

        // then the import completes as fast as without it (the 1 + 2 + 4 s of redelivery come after)
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", 2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        // and once the redeliveries are spent the failure is recorded and logged, seconds after the import ended:
        // 1 + 2 + 4 s, each delay varied by ±25% on the one before it (Camel's collision avoidance compounds), so at
        // least 0.75 + 1.125 + 1.69 = 3.56 s
        Map<String, Object> record = awaitRecord(id, down);
        assertThat(record).containsEntry("outcome", "failed").containsEntry("attempts", 4);
        assertThat(String.valueOf(record.get("reason"))).contains("Connection refused");
        assertThat(db.rows("select extract(epoch from n.created_at - j.finished_at)::float8 as after from import_notifications n "
                + "join import_jobs j on j.id = n.import_id where n.import_id = ?::uuid and n.target = ?", id, down).get(0).get("after"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.DOUBLE).isGreaterThan(3.5);
        assertThat(service.log()).contains("import " + id + ": webhook to " + down + " failed after 4 attempt(s): ");
        // (the configured receiver still got its event)
        assertThat(receiver.forImport(id)).hasSize(1);
    }

    @Test
    void a_rollback_is_an_event_too() throws IOException {
        // given a completed import
        String id = api.uploadAccepted("records", csvFile("rollback"), "");
        api.awaitFinished(id, WAIT);
        receiver.await(d -> id.equals(WebhookReceiver.data(d).get("id")), 1, WAIT);

        // when it is rolled back
        HttpResponse<String> rolledBack = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/api/imports/" + id)).DELETE().build());
        assertThat(rolledBack.statusCode()).isEqualTo(200);

        // then a second event says so
        List<WebhookReceiver.Delivery> events = receiver.await(d -> id.equals(WebhookReceiver.data(d).get("id")), 2, WAIT);
        assertThat(events).extracting(d -> WebhookReceiver.data(d).get("status")).containsExactly("completed", "rolled_back");
        assertThat(events).allMatch(WebhookReceiver.Delivery::verified);
        assertThat(events.get(1).id()).isNotEqualTo(events.get(0).id());
    }

    @Test
    void a_notify_url_to_a_host_not_allowed_is_refused_before_anything_is_imported() {
        long before = db.count("select count(*) from import_jobs");
        for (String target : List.of("http://127.0.0.1:5432/", "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd")) {
            HttpResponse<String> refused = api.upload("records", csvBytes("refused"), "notifyUrl=" + encode(target));
            assertThat(refused.statusCode()).as(target).isEqualTo(400);
            assertThat(String.valueOf(ApiClient.json(refused.body()).get("error"))).as(target).startsWith("notifyUrl ");
        }
        HttpResponse<String> internal = api.upload("records", csvBytes("refused"), "notifyUrl=" + encode("http://127.0.0.1:5432/"));
        assertThat(ApiClient.json(internal.body())).containsEntry("error", "notifyUrl host '127.0.0.1' is not allowed: webhooks of "
                + "an upload go only to the hosts in notify.allowed-hosts (localhost)");
        HttpResponse<String> badMail = api.upload("records", csvBytes("refused"), "notifyEmail=" + encode("x@example.com\r\nBcc: y@example.com"));
        assertThat(badMail.statusCode()).isEqualTo(400);
        assertThat(db.count("select count(*) from import_jobs")).isEqualTo(before);
    }

    private static List<MimeMessage> awaitMails(String subjectPart, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<MimeMessage> mails = Arrays.stream(smtp.getReceivedMessages()).filter(m -> subject(m).contains(subjectPart)).toList();
            if (mails.size() >= count) {
                return mails;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " mails about " + subjectPart + ", got " + mails.size());
            }
            ServiceProcess.sleep(100);
        }
    }

    @Test
    void the_example_of_routes_readme_sends_failed_imports_only_to_a_chat_webhook(@org.junit.jupiter.api.io.TempDir java.nio.file.Path routes)
            throws Exception {
        // given the shipped routes, with the example of routes/README.md pasted into the notification route as it says
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(java.nio.file.Path.of("routes"))) {
            for (java.nio.file.Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                java.nio.file.Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("routes", "README.md"));
        String example = readme.substring(readme.indexOf("```yaml\n", readme.indexOf("Example: also tell a chat webhook")) + 8);
        example = example.substring(0, example.indexOf("```"));
        java.nio.file.Path route = routes.resolve("notifications.camel.yaml");
        String emailSplit = "              - to: direct:notify-email\n";
        String shipped = java.nio.file.Files.readString(route);
        assertThat(shipped).containsOnlyOnce(emailSplit);
        java.nio.file.Files.writeString(route, shipped.replace(emailSplit, emailSplit + example));

        try (WebhookReceiver chat = new WebhookReceiver(SECRET);
             ServiceProcess edited = ServiceProcess.start("notify-edited", List.of(), Map.of("IMPORT_ROUTES", routes.toString(),
                     "NOTIFY_WEBHOOK_SECRET", SECRET, "NOTIFY_CHAT_URL", chat.url("127.0.0.1")))) {
            ApiClient client = new ApiClient(edited);
            // when one import completes and one fails
            String completed = client.uploadAccepted("records", csvFile("chat-ok"), "");
            String failed = String.valueOf(ApiClient.json(client.upload("contacts",
                    ("first_name\nAda " + UUID.randomUUID() + "\n").getBytes(StandardCharsets.UTF_8), "").body()).get("id"));
            assertThat(client.awaitFinished(completed, WAIT)).containsEntry("status", "completed");
            assertThat(client.awaitFinished(failed, WAIT)).containsEntry("status", "failed");

            // then the chat hears of the failed one only, signed
            WebhookReceiver.Delivery heard = chat.await(d -> true, 1, WAIT).get(0);
            assertThat(heard.verified()).isTrue();
            assertThat(WebhookReceiver.data(heard)).containsEntry("id", failed).containsEntry("status", "failed")
                    .containsEntry("error", "missing required column: email (headers found: first_name; closest: none; "
                            + "upload with map.email=<header>)");
            ServiceProcess.sleep(1500);
            assertThat(chat.deliveries()).hasSize(1);
        }
    }

    private Map<String, Object> awaitRecord(String id, String target) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<Map<String, Object>> rows = db.rows("select outcome, attempts, reason from import_notifications "
                    + "where import_id = ?::uuid and target = ?", id, target);
            if (!rows.isEmpty()) {
                return rows.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no notification to " + target + " recorded for import " + id);
            }
            ServiceProcess.sleep(200);
        }
    }

    private static java.nio.file.Path csvFile(String name) throws IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("notify-" + name + "-", ".csv");
        java.nio.file.Files.write(file, csvBytes(name));
        file.toFile().deleteOnExit();
        return file;
    }

    private static byte[] csvBytes(String name) {
        return ("id,name\n1," + name + " " + UUID.randomUUID() + "\n2,second\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static String recipient(MimeMessage mail) {
        try {
            return mail.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static byte[] randomBytes() {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
