package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zip archive dropped in the inbox (issue #14, part 3): its files form one group, each imported or failed alone, and
 * the zip moves once the group has ended. Real service process, real files, real PostgreSQL. Needs the groups of
 * part 2 ({@code GroupIntake}, {@code GET /api/groups/{id}}).
 */
class InboxZipIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int ROWS_PER_FILE = 50;

    private final ServiceProcess service = ServiceProcess.shared();
    private final ApiClient api = new ApiClient(service);
    private final TestDatabase db = TestDatabase.get();

    @TempDir
    Path dir;

    @BeforeEach
    void clean() {
        db.clean();
    }

    @Test
    void a_zip_of_twenty_files_with_two_broken_lands_the_others_and_moves_to_done() throws IOException {
        // given a zipped folder of 18 good contact files, one that is not a CSV file and one without the email column,
        // with the files macOS adds beside them
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("orders/", new byte[0]);
        for (int f = 1; f <= 18; f++) {
            entries.put("orders/contacts-" + f + ".csv", contacts(f));
        }
        byte[] binary = new byte[4096];
        new Random(7).nextBytes(binary);
        entries.put("orders/broken.csv", binary);
        entries.put("orders/no-email.csv", "name,phone\nAlice,123\n".getBytes(StandardCharsets.UTF_8));
        entries.put("__MACOSX/orders/._contacts-1.csv", "junk".getBytes(StandardCharsets.UTF_8));
        entries.put("orders/.DS_Store", "junk".getBytes(StandardCharsets.UTF_8));
        String zipName = "batch-" + UUID.randomUUID() + ".zip";

        // when it is dropped in the inbox
        Path inbox = service.inbox("contacts");
        dropZip(inbox.resolve(zipName), entries);

        // then the zip moves to .done/ once its group has ended
        ServiceProcess.awaitFile(inbox.resolve(".done").resolve(zipName), WAIT);
        assertThat(Files.exists(inbox.resolve(zipName))).isFalse();

        // and its group has the 20 files, 18 completed and 2 failed with their reasons
        String groupId = groupOf(zipName);
        HttpResponse<String> response = api.get("/api/groups/" + groupId);
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> group = ApiClient.json(response.body());
        assertThat(group).containsEntry("status", "completed_with_errors").containsEntry("filesTotal", 20)
                .containsEntry("filesFailed", 2).containsEntry("rowsStored", 18 * ROWS_PER_FILE);
        List<Map<String, Object>> jobs = db.rows("select file_name, status, last_error from import_jobs where group_id = ?::uuid"
                + " order by file_name", groupId);
        assertThat(jobs).hasSize(20);
        assertThat(jobs).filteredOn(j -> "failed".equals(j.get("status"))).extracting(j -> j.get("file_name"))
                .containsExactlyInAnyOrder("broken.csv", "no-email.csv");
        assertThat(jobs).filteredOn(j -> "broken.csv".equals(j.get("file_name")))
                .allSatisfy(j -> assertThat(String.valueOf(j.get("last_error"))).startsWith("the file is not text"));
        assertThat(jobs).filteredOn(j -> "no-email.csv".equals(j.get("file_name")))
                .allSatisfy(j -> assertThat(String.valueOf(j.get("last_error"))).contains("missing required column: email"));
        assertThat(db.count("select count(*) from contacts")).isEqualTo(18L * ROWS_PER_FILE);

        // and the files taken out of it are gone from the work folder
        assertThat(filesUnder(service.home().resolve("work").resolve("inbox-zips"))).isEmpty();
    }

    @Test
    void a_file_of_the_zip_that_is_not_imported_is_a_failed_file_of_the_group_saying_why() throws IOException {
        // given a zip with a PDF beside a contact file
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("readme.pdf", "%PDF-1.4".getBytes(StandardCharsets.UTF_8));
        entries.put("contacts.csv", contacts(99));
        String zipName = "with-pdf-" + UUID.randomUUID() + ".zip";

        // when it is dropped in the inbox
        Path inbox = service.inbox("contacts");
        dropZip(inbox.resolve(zipName), entries);

        // then the CSV file lands and the PDF is a failed file naming its extension
        ServiceProcess.awaitFile(inbox.resolve(".done").resolve(zipName), WAIT);
        List<Map<String, Object>> jobs = db.rows("select file_name, status, last_error from import_jobs where group_id = ?::uuid"
                + " order by file_name", groupOf(zipName));
        assertThat(jobs).extracting(j -> j.get("file_name") + " " + j.get("status"))
                .containsExactly("contacts.csv completed", "readme.pdf failed");
        assertThat(String.valueOf(jobs.get(1).get("last_error"))).contains(".pdf");
        assertThat(db.count("select count(*) from contacts")).isEqualTo(ROWS_PER_FILE);
    }

    @Test
    void a_file_named_zip_that_is_not_a_zip_moves_to_failed_without_a_group() throws IOException {
        // given a CSV file named .zip
        String zipName = "not-a-zip-" + UUID.randomUUID() + ".zip";
        Path inbox = service.inbox("contacts");
        Path tmp = Files.write(dir.resolve(zipName), contacts(1));

        // when it is dropped in the inbox
        Files.move(tmp, inbox.resolve(zipName));

        // then it moves to .failed/, and nothing is registered for it
        ServiceProcess.awaitFile(inbox.resolve(".failed").resolve(zipName), WAIT);
        assertThat(db.count("select count(*) from import_groups where name = ?", zipName)).isZero();
        assertThat(service.log()).contains(zipName + " is not imported: " + zipName + " is not a zip archive");
    }

    @Test
    void a_zip_whose_service_is_killed_mid_group_resumes_its_group_and_stores_every_row_once() throws IOException {
        // given a service of its own with small batches, and a zip of 4 files of 20,000 rows dropped in its inbox
        int files = 4;
        int rows = 20_000;
        ServiceProcess crashing = ServiceProcess.start("zip-crash", List.of(), Map.of("CONTACTS_BATCH_SIZE", "200"));
        try {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (int f = 1; f <= files; f++) {
                StringBuilder csv = new StringBuilder("email,first_name\n");
                for (int r = 0; r < rows; r++) {
                    csv.append("k").append(f).append('-').append(r).append("@example.com,K").append(r).append('\n');
                }
                entries.put("big/part-" + f + ".csv", csv.toString().getBytes(StandardCharsets.UTF_8));
            }
            String zipName = "crash-" + UUID.randomUUID() + ".zip";
            Path inbox = crashing.inbox("contacts");
            dropZip(inbox.resolve(zipName), entries);

            // when the service is killed while the group is under way, and started again
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (db.count("select coalesce(sum(batches_done), 0) from import_jobs j join import_groups g on g.id = j.group_id"
                    + " where g.name = ?", zipName) < 20) {
                assertThat(System.nanoTime()).as("the group started").isLessThan(deadline);
                ServiceProcess.sleep(50);
            }
            crashing.kill();
            assertThat(db.count("select count(*) from contacts")).as("killed mid-group").isLessThan((long) files * rows);
            assertThat(Files.exists(inbox.resolve(zipName))).isTrue();
            crashing = crashing.startAgain();

            // then the zip moves to .done/ once its one group has ended, with every row of every file stored once
            ServiceProcess.awaitFile(inbox.resolve(".done").resolve(zipName), Duration.ofMinutes(4));
            String groupId = groupOf(zipName);
            assertThat(db.rows("select status from import_jobs where group_id = ?::uuid", groupId))
                    .hasSize(files).allSatisfy(j -> assertThat(j).containsEntry("status", "completed"));
            assertThat(db.count("select count(*) from contacts")).isEqualTo((long) files * rows);
            assertThat(db.count("select count(distinct email) from contacts")).isEqualTo((long) files * rows);
        } finally {
            crashing.close();
        }
    }

    private static byte[] contacts(int file) {
        StringBuilder csv = new StringBuilder("email,first_name\n");
        for (int r = 0; r < ROWS_PER_FILE; r++) {
            csv.append("f").append(file).append("r").append(r).append("@example.com,F").append(r).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the zip beside the inbox, then moves it in whole, as a person's file manager does. */
    private void dropZip(Path target, Map<String, byte[]> entries) throws IOException {
        Path zip = dir.resolve(target.getFileName().toString());
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        Files.move(zip, target);
    }

    private String groupOf(String zipName) {
        List<Map<String, Object>> groups = db.rows("select id::text as id from import_groups where name = ? and source = 'inbox'",
                zipName);
        assertThat(groups).hasSize(1);
        return String.valueOf(groups.get(0).get("id"));
    }

    private static List<Path> filesUnder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }
}
