package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groups of files (issue #14): several files in one multipart upload become a group with one view, one error report,
 * one event stream, one cancel, one rollback and one notification; each file is still its own import, and a broken
 * file fails alone. The service as a process, real HTTP on loopback, real PostgreSQL, real files.
 */
class GroupsIT {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(24));

    private static WebhookReceiver receiver;
    private static ServiceProcess service;
    private static ApiClient api;
    private static GroupClient groups;
    private final TestDatabase db = TestDatabase.get();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        receiver = new WebhookReceiver(SECRET);
        service = ServiceProcess.start("groups", List.of(), Map.of(
                "NOTIFY_WEBHOOK_SECRET", SECRET,
                "NOTIFY_ALLOWED_HOSTS", "127.0.0.1",
                "IMPORT_MAX_FILES_PER_UPLOAD", "25"));
        api = new ApiClient(service);
        groups = new GroupClient(api);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void twenty_files_with_two_broken_land_the_other_eighteen_and_the_group_is_completed_with_errors() throws IOException {
        // given 18 good files of 40 rows, one that is not a CSV and one without the key column
        String tag = tag();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            files.add(contacts("good-" + i + ".csv", tag + "-" + i, 40));
        }
        files.add(7, Files.write(dir.resolve("picture.csv"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 0, 1, 2, 3}));
        files.add(13, Files.writeString(dir.resolve("no-email.csv"), "first_name,last_name\nAda,Lovelace\n"));

        // when they are uploaded in one request and the group's event stream is read to its end
        String id = groups.uploadAccepted("contacts", files, "");
        String events = api.send(HttpRequest.newBuilder(api.uri("/api/groups/" + id + "/events")).GET().build()).body();

        // then the stream showed the group until it ended
        assertThat(events).startsWith("event: progress\ndata: {");
        String last = events.substring(events.lastIndexOf("data: ") + 6).strip();
        assertThat(ApiClient.json(last)).containsEntry("status", "completed_with_errors");
        // and the 18 landed, each file once, the two broken ones failed with their reasons
        Map<String, Object> group = groups.awaitEnded(id, WAIT);
        assertThat(group).containsEntry("status", "completed_with_errors").containsEntry("filesTotal", 20)
                .containsEntry("filesDone", 18).containsEntry("filesFailed", 2).containsEntry("rowsRead", 18 * 40)
                .containsEntry("rowsStored", 18 * 40).containsEntry("percent", 100.0).containsEntry("etaSeconds", 0.0);
        assertThat(group.get("startedAt")).isNotNull();
        assertThat(group.get("finishedAt")).isNotNull();
        assertThat(GroupClient.imports(group)).hasSize(20);
        for (int i = 0; i < 18; i++) {
            Map<String, Object> file = GroupClient.file(group, "good-" + i + ".csv");
            assertThat(file).containsEntry("status", "completed").containsEntry("rowsStored", 40);
            assertThat(db.count("select count(*) from contacts where import_id = ?::uuid", file.get("id"))).isEqualTo(40);
        }
        assertThat(GroupClient.file(group, "picture.csv")).containsEntry("status", "failed");
        assertThat(String.valueOf(GroupClient.file(group, "picture.csv").get("error"))).isNotBlank();
        assertThat(GroupClient.file(group, "no-email.csv")).containsEntry("status", "failed");
        assertThat(String.valueOf(GroupClient.file(group, "no-email.csv").get("error"))).contains("email");
        // and the group's error report names the file of each error
        List<CSVRecord> errors = groups.errors(id);
        assertThat(errors.get(0).toList()).startsWith("file_name", "row_number", "column", "reason", "value");
        assertThat(errors.subList(1, errors.size()).stream().map(r -> r.get(0)).toList())
                .containsExactly("picture.csv", "no-email.csv");
        assertThat(errors.get(2).get(3)).contains("email");
        // and nothing of the upload is left: its files, then the request's own folder, went as the files ended
        assertThat(requestFolders()).isEmpty();
        // and it is the newest of the recent groups
        List<Map<String, Object>> recent = ApiClient.jsonList(api.get("/api/groups?limit=5").body());
        assertThat(recent.get(0)).containsEntry("id", id);
    }

    @Test
    void a_zip_of_twenty_files_with_two_broken_as_a_part_or_as_the_body_lands_the_other_eighteen() throws IOException {
        for (boolean asPart : new boolean[] {true, false}) {
            // given a zip of 18 good files, one that is not a CSV and one without the key column
            String tag = tag();
            Path zip = dir.resolve("orders-" + tag + ".zip");
            try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
                for (int i = 0; i < 18; i++) {
                    out.putNextEntry(new java.util.zip.ZipEntry("good-" + i + ".csv"));
                    out.write(Files.readAllBytes(contacts("z-" + i + ".csv", tag + "-" + i, 25)));
                }
                out.putNextEntry(new java.util.zip.ZipEntry("picture.csv"));
                out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 0, 1, 2, 3});
                out.putNextEntry(new java.util.zip.ZipEntry("no-email.csv"));
                out.write("first_name,last_name\nAda,Lovelace\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }

            // when it is uploaded, as a multipart part or as the whole body
            HttpResponse<String> response = asPart ? groups.upload("contacts", List.of(zip), "")
                    : api.send(HttpRequest.newBuilder(api.uri("/api/imports/contacts?filename=" + zip.getFileName()))
                            .header("Content-Type", "application/zip").POST(HttpRequest.BodyPublishers.ofFile(zip)).build());

            // then it is a group of 20 files in which the 18 land and the 2 broken fail with their reasons
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            String id = String.valueOf(ApiClient.json(response.body()).get("id"));
            assertThat(response.headers().firstValue("Location")).hasValue("/api/groups/" + id);
            Map<String, Object> group = groups.awaitEnded(id, WAIT);
            assertThat(group).containsEntry("status", "completed_with_errors").containsEntry("filesTotal", 20)
                    .containsEntry("filesDone", 18).containsEntry("filesFailed", 2).containsEntry("rowsStored", 18 * 25);
            assertThat(db.count("select count(*) from contacts where email like ?", "%" + tag + "%")).isEqualTo(18 * 25);
            assertThat(groups.errors(id).subList(1, 3).stream().map(r -> r.get(0)).toList())
                    .containsExactlyInAnyOrder("picture.csv", "no-email.csv");
            assertThat(requestFolders()).as("the folder the zip was taken out into").isEmpty();
        }
    }

    @Test
    void a_zip_entry_that_cannot_be_imported_is_a_failed_file_of_the_group_with_the_reason() throws IOException {
        // given a zip with a good file and a PDF
        String tag = tag();
        Path zip = dir.resolve("mixed-" + tag + ".zip");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("good.csv"));
            out.write(Files.readAllBytes(contacts("good-" + tag + ".csv", tag, 12)));
            out.putNextEntry(new java.util.zip.ZipEntry("notes.pdf"));
            out.write("%PDF-1.4 not a table".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        // when it is uploaded
        String id = groups.uploadAccepted("contacts", List.of(zip), "");

        // then the good file lands and the PDF is a failed file of the group, with why
        Map<String, Object> group = groups.awaitEnded(id, WAIT);
        assertThat(group).containsEntry("status", "completed_with_errors").containsEntry("filesTotal", 2)
                .containsEntry("filesFailed", 1).containsEntry("rowsStored", 12);
        assertThat(GroupClient.file(group, "notes.pdf")).containsEntry("status", "failed");
        assertThat(String.valueOf(GroupClient.file(group, "notes.pdf").get("error"))).isNotBlank().isNotEqualTo("null");
    }

    @Test
    void more_files_than_one_upload_may_have_is_a_413_that_keeps_none_of_them() throws IOException {
        // given 26 files (import.max-files-per-upload is 25 here) and 300 (more than a multipart request may have)
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            files.add(contacts("many-" + i + ".csv", tag(), 1));
        }
        long groupsBefore = db.count("select count(*) from import_groups");
        long spooledBefore = spooledFiles();

        // when they are uploaded
        HttpResponse<String> over = groups.upload("contacts", files.subList(0, 26), "");
        HttpResponse<String> far = groups.upload("contacts", files, "");

        // then both are refused with a JSON reason, and nothing stays behind
        assertThat(over.statusCode()).isEqualTo(413);
        assertThat(String.valueOf(ApiClient.json(over.body()).get("error"))).contains("import.max-files-per-upload");
        assertThat(far.statusCode()).as("Vert.x's decoder stops it; 413 when it says why").isIn(400, 413);
        assertThat(String.valueOf(ApiClient.json(far.body()).get("error"))).contains("zip");
        assertThat(db.count("select count(*) from import_groups")).isEqualTo(groupsBefore);
        assertThat(spooledFiles()).isEqualTo(spooledBefore);
    }

    /** The folders of multipart requests ({@code parts-*}) and of uploaded zips ({@code zip-*}) still in the work folder. */
    private static List<String> requestFolders() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(service.home().resolve("work").resolve("uploads"))) {
            return files.filter(Files::isDirectory).map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("parts-") || n.startsWith("zip-")).toList();
        }
    }

    private static long spooledFiles() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(service.home().resolve("work").resolve("uploads"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void identical_files_in_a_group_are_imported_once_and_reported_as_duplicates_of_the_first() throws IOException {
        // given two files with the same bytes, and a third
        String tag = tag();
        Path first = contacts("first.csv", tag + "-a", 30);
        Path copy = Files.copy(first, dir.resolve("copy.csv"));
        Path other = contacts("other.csv", tag + "-b", 20);

        // when they are uploaded together
        String id = groups.uploadAccepted("contacts", List.of(first, copy, other), "");

        // then the copy is a duplicate of the first, with no rows of its own
        Map<String, Object> group = groups.awaitEnded(id, WAIT);
        Map<String, Object> firstJob = GroupClient.file(group, "first.csv");
        Map<String, Object> copyJob = GroupClient.file(group, "copy.csv");
        assertThat(group).containsEntry("status", "completed").containsEntry("filesDone", 3).containsEntry("rowsStored", 50);
        assertThat(copyJob).containsEntry("duplicateOf", firstJob.get("id")).containsEntry("rowsRead", 0);
        assertThat(firstJob).containsEntry("duplicateOf", null).containsEntry("rowsStored", 30);
        assertThat(db.count("select count(*) from contacts where import_id = ?::uuid", copyJob.get("id"))).isZero();

        // and a later group with the same first file reports it as a duplicate of that import, unless forced
        Path again = Files.copy(first, dir.resolve("again.csv"));
        Path againToo = Files.copy(first, dir.resolve("again-too.csv"));
        Map<String, Object> later = groups.awaitEnded(groups.uploadAccepted("contacts",
                List.of(again, contacts("new.csv", tag + "-c", 5), againToo), ""), WAIT);
        assertThat(GroupClient.file(later, "again.csv")).containsEntry("duplicateOf", firstJob.get("id"));
        // (and so does a second copy in that group: the import that has the rows, not the first copy, which has none)
        assertThat(GroupClient.file(later, "again-too.csv")).containsEntry("duplicateOf", firstJob.get("id"));
        Map<String, Object> forced = groups.awaitEnded(groups.uploadAccepted("contacts",
                List.of(again, contacts("newer.csv", tag + "-d", 5)), "force=true"), WAIT);
        assertThat(GroupClient.file(forced, "again.csv")).containsEntry("duplicateOf", null).containsEntry("rowsRead", 30);
    }

    @Test
    void cancel_stops_every_queued_and_running_file_of_the_group() throws IOException {
        // given a group of large files, small batches, under way
        String tag = tag();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            files.add(contacts("big-" + i + ".csv", tag + "-" + i, 60_000));
        }
        String id = groups.uploadAccepted("contacts", files, "batchSize=100");
        awaitRowsRead(id, 1);

        // when it is cancelled
        HttpResponse<String> cancel = api.post("/api/groups/" + id + "/cancel");

        // then every file ends, the unfinished ones cancelled, and the group is cancelled
        assertThat(cancel.statusCode()).isEqualTo(202);
        Map<String, Object> group = groups.awaitEnded(id, WAIT);
        assertThat(group).containsEntry("status", "cancelled");
        List<Object> statuses = GroupClient.imports(group).stream().map(j -> j.get("status")).toList();
        assertThat(statuses).contains("cancelled").allMatch(s -> s.equals("cancelled") || s.equals("completed"));
        assertThat(((Number) group.get("rowsRead")).longValue()).isLessThan(6 * 60_000L);
        assertThat(api.post("/api/groups/" + id + "/cancel").statusCode()).isEqualTo(409);
    }

    @Test
    void delete_rolls_every_file_of_the_group_back() throws IOException {
        // given an ended group of three files
        String tag = tag();
        String id = groups.uploadAccepted("contacts", List.of(contacts("r1.csv", tag + "-1", 10),
                contacts("r2.csv", tag + "-2", 20), contacts("r3.csv", tag + "-3", 30)), "");
        Map<String, Object> ended = groups.awaitEnded(id, WAIT);
        assertThat(ended).containsEntry("rowsStored", 60);
        assertThat(db.count("select count(*) from contacts where email like ?", "%" + tag + "%")).isEqualTo(60);

        // when it is deleted
        HttpResponse<String> delete = api.send(HttpRequest.newBuilder(api.uri("/api/groups/" + id)).DELETE().build());

        // then its rows are gone and every file is rolled back
        assertThat(delete.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(delete.body())).containsEntry("status", "rolled_back");
        assertThat(db.count("select count(*) from contacts where email like ?", "%" + tag + "%")).isZero();
        assertThat(GroupClient.imports(groups.group(id))).extracting(j -> j.get("status")).containsOnly("rolled_back");
        assertThat(api.send(HttpRequest.newBuilder(api.uri("/api/groups/" + id)).DELETE().build()).statusCode()).isEqualTo(409);
    }

    @Test
    void a_group_that_asks_for_it_sends_one_group_finished_notification_and_none_per_file() throws IOException {
        // given three files, one broken
        String tag = tag();
        List<Path> files = List.of(contacts("n1.csv", tag + "-1", 10), contacts("n2.csv", tag + "-2", 10),
                Files.writeString(dir.resolve("n3.csv"), "first_name\nAda\n"));

        // when they are uploaded with a webhook of the uploader's own
        String id = groups.uploadAccepted("contacts", files, "notifyUrl=" + receiver.url("127.0.0.1"));
        Map<String, Object> group = groups.awaitEnded(id, WAIT);

        // then one signed group.finished event arrives with the group JSON
        List<WebhookReceiver.Delivery> events = receiver.await(d -> id.equals(WebhookReceiver.data(d).get("id")), 1, WAIT);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).verified()).isTrue();
        assertThat(ApiClient.json(events.get(0).body())).containsEntry("type", "group.finished");
        assertThat(WebhookReceiver.data(events.get(0))).containsEntry("status", "completed_with_errors")
                .containsEntry("filesTotal", 3).containsEntry("filesFailed", 1);
        // and, a moment later, still only that one: no file sent its own
        awaitNotifiedAt(id);
        List<Object> fileIds = GroupClient.imports(group).stream().map(j -> j.get("id")).toList();
        assertThat(receiver.deliveries()).noneMatch(d -> fileIds.contains(WebhookReceiver.data(d).get("id")));
        assertThat(receiver.deliveries().stream().filter(d -> id.equals(WebhookReceiver.data(d).get("id")))).hasSize(1);
    }

    private void awaitNotifiedAt(String id) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (db.count("select count(*) from import_notifications where import_id = ?::uuid", id) < 1) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no notification recorded for group " + id);
            }
            ServiceProcess.sleep(100);
        }
    }

    private void awaitRowsRead(String id, long rows) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (((Number) groups.group(id).get("rowsRead")).longValue() < rows) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("group " + id + " never read " + rows + " rows");
            }
            ServiceProcess.sleep(20);
        }
    }

    private Path contacts(String name, String tag, int rows) throws IOException {
        Path file = dir.resolve(name);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("email,first_name,last_name,company\n");
            for (int i = 0; i < rows; i++) {
                out.write("u" + i + "-" + tag + "@example.com,First" + i + ",Last" + i + ",Company\n");
            }
        }
        return file;
    }

    private static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
