package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Preview, then execute (issue #13 part 7): a dry run tells what the real import would do against the live table,
 * shows the rows and changes, and its execution imports the same kept file with exactly those counts.
 */
class PreviewExecuteIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String EARLIER_IMPORT = "00000000-0000-0000-0000-000000000001";
    private static final String FILE = "email,first_name,last_name,company,phone\n"
            + "new1@x.com,N1,L1,C1,1\n"            // row 2: new key
            + "same@x.com,Sam,Same,S Co,100\n"     // row 3: exists, identical
            + "chg@x.com,New,Name,New Co,200\n"    // row 4: exists, two values differ
            + "not-an-email,X,Y,Z,1\n"             // row 5: bad e-mail
            + "fill@x.com,F,FL,FC,300\n"           // row 6: exists with empty columns
            + "new2@x.com,N2,L2,C2,2\n"            // row 7: new key
            + "NEW1@x.com,N1b,L1,C1,1\n"           // row 8: the key of row 2 again, another first name
            + "same@x.com,Sam,Same,S Co,100\n"     // row 9: the key of row 3 again, identical
            + ",missing,,,\n";                      // row 10: no e-mail

    private final ServiceProcess service = ServiceProcess.shared();
    private final ApiClient api = new ApiClient(service);
    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void existing_contacts() {
        db.clean();
        db.execute("insert into contacts (email, first_name, last_name, company, phone, import_id) values "
                + "('same@x.com', 'Sam', 'Same', 'S Co', '100', ?::uuid), "
                + "('chg@x.com', 'Old', 'Name', 'Old Co', '200', ?::uuid), "
                + "('fill@x.com', 'Fill', null, '', '300', ?::uuid)", EARLIER_IMPORT, EARLIER_IMPORT, EARLIER_IMPORT);
    }

    @ParameterizedTest(name = "{0}, batch size {1}")
    @CsvSource({"skip,1000", "skip,3", "update,1000", "update,3", "merge,1000", "merge,3"})
    void the_dry_run_counts_are_the_executed_imports_counts(String duplicates, int batchSize) {
        // given a dry run of a file with new rows, unchanged and changed existing rows, repeated keys and bad rows
        List<Map<String, Object>> before = contacts();
        String dryRunId = upload("dryRun=true&duplicates=" + duplicates + "&batchSize=" + batchSize);
        Map<String, Object> dryRun = api.awaitFinished(dryRunId, WAIT);
        assertThat(contacts()).as("a dry run writes nothing").isEqualTo(before);
        assertThat(db.count("select count(*) from pg_tables where tablename like 'dry\\_run\\_%'")).as("scratch tables").isZero();

        // when it is executed
        HttpResponse<String> executed = api.post("/api/imports/" + dryRunId + "/execute");
        assertThat(executed.statusCode()).as(executed.body()).isEqualTo(202);
        String importId = String.valueOf(ApiClient.json(executed.body()).get("id"));
        Map<String, Object> imported = api.awaitFinished(importId, WAIT);

        // then what the dry run said is what the import did, exactly
        assertThat(imported).containsEntry("status", "completed_with_errors").containsEntry("dryRunId", dryRunId);
        assertThat(number(dryRun, "wouldInsert") + number(dryRun, "wouldUpdate")).isEqualTo(number(imported, "rowsStored"));
        assertThat(number(dryRun, "wouldLeaveUnchanged")).isEqualTo(number(imported, "rowsDuplicate"));
        assertThat(number(dryRun, "wouldFail")).isEqualTo(number(imported, "rowsFailed")).isEqualTo(2);
        // and the inserts are the keys that were not there: new1 and new2
        assertThat(number(dryRun, "wouldInsert")).isEqualTo(2);
        assertThat(db.count("select count(*) from contacts where import_id = ?::uuid and email in ('new1@x.com', 'new2@x.com')",
                importId)).isEqualTo(2);
    }

    @Test
    void the_preview_shows_the_rows_as_stored_and_the_changes_update_then_makes() {
        // given a dry run with duplicates=update
        String dryRunId = upload("dryRun=true&duplicates=update");
        Map<String, Object> dryRun = api.awaitFinished(dryRunId, WAIT);
        assertThat(dryRun).containsEntry("wouldInsert", 2).containsEntry("wouldUpdate", 3)
                .containsEntry("wouldLeaveUnchanged", 2).containsEntry("wouldFail", 2);

        // when its preview is asked for
        Map<String, Object> preview = ApiClient.json(api.get("/api/imports/" + dryRunId + "/preview").body());

        // then the valid rows, mapped and validated (the e-mail lower-cased), in column order with their row numbers
        List<Map<String, Object>> rows = list(preview, "rows");
        assertThat(rows).extracting(r -> r.get("rowNumber")).containsExactly(2, 3, 4, 6, 7, 8, 9);
        assertThat(rows.get(5)).containsExactly(Map.entry("rowNumber", 8), Map.entry("email", "new1@x.com"),
                Map.entry("first_name", "N1b"), Map.entry("last_name", "L1"), Map.entry("company", "C1"), Map.entry("phone", "1"));
        assertThat(preview.get("columns")).isEqualTo(List.of("email", "first_name", "last_name", "company", "phone"));
        // and the changes to existing rows, field by field
        List<Map<String, Object>> changes = list(preview, "changes");
        assertThat(changes).extracting(c -> c.get("key")).containsExactly(Map.of("email", "chg@x.com"), Map.of("email", "fill@x.com"));
        assertThat(changes.get(0).get("changes")).isEqualTo(List.of(
                Map.of("column", "first_name", "old", "Old", "new", "New"),
                Map.of("column", "company", "old", "Old Co", "new", "New Co")));
        assertThat(ApiClient.json(api.get("/api/imports/" + dryRunId + "/preview?limit=1").body()).get("rows"))
                .isEqualTo(rows.subList(0, 1));

        // when it is executed
        String importId = executed(dryRunId);

        // then the table holds every change the preview showed
        for (Map<String, Object> change : changes) {
            Map<String, Object> row = contact(String.valueOf(((Map<?, ?>) change.get("key")).get("email")));
            assertThat(row).containsEntry("import_id", importId);
            for (Object field : (List<?>) change.get("changes")) {
                Map<?, ?> f = (Map<?, ?>) field;
                assertThat(row.get(String.valueOf(f.get("column")))).as(change.toString()).isEqualTo(f.get("new"));
            }
        }
        assertThat(contact("same@x.com")).containsEntry("import_id", EARLIER_IMPORT);
    }

    @Test
    void a_merge_preview_shows_only_the_empty_columns_it_fills_and_an_override_is_taken() {
        // given a dry run with duplicates=merge
        String dryRunId = upload("dryRun=true&duplicates=merge");
        api.awaitFinished(dryRunId, WAIT);

        // when its preview is asked for
        List<Map<String, Object>> changes = list(ApiClient.json(api.get("/api/imports/" + dryRunId + "/preview").body()), "changes");

        // then only fill@x.com changes, and only its empty columns
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0)).containsEntry("rowNumber", 6).containsEntry("key", Map.of("email", "fill@x.com"));
        assertThat(changes.get(0).get("changes")).isEqualTo(List.of(field("last_name", null, "FL"), field("company", "", "FC")));

        // and when it is executed as update instead (a JSON body overrides the dry run's options)
        HttpResponse<String> executed = api.send(HttpRequest.newBuilder(api.uri("/api/imports/" + dryRunId + "/execute"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"duplicates\": \"update\"}")).build());
        assertThat(executed.statusCode()).as(executed.body()).isEqualTo(202);
        api.awaitFinished(String.valueOf(ApiClient.json(executed.body()).get("id")), WAIT);

        // then the import updated, as asked
        assertThat(contact("chg@x.com")).containsEntry("first_name", "New");
    }

    @Test
    void a_users_dry_run_counts_the_passwords_to_hash_and_shows_them_masked() {
        // given an existing user with a hash, and a file that gives it a new password and adds a user
        db.execute("delete from users where email in ('old-user@x.com', 'new-user@x.com')");
        db.execute("insert into users (email, name, user_type, password_hash, import_id) values "
                + "('old-user@x.com', 'Old', 'member', '$2a$04$abcdefghijklmnopqrstuuJ3Jb6qGm9kq3wF3V1xZzYkq8mXW2q1e', ?::uuid)",
                EARLIER_IMPORT);
        String file = "email,name,type,password\nold-user@x.com,Old,member,New-password-1\n"
                + "new-user@x.com,New,admin,New-password-2\n";
        HttpResponse<String> response = api.upload("users", file.getBytes(StandardCharsets.UTF_8),
                "filename=users.csv&force=true&dryRun=true&duplicates=update");
        String dryRunId = String.valueOf(ApiClient.json(response.body()).get("id"));

        // when
        Map<String, Object> dryRun = api.awaitFinished(dryRunId, WAIT);
        Map<String, Object> preview = ApiClient.json(api.get("/api/imports/" + dryRunId + "/preview").body());

        // then the existing user would change (its new hash) and the password shows only as ***
        assertThat(dryRun).containsEntry("wouldInsert", 1).containsEntry("wouldUpdate", 1).containsEntry("wouldFail", 0);
        assertThat(list(preview, "rows")).extracting(r -> r.get("password_hash")).containsExactly("***", "***");
        assertThat(preview.toString()).doesNotContain("New-password");

        // and the execution does exactly that
        Map<String, Object> imported = api.awaitFinished(executed(dryRunId), WAIT);
        assertThat(imported).containsEntry("rowsStored", 2).containsEntry("rowsDuplicate", 0).containsEntry("rowsFailed", 0);
        assertThat(db.count("select count(*) from users where email in ('old-user@x.com', 'new-user@x.com') "
                + "and password_hash like '$2%'")).isEqualTo(2);
    }

    @Test
    void an_override_mapping_a_header_the_file_lacks_is_a_400_that_leaves_the_dry_run_executable() {
        // given a finished dry run (of a file imported before, force=true)
        String dryRunId = upload("dryRun=true");
        api.awaitFinished(dryRunId, WAIT);

        // when its execution maps a column to a header the file does not have
        HttpResponse<String> bad = api.post("/api/imports/" + dryRunId + "/execute?map.first_name=Vorname");

        // then 400 names it, and the dry run is still there to execute (as forced as it was)
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("map.first_name=Vorname");
        assertThat(api.job(dryRunId)).containsEntry("executedAs", null);
        executed(dryRunId);
    }

    @Test
    void a_dry_run_is_executed_once_and_names_its_execution() {
        // given an executed dry run
        String dryRunId = upload("dryRun=true");
        api.awaitFinished(dryRunId, WAIT);
        Path kept = file(dryRunId);
        String first = executed(dryRunId);

        // when it is executed again
        HttpResponse<String> again = api.post("/api/imports/" + dryRunId + "/execute");

        // then 409 names the first execution, and the dry run's JSON names it too
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(ApiClient.json(again.body()).get("error").toString()).contains(first).contains("force=true");
        assertThat(api.job(dryRunId)).containsEntry("executedAs", first);
        // and the execution read its own file, deleted when it ended; the dry run's stays for its time
        assertThat(file(first)).isNotEqualTo(kept).doesNotExist();
        assertThat(kept).exists();
    }

    @Test
    void only_a_finished_dry_run_has_a_preview_and_can_be_executed() {
        // given a real import
        String real = upload("");
        api.awaitFinished(real, WAIT);

        // then it is not a dry run: 409 both ways; an unknown id is 404
        assertThat(api.get("/api/imports/" + real + "/preview").statusCode()).isEqualTo(409);
        assertThat(api.post("/api/imports/" + real + "/execute").statusCode()).isEqualTo(409);
        String unknown = "00000000-0000-0000-0000-0000000000ab";
        assertThat(api.get("/api/imports/" + unknown + "/preview").statusCode()).isEqualTo(404);
        assertThat(api.post("/api/imports/" + unknown + "/execute").statusCode()).isEqualTo(404);
    }

    @Test
    void an_expired_dry_run_is_gone() {
        // given a service that keeps a dry run's file for about seven seconds (under two was shorter than a loaded
        // machine took to report the dry run finished: its file had expired before the test looked)
        try (ServiceProcess shortKeep = ServiceProcess.start("preview-expiry", List.of(),
                Map.of("IMPORT_DRY_RUN_KEEP_HOURS", "0.002"))) {
            ApiClient client = new ApiClient(shortKeep);
            HttpResponse<String> response = client.upload("contacts", FILE.getBytes(StandardCharsets.UTF_8),
                    "filename=expiring.csv&dryRun=true");
            String dryRunId = String.valueOf(ApiClient.json(response.body()).get("id"));
            Map<String, Object> dryRun = client.awaitFinished(dryRunId, WAIT);
            Instant keptUntil = Instant.parse(String.valueOf(dryRun.get("fileKeptUntil")));
            Path kept = file(dryRunId, shortKeep);
            assertThat(kept).exists();

            // when it is executed after that time
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Instant.now().isAfter(keptUntil.plusMillis(200)));
            HttpResponse<String> executed = client.post("/api/imports/" + dryRunId + "/execute");

            // then 410, and the file is deleted
            assertThat(executed.statusCode()).as(executed.body()).isEqualTo(410);
            assertThat(kept).doesNotExist();
            assertThat(client.job(dryRunId)).containsEntry("fileKeptUntil", null).containsEntry("executedAs", null);
        }
    }

    private String upload(String query) {
        HttpResponse<String> response = api.upload("contacts", FILE.getBytes(StandardCharsets.UTF_8),
                "filename=contacts.csv&force=true" + (query.isEmpty() ? "" : "&" + query));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return String.valueOf(ApiClient.json(response.body()).get("id"));
    }

    private String executed(String dryRunId) {
        HttpResponse<String> executed = api.post("/api/imports/" + dryRunId + "/execute");
        assertThat(executed.statusCode()).as(executed.body()).isEqualTo(202);
        assertThat(executed.headers().firstValue("Location")).hasValue("/api/imports/" + ApiClient.json(executed.body()).get("id"));
        String id = String.valueOf(ApiClient.json(executed.body()).get("id"));
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("dryRunId", dryRunId);
        return id;
    }

    private Path file(String importId) {
        return file(importId, service);
    }

    private Path file(String importId, ServiceProcess owner) {
        Path path = Path.of(String.valueOf(db.rows("select file_path from import_jobs where id = ?::uuid", importId).get(0).get("file_path")));
        return path.isAbsolute() ? path : owner.home().resolve(path);
    }

    private List<Map<String, Object>> contacts() {
        return db.rows("select email, first_name, last_name, company, phone, import_id::text from contacts order by email");
    }

    private Map<String, Object> contact(String email) {
        return db.rows("select first_name, last_name, company, phone, import_id::text as import_id "
                + "from contacts where email = ?", email).get(0);
    }

    private static long number(Map<String, Object> job, String field) {
        return ((Number) job.get(field)).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> body, String field) {
        return (List<Map<String, Object>>) body.get(field);
    }

    /** One field of a change, as the preview shows it (its old value may be null). */
    private static Map<String, Object> field(String column, String old, String now) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("column", column);
        m.put("old", old);
        m.put("new", now);
        return m;
    }
}
