package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The users pipeline end to end: passwords hashed by the service, checked here with a different bcrypt
 * implementation (Spring Security's), and no plaintext left in the database, the error report or the log. The
 * service runs with cost 4 to keep the test fast; the contract's default stays 12.
 */
class UsersImportIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ServiceProcess service;
    private static ApiClient api;
    private final TestDatabase db = TestDatabase.get();

    @BeforeAll
    static void start() {
        service = ServiceProcess.start("users", List.of(), Map.of("HASH_BCRYPT_COST", "4"));
        api = new ApiClient(service);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @BeforeEach
    void clean() {
        db.clean();
        db.execute("truncate users");
    }

    @Test
    void stores_verifiable_hashes_keeps_pre_hashed_values_and_gives_operational_users_none() throws Exception {
        // given a file of every kind of user row, with pre-hashed values made by another implementation
        String pre2b = BCrypt.hashpw("pre-hashed-b-secret", BCrypt.gensalt("$2b", 5));
        String pre2y = BCrypt.hashpw("pre-hashed-y-secret", BCrypt.gensalt("$2y", 6));
        Map<String, String> plaintexts = new LinkedHashMap<>();
        plaintexts.put("ada", "Ada-plain-7f3k9!");
        plaintexts.put("bob", "Bøb-plain-ünï-☕");
        plaintexts.put("ops", "Ops-plain-q8z2w");
        plaintexts.put("short", "sh0rt!");
        plaintexts.put("bademail", "Bad-plain-x1y2z3");
        String csv = "E-mail,Name,Type,Password\n"
                + "Ada@Example.com,Ada,admin," + plaintexts.get("ada") + "\n"          // row 2
                + "bob@example.com,Bob,," + plaintexts.get("bob") + "\n"               // row 3: member by default
                + "pre2b@example.com,Pre B,member," + pre2b + "\n"                     // row 4
                + "pre2y@example.com,Pre Y,admin," + pre2y + "\n"                      // row 5
                + "ops@example.com,Ops,operational," + plaintexts.get("ops") + "\n"    // row 6: no hash
                + "bot@example.com,Bot,operational,\n"                                 // row 7: no hash
                + "short@example.com,Short,member," + plaintexts.get("short") + "\n"   // row 8: too short
                + "nopw@example.com,No Password,admin,\n"                              // row 9: missing
                + "not-an-email,Bad,member," + plaintexts.get("bademail") + "\n";      // row 10: bad email

        // when
        String id = api.uploadAccepted("users", write(csv), "filename=users.csv");
        Map<String, Object> job = api.awaitFinished(id, WAIT);

        // then every row is accounted for
        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsRead", 9)
                .containsEntry("rowsStored", 6).containsEntry("rowsFailed", 3);

        // and the stored hashes verify with Spring Security's bcrypt, pre-hashed values are kept byte for byte,
        // and operational users have none
        Map<String, Map<String, Object>> users = new LinkedHashMap<>();
        db.rows("select email, name, user_type, password_hash from users order by email")
                .forEach(r -> users.put((String) r.get("email"), r));
        assertThat(users).containsOnlyKeys("ada@example.com", "bob@example.com", "pre2b@example.com",
                "pre2y@example.com", "ops@example.com", "bot@example.com");
        String adaHash = (String) users.get("ada@example.com").get("password_hash");
        assertThat(adaHash).startsWith("$2a$04$");
        assertThat(BCrypt.checkpw(plaintexts.get("ada"), adaHash)).isTrue();
        assertThat(BCrypt.checkpw(plaintexts.get("bob"), (String) users.get("bob@example.com").get("password_hash"))).isTrue();
        assertThat(users.get("bob@example.com")).containsEntry("user_type", "member");
        assertThat(users.get("pre2b@example.com")).containsEntry("password_hash", pre2b);
        assertThat(users.get("pre2y@example.com")).containsEntry("password_hash", pre2y);
        assertThat(users.get("ops@example.com")).containsEntry("password_hash", null).containsEntry("user_type", "operational");
        assertThat(users.get("bot@example.com")).containsEntry("password_hash", null);

        // and the error report names the bad rows, with the passwords masked in the value and in the row's cells
        List<CSVRecord> report = api.errors(id);
        assertThat(report.get(0).toList()).containsExactly("row_number", "column", "reason", "value",
                "E-mail", "Name", "Type", "Password");
        List<CSVRecord> errors = report.subList(1, report.size());
        assertThat(errors).extracting(r -> r.get(0)).containsExactly("8", "9", "10");
        assertThat(errors.get(0).toList()).containsExactly("8", "password_hash", "password shorter than 8 characters", "***",
                "short@example.com", "Short", "member", "***");
        assertThat(errors.get(1).toList()).containsExactly("9", "password_hash", "password is missing", "",
                "nopw@example.com", "No Password", "admin", "");
        assertThat(errors.get(2).toList()).containsExactly("10", "email", "not a valid email address", "not-an-email",
                "not-an-email", "Bad", "member", "***");

        // and no plaintext is anywhere: database, error report, log
        assertNoPlaintextAnywhere(id, plaintexts.values());

        // and a retry, which could send only the masked passwords, is refused, saying so
        java.net.http.HttpResponse<String> retry = api.post("/api/imports/" + id + "/retry");
        assertThat(retry.statusCode()).isEqualTo(409);
        assertThat(retry.body()).contains("kept with password_hash masked (***), so a retry cannot send them again");
    }

    @Test
    void with_create_new_false_updates_existing_users_and_reports_unknown_ones_without_creating_them() throws Exception {
        // given two existing users
        String first = api.uploadAccepted("users", write("email,name,password\n"
                + "known@example.com,Known,Known-old-pass1\n"
                + "other@example.com,Other,Other-old-pass1\n"), "filename=existing.csv");
        assertThat(api.awaitFinished(first, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 2);

        // when a file with a new password for one of them and two unknown users comes with createNew=false
        String id = api.uploadAccepted("users", write("email,name,password\n"
                + "KNOWN@example.com,Known Again,Known-new-pass2\n"
                + "stranger@example.com,Stranger,Stranger-pass3\n"
                + "ghost@example.com,Ghost,Ghost-pass4\n"), "filename=update-only.csv&createNew=false&duplicates=update");
        Map<String, Object> job = api.awaitFinished(id, WAIT);

        // then nothing new is created
        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsRead", 3)
                .containsEntry("rowsStored", 1).containsEntry("rowsFailed", 2);
        assertThat(db.rows("select email from users order by email")).extracting(r -> r.get("email"))
                .containsExactly("known@example.com", "other@example.com");

        // and the known user has the new password
        String hash = (String) db.rows("select password_hash from users where email = 'known@example.com'").get(0).get("password_hash");
        assertThat(BCrypt.checkpw("Known-new-pass2", hash)).isTrue();

        // and the unknown users are reported by email
        List<CSVRecord> errors = api.errors(id).subList(1, 3);
        assertThat(errors).extracting(r -> r.get(0)).containsExactly("3", "4");
        assertThat(errors).extracting(r -> r.get(3)).containsExactly("stranger@example.com", "ghost@example.com");
        assertThat(errors).extracting(r -> r.get(2)).containsOnly("unknown user: not created because createNew=false");
        assertThat(errors).extracting(r -> r.get(6)).containsOnly("***");
        assertNoPlaintextAnywhere(id, List.of("Known-old-pass1", "Other-old-pass1", "Known-new-pass2", "Stranger-pass3",
                "Ghost-pass4"));
    }

    @Test
    void a_dry_run_validates_and_counts_without_writing_and_estimates_the_real_import() throws Exception {
        // given
        String csv = "email,type,password\n"
                + "a@example.com,member,Dry-run-pass-a1\n"
                + "b@example.com,operational,\n"
                + "c@example.com,admin,t1ny!\n";

        // when
        String id = api.uploadAccepted("users", write(csv), "filename=dry.csv&dryRun=true");
        Map<String, Object> job = api.awaitFinished(id, WAIT);

        // then the rows are checked and counted, nothing is written
        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsRead", 3)
                .containsEntry("rowsStored", 2).containsEntry("rowsFailed", 1);
        assertThat(db.count("select count(*) from users")).isZero();
        assertThat(api.errors(id).get(1).get(2)).isEqualTo("password shorter than 8 characters");

        // and the log says how long the real import would take, from the hash rate measured at start-up
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(service.log()).contains("users dry run " + id + ": 2 valid rows, 1 passwords to hash; estimated import time"));
        assertThat(service.log()).containsPattern("bcrypt cost 4 on this machine: [0-9.]+ hashes/s on [0-9]+ hash threads");

        // and the API answers with the same estimate
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.get("/api/imports/" + id + "/estimate").statusCode()).isEqualTo(200));
        Map<String, Object> estimate = ApiClient.json(api.get("/api/imports/" + id + "/estimate").body());
        assertThat(estimate).containsEntry("validRows", 2).containsEntry("passwordsToHash", 1).containsEntry("hashCost", 4);
        assertThat(((Number) estimate.get("hashesPerSecond")).doubleValue()).isPositive();
        assertThat(estimate.get("estimatedSeconds")).isNotNull();
        assertThat(api.get("/api/imports/00000000-0000-0000-0000-000000000abc/estimate").statusCode()).isEqualTo(404);
        String metrics = api.get("/observe/metrics").body();
        assertThat(metrics).containsPattern("bulkimport_hash_rate\\{cost=\"4\",?\\} [0-9.]+(E[0-9]+)?");
        assertNoPlaintextAnywhere(id, List.of("Dry-run-pass-a1", "t1ny!"));
    }

    /** Dumps every table of the service's schema, the import's error report and the service log, and looks for each plaintext. */
    private void assertNoPlaintextAnywhere(String importId, java.util.Collection<String> plaintexts) throws Exception {
        List<String> places = new ArrayList<>();
        for (Map<String, Object> table : db.rows("select table_name from information_schema.tables "
                + "where table_schema = current_schema() and table_type = 'BASE TABLE'")) {
            String name = (String) table.get("table_name");
            StringBuilder dump = new StringBuilder();
            db.rows("select t::text as row from " + quoteIdent(name) + " t").forEach(r -> dump.append(r.get("row")).append('\n'));
            places.add("table " + name + ":\n" + dump);
        }
        assertThat(places).as("the dump sees the data").anySatisfy(dump -> assertThat(dump).startsWith("table import_jobs:").contains(importId));
        places.add("error report:\n" + api.get("/api/imports/" + importId + "/errors").body());
        places.add("job:\n" + api.get("/api/imports/" + importId).body());
        places.add("service log:\n" + service.log());
        for (String plaintext : plaintexts) {
            assertThat(places).as("places where '%s' might be", plaintext).noneSatisfy(place -> assertThat(place).contains(plaintext));
        }
    }

    private String quoteIdent(String name) {
        return (String) db.rows("select quote_ident(?) as q", name).get(0).get("q");
    }

    private static java.nio.file.Path write(String csv) throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("users-", ".csv");
        java.nio.file.Files.write(file, csv.getBytes(StandardCharsets.UTF_8));
        file.toFile().deleteOnExit();
        return file;
    }
}
