package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contacts pipeline end to end: real service process, real HTTP, real PostgreSQL. */
class ContactsImportIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LONG_EMAIL = "a".repeat(250) + "@example.com";

    private final ServiceProcess service = ServiceProcess.shared();
    private final ApiClient api = new ApiClient(service);
    private final TestDatabase db = TestDatabase.get();

    @TempDir
    Path dir;

    @BeforeEach
    void clean() {
        db.clean();
    }

    /** Awkward but valid values, known bad rows, a blank line and an in-file duplicate; BOM and CRLF throughout. */
    static byte[] awkwardFile() {
        String csv = "\uFEFF E-mail ,First Name,last_name,Company,Phone\r\n"
                + "  Alice@Example.COM ,Alice,Smith,\"Acme, Inc.\",+1 555 0100\r\n"   // row 2
                + "bob@example.com,Bob,\"O\"\"Neil\",\"Multi\nLine \"\"Quoted\"\" Co\",\r\n" // row 3
                + "not-an-email,X,Y,Z,\r\n"                                            // row 4: bad email
                + "\r\n"                                                               // row 5: blank, skipped
                + "ALICE@example.com,Alice Again,,,\r\n"                               // row 6: duplicate of row 2
                + ",No Email,,,\r\n"                                                   // row 7: email missing
                + "carol@example.com,Carol,,,\r\n"                                     // row 8
                + "dave@example.com,Dave,D,\"  padded  \",\r\n"                        // row 9
                + "x@y,Bad Domain,,,\r\n"                                              // row 10: no dot in domain
                + LONG_EMAIL + ",Too Long,,,\r\n"                                       // row 11: over 254 characters
                + "eve@example.com,Ève,Ünïcödé,Café ☕,\r\n";                           // row 12
        return csv.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void imports_an_awkward_upload_exactly_and_reports_each_bad_row() {
        // given a file with awkward valid values and four bad rows
        // when it is uploaded
        HttpResponse<String> accepted = api.upload("contacts", awkwardFile(), "filename=awkward.csv");

        // then the service accepts it with the job and its location
        assertThat(accepted.statusCode()).isEqualTo(202);
        Map<String, Object> queued = ApiClient.json(accepted.body());
        String id = String.valueOf(queued.get("id"));
        assertThat(accepted.headers().firstValue("Location")).contains("/api/imports/" + id);
        assertThat(queued).containsEntry("pipeline", "contacts").containsEntry("fileName", "awkward.csv");

        // and the job ends with every row accounted for
        Map<String, Object> job = api.awaitFinished(id, WAIT);
        assertThat(job).containsEntry("status", "completed_with_errors")
                .containsEntry("rowsRead", 10).containsEntry("rowsStored", 5)
                .containsEntry("rowsDuplicate", 1).containsEntry("rowsFailed", 4)
                .containsEntry("totalRows", 10).containsEntry("percent", 100.0)
                .containsEntry("batchesDone", 1).containsEntry("batchesTotal", 1);
        assertThat(job.get("startedAt")).isNotNull();
        assertThat(job.get("finishedAt")).isNotNull();

        // and the stored values are exactly what the file said (email normalised, first occurrence kept)
        List<Map<String, Object>> rows = db.rows("select email, first_name, last_name, company, phone, import_id::text as import_id "
                + "from contacts order by email");
        assertThat(rows).extracting(r -> r.get("email")).containsExactly(
                "alice@example.com", "bob@example.com", "carol@example.com", "dave@example.com", "eve@example.com");
        assertThat(rows.get(0)).containsEntry("first_name", "Alice").containsEntry("company", "Acme, Inc.")
                .containsEntry("phone", "+1 555 0100");
        assertThat(rows.get(1)).containsEntry("last_name", "O\"Neil").containsEntry("company", "Multi\nLine \"Quoted\" Co")
                .containsEntry("phone", null);
        assertThat(rows.get(3)).containsEntry("company", "  padded  ");
        assertThat(rows.get(4)).containsEntry("first_name", "Ève").containsEntry("last_name", "Ünïcödé")
                .containsEntry("company", "Café ☕");
        assertThat(rows).allSatisfy(r -> assertThat(r.get("import_id")).isEqualTo(id));

        // and the error report lists exactly the bad rows, by spreadsheet row number, with a reason each
        List<CSVRecord> report = api.errors(id);
        assertThat(report.get(0).toList()).containsExactly("row_number", "column", "reason", "value",
                " E-mail ", "First Name", "last_name", "Company", "Phone");
        List<CSVRecord> errors = report.subList(1, report.size());
        assertThat(errors).extracting(r -> r.get(0)).containsExactly("4", "7", "10", "11");
        assertThat(errors).extracting(r -> r.get(1)).containsOnly("email");
        assertThat(errors.get(0).get(2)).isEqualTo("not a valid email address");
        assertThat(errors.get(0).get(3)).isEqualTo("not-an-email");
        assertThat(errors.get(0).toList().subList(4, 9)).containsExactly("not-an-email", "X", "Y", "Z", "");
        assertThat(errors.get(1).get(2)).isEqualTo("required value is empty");
        assertThat(errors.get(2).get(2)).isEqualTo("not a valid email address");
        assertThat(errors.get(3).get(2)).isEqualTo("longer than 254 characters");
    }

    @Test
    void reports_local_parts_with_stray_dots_and_a_trailing_dot_in_the_domain_as_invalid() throws IOException {
        // given addresses that break the dot-atom rule (rows 2-4) or end their domain with a dot (row 5)
        Path file = write("email-dots.csv", "email,first_name\n"
                + "grace.@example.com,Grace\n"                    // row 2: local part ends with a dot
                + "alan..turing@example.com,Alan\n"               // row 3: two dots in a row
                + ".ada@example.com,Ada\n"                        // row 4: local part starts with a dot
                + "ada@example.com.,Ada\n"                        // row 5: empty last domain label
                + "Katherine.Johnson+crm@Example.COM,Katherine\n"); // row 6: valid

        // when it is uploaded
        String id = api.uploadAccepted("contacts", file, "filename=email-dots.csv");
        Map<String, Object> job = api.awaitFinished(id, WAIT);

        // then only the valid address is stored
        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsRead", 5)
                .containsEntry("rowsStored", 1).containsEntry("rowsFailed", 4);
        assertThat(db.rows("select email from contacts")).extracting(r -> r.get("email"))
                .containsExactly("katherine.johnson+crm@example.com");

        // and the four others are in the error report as invalid addresses, with their row numbers
        List<CSVRecord> errors = api.errors(id);
        assertThat(errors.subList(1, errors.size())).extracting(r -> r.get(0) + " " + r.get(1) + " " + r.get(2) + " " + r.get(3))
                .containsExactly(
                        "2 email not a valid email address grace.@example.com",
                        "3 email not a valid email address alan..turing@example.com",
                        "4 email not a valid email address .ada@example.com",
                        "5 email not a valid email address ada@example.com.");
    }

    @Test
    void imports_a_file_dropped_in_the_inbox_and_moves_it_to_done() throws IOException {
        // given a file written in two parts, the second after a pause, as a slow copy would
        Path inbox = service.inbox("contacts");
        Path file = inbox.resolve("dropped.csv");
        StringBuilder first = new StringBuilder("email,first_name\n");
        for (int i = 0; i < 200; i++) {
            first.append("first").append(i).append("@example.com,F").append(i).append('\n');
        }
        Files.writeString(file, first);
        ServiceProcess.sleep(100);
        StringBuilder second = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            second.append("second").append(i).append("@example.com,S").append(i).append('\n');
        }
        Files.writeString(file, second, java.nio.file.StandardOpenOption.APPEND);

        // when the inbox picks it up
        Path done = inbox.resolve(".done").resolve("dropped.csv");
        ServiceProcess.awaitFile(done, WAIT);

        // then all rows of both parts are stored by one completed import
        Map<String, Object> job = findJob("dropped.csv");
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsRead", 2200).containsEntry("rowsStored", 2200)
                .containsEntry("batchesDone", 1);   // contacts.batch-size 3000
        assertThat(db.count("select count(*) from contacts")).isEqualTo(2200);
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void a_file_missing_a_required_column_fails_alone_and_moves_to_failed() throws IOException {
        // given a file without an email column
        Path inbox = service.inbox("contacts");
        Files.writeString(inbox.resolve("no-email.csv"), "name,phone\nAlice,123\n");

        // when the inbox picks it up
        ServiceProcess.awaitFile(inbox.resolve(".failed").resolve("no-email.csv"), WAIT);

        // then its job failed with a readable reason and the service still imports other files
        assertThat(findJob("no-email.csv")).containsEntry("status", "failed")
                .containsEntry("error", "missing required column: email (headers found: name, phone; closest: none; "
                        + "upload with map.email=<header>)");
        // and its error report says so in its one line, without a row number
        List<CSVRecord> report = api.errors(String.valueOf(findJob("no-email.csv").get("id")));
        assertThat(report).hasSize(2);
        assertThat(report.get(1).toList().subList(0, 3)).containsExactly("", "",
                "missing required column: email (headers found: name, phone; closest: none; upload with map.email=<header>)");
        String id = api.uploadAccepted("contacts", write("ok.csv", "email\nok@example.com\n"), "");
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 1);
    }

    @Test
    void empty_header_only_and_binary_files_fail_with_a_reason() throws IOException {
        Map<String, String> expected = Map.of(
                "empty.csv", "the file is empty",
                "header-only.csv", "the file has a header but no data rows",
                "binary.csv", "the file is not text");
        Files.write(dir.resolve("empty.csv"), new byte[0]);
        Files.writeString(dir.resolve("header-only.csv"), "email,first_name\r\n");
        byte[] binary = new byte[4096];
        new java.util.Random(7).nextBytes(binary);
        binary[0] = (byte) 0x89;
        binary[1] = 'P';
        Files.write(dir.resolve("binary.csv"), binary);

        for (Map.Entry<String, String> file : expected.entrySet()) {
            String id = api.uploadAccepted("contacts", dir.resolve(file.getKey()), "filename=" + file.getKey());
            Map<String, Object> job = api.awaitFinished(id, WAIT);
            assertThat(job.get("status")).as(file.getKey()).isEqualTo("failed");
            assertThat(String.valueOf(job.get("error"))).as(file.getKey()).startsWith(file.getValue());
        }
        assertThat(service.alive()).isTrue();
    }

    @Test
    void unknown_pipeline_is_404_with_a_json_error() {
        HttpResponse<String> response = api.upload("nosuch", "a\n1\n".getBytes(StandardCharsets.UTF_8), "");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(ApiClient.json(response.body())).containsEntry("error", "unknown pipeline: nosuch");
    }

    @Test
    void an_upload_over_the_limit_is_413() {
        // the shared service allows 20 MiB
        byte[] big = new byte[21 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');

        HttpResponse<String> response = api.upload("contacts", big, "");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(ApiClient.json(response.body()).get("error").toString()).contains("import.max-upload-bytes");
    }

    @Test
    void the_same_bytes_twice_are_refused_unless_forced() throws IOException {
        Path file = write("twice.csv", "email\ntwice@example.com\n");
        api.awaitFinished(api.uploadAccepted("contacts", file, ""), WAIT);

        HttpResponse<String> again = api.upload("contacts", file, "");
        assertThat(again.statusCode()).isEqualTo(409);

        String forced = api.uploadAccepted("contacts", file, "force=true");
        assertThat(api.awaitFinished(forced, WAIT)).containsEntry("status", "completed").containsEntry("rowsDuplicate", 1);
    }

    @Test
    void the_same_bytes_dropped_twice_go_to_duplicate_the_second_time() throws IOException {
        // given a file imported once from the inbox
        Path inbox = service.inbox("contacts");
        String content = "email\ndropped-twice@example.com\n";
        Files.writeString(inbox.resolve("first.csv"), content);
        ServiceProcess.awaitFile(inbox.resolve(".done").resolve("first.csv"), WAIT);

        // when the same bytes arrive again under another name
        Files.writeString(inbox.resolve("again.csv"), content);

        // then the second copy is set aside, not imported
        ServiceProcess.awaitFile(inbox.resolve(".duplicate").resolve("again.csv"), WAIT);
        assertThat(db.count("select count(*) from import_jobs where file_name = 'again.csv'")).isZero();
        assertThat(service.log()).contains("again.csv is byte-identical to import");
    }

    @Test
    void progress_is_visible_as_events_metrics_and_in_the_list() throws IOException {
        String id = api.uploadAccepted("contacts", write("events.csv", "email\nev1@example.com\nev2@example.com\n"), "");
        api.awaitFinished(id, WAIT);

        HttpResponse<String> events = api.get("/api/imports/" + id + "/events");
        assertThat(events.headers().firstValue("Content-Type")).contains("text/event-stream");
        assertThat(events.body()).startsWith("event: progress\ndata: {").contains("\"id\":\"" + id + "\"")
                .contains("\"status\":\"completed\"");

        List<Map<String, Object>> list = ApiClient.jsonList(api.get("/api/imports").body());
        assertThat(list).extracting(j -> j.get("id")).contains(id);

        String metrics = api.get("/observe/metrics").body();
        assertThat(metrics).contains("bulkimport_rows_stored_total{pipeline=\"contacts\"")
                .contains("bulkimport_batch_store_seconds_count{pipeline=\"contacts\"")
                .contains("bulkimport_imports_active");
        assertThat(api.get("/observe/health").body()).contains("UP");
    }

    @Test
    void pipelines_are_listed_with_their_columns() {
        List<Map<String, Object>> pipelines = ApiClient.jsonList(api.get("/api/pipelines").body());

        assertThat(pipelines).extracting(p -> p.get("name")).contains("contacts", "records");
        Map<String, Object> contacts = pipelines.stream().filter(p -> p.get("name").equals("contacts")).findFirst().orElseThrow();
        assertThat(contacts).containsEntry("table", "contacts").containsEntry("duplicates", "skip").containsEntry("batchSize", 3000);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> columns = (List<Map<String, Object>>) contacts.get("columns");
        assertThat(columns).extracting(c -> c.get("name")).containsExactly("email", "first_name", "last_name", "company", "phone");
        assertThat(columns.get(0)).containsEntry("key", true).containsEntry("format", "email").containsEntry("maxLength", 254);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private Map<String, Object> findJob(String fileName) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Map<String, Object> job : ApiClient.jsonList(api.get("/api/imports").body())) {
                if (fileName.equals(job.get("fileName")) && !List.of("queued", "running").contains(job.get("status"))) {
                    return job;
                }
            }
            ServiceProcess.sleep(100);
        }
        throw new AssertionError("no finished import of " + fileName);
    }

}
