package io.bulkimport.it;

import static io.bulkimport.parse.WorkbookXml.textRow;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.parse.WorkbookXml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Honest progress, the exact half (issue #11): from the moment an upload is answered, every answer that shows the
 * job running before its first batch has committed already has the file's exact row count as {@code totalRows},
 * with {@code totalRowsExact: true}. Pipeline {@code users} hashes every password with bcrypt (cost 8 here), so its
 * first batch takes long enough for the polls to see the job running with nothing committed, and the test insists
 * it saw that.
 */
class ExactTotalIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    private static ServiceProcess service;
    private static ApiClient api;
    private final TestDatabase db = TestDatabase.get();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        service = ServiceProcess.start("exact-total", List.of(), Map.of("HASH_BCRYPT_COST", "8"));
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
    void a_users_csv_of_2500_rows_shows_its_exact_total_from_the_first_answer() throws IOException {
        // given 2,500 users
        StringBuilder csv = new StringBuilder("email,name,user_type,password\n");
        for (int i = 1; i <= 2500; i++) {
            csv.append("user").append(i).append("@example.com,User ").append(i).append(",member,Secret-pass-").append(i).append('\n');
        }

        // when it is uploaded in batches of 100 and watched until its first batch has committed
        String id = api.uploadAccepted("users", write("users.csv", csv.toString()), "filename=users.csv&batchSize=100");
        List<Map<String, Object>> answers = watchUntilFirstCommit(id);

        // then every answer, queued or running, already had the total: the rows were counted as the upload arrived
        assertExactBeforeFirstCommit(answers, 2500, 25);
        assertThat(answers).allSatisfy(job -> assertThat(job).containsEntry("totalRows", 2500).containsEntry("totalRowsExact", true));
        cancel(id);
    }

    @Test
    void a_csv_with_quoted_line_breaks_blank_rows_and_a_sep_line_counts_its_rows_not_its_lines() throws IOException {
        // given Excel's sep= line, 300 users whose names run over two or three lines, blank and white-space rows
        StringBuilder csv = new StringBuilder("sep=;\r\nemail;name;user_type;password\r\n\r\n");
        for (int i = 1; i <= 300; i++) {
            csv.append("multi").append(i).append("@example.com;\"User ").append(i).append("\r\nline two");
            csv.append(i % 3 == 0 ? "\nline \"\"three\"\"\"" : "\"").append(";member;Secret-pass-").append(i).append("\r\n");
            if (i % 50 == 0) {
                csv.append(" ;  ;\t;\r\n;;;\r\n\r\n");
            }
        }

        // when
        String id = api.uploadAccepted("users", write("multi-line.csv", csv.toString()), "filename=multi-line.csv&batchSize=50");
        List<Map<String, Object>> answers = watchUntilFirstCommit(id);

        // then the total was exact before the first batch, and stays the rows read when the import completes
        assertExactBeforeFirstCommit(answers, 300, 6);
        Map<String, Object> done = api.awaitFinished(id, WAIT);
        assertThat(done).containsEntry("status", "completed").containsEntry("rowsRead", 300).containsEntry("totalRows", 300)
                .containsEntry("totalRowsExact", true);
        assertThat(db.count("select count(*) from users where name like '%line two%'")).isEqualTo(300);
    }

    @Test
    void an_xlsx_whose_dimension_is_wrong_counts_its_sheet_before_the_first_batch() throws IOException {
        // given 400 users in a sheet that claims to hold five rows, with empty rows among them
        StringBuilder rows = new StringBuilder(textRow(1, "email", "name", "user_type", "password"));
        int r = 2;
        for (int i = 1; i <= 400; i++, r++) {
            rows.append(textRow(r, "sheet" + i + "@example.com", "Sheet User " + i, "member", "Secret-pass-" + i));
            if (i % 100 == 0) {
                rows.append("<row r=\"").append(++r).append("\"/>").append(textRow(++r, " ", "", " "));
            }
        }
        Path file = new WorkbookXml().dimension("A1:D5").sheet("Users", rows.toString()).write(dir.resolve("users.xlsx"));

        // when
        String id = api.uploadAccepted("users", file, "filename=users.xlsx&batchSize=50");
        List<Map<String, Object>> answers = watchUntilFirstCommit(id);

        // then
        assertExactBeforeFirstCommit(answers, 400, 8);
        Map<String, Object> done = api.awaitFinished(id, WAIT);
        assertThat(done).containsEntry("status", "completed").containsEntry("rowsRead", 400).containsEntry("totalRows", 400)
                .containsEntry("totalRowsExact", true);
    }

    /** Polls the job from now until a batch has committed (or it ended); every answer, in order. */
    private List<Map<String, Object>> watchUntilFirstCommit(String id) {
        List<Map<String, Object>> answers = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> job = api.job(id);
            answers.add(job);
            if (((Number) job.get("batchesDone")).intValue() > 0 || job.get("finishedAt") != null) {
                return answers;
            }
            ServiceProcess.sleep(10);
        }
        throw new AssertionError("no batch of import " + id + " committed in " + WAIT + ": " + answers.get(answers.size() - 1));
    }

    /** Every answer that shows the job running with nothing committed has the exact total, and there was such an answer. */
    private static void assertExactBeforeFirstCommit(List<Map<String, Object>> answers, int rows, int batches) {
        List<Map<String, Object>> beforeFirstCommit = answers.stream()
                .filter(job -> "running".equals(job.get("status")))
                .filter(job -> ((Number) job.get("batchesDone")).intValue() == 0 || ((Number) job.get("rowsRead")).intValue() == 0)
                .toList();
        assertThat(beforeFirstCommit).as("answers while running before the first commit, of %d", answers.size()).isNotEmpty();
        assertThat(beforeFirstCommit).allSatisfy(job -> assertThat(job).containsEntry("totalRows", rows)
                .containsEntry("totalRowsExact", true).containsEntry("batchesTotal", batches));
    }

    private void cancel(String id) {
        api.post("/api/imports/" + id + "/cancel");
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "cancelled").containsEntry("totalRows", 2500)
                .containsEntry("totalRowsExact", true);
    }

    private Path write(String name, String content) throws IOException {
        return Files.write(dir.resolve(name), content.getBytes(UTF_8));
    }
}
