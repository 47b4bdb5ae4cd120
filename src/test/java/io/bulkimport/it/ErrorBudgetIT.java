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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13 parts 5 and 6 through the running service and real PostgreSQL: an error budget ({@code maxErrors},
 * {@code onTooManyErrors}, the route's default) stops an import, with or without rolling it back; constant columns
 * ({@code set.<column>=}) fill empty cells and absent columns.
 */
class ErrorBudgetIT {

    private static final String EARLIER_IMPORT = "00000000-0000-0000-0000-000000000002";
    private static final long SAMPLE = 1000;   // ErrorBudgetJudge.PERCENT_SAMPLE_ROWS, as README states it

    private final TestDatabase db = TestDatabase.get();

    @TempDir
    Path routes;

    @BeforeEach
    void clean() {
        db.clean();
    }

    // --- error budget ----------------------------------------------------------------------------

    @Test
    void a_file_past_a_percentage_stops_failed_at_the_batch_that_crossed_it_and_keeps_the_rows_stored_before() {
        // given 3000 rows of which 3 in 5 have a bad e-mail, in batches of 100, and maxErrors=50%
        ApiClient api = new ApiClient(ServiceProcess.shared());
        Rows file = Rows.sixtyPercentBad(3000);

        // when
        Map<String, Object> job = importFile(api, file.csv(), "batchSize=100&maxErrors=50%25");

        // then it stopped after the first batch at which the sample was reached, with the counters of that batch
        long failedInSample = file.badAmongFirst(SAMPLE);
        assertThat(job).containsEntry("status", "failed");
        assertThat(job.get("error")).isEqualTo("too many errors: " + failedInSample + " of " + SAMPLE
                + " rows read failed (maxErrors=50%); the rows stored before stay");
        assertThat(number(job, "rowsRead")).isEqualTo(SAMPLE);
        assertThat(number(job, "rowsFailed")).isEqualTo(failedInSample);
        // the valid rows of the batches committed stay, none after them
        assertThat(db.count("select count(*) from contacts")).isEqualTo(SAMPLE - failedInSample)
                .isLessThan(file.size() - file.badAmongFirst(file.size()));
        assertThat(db.count("select count(*) from contacts where email = ?", file.email(file.size() - 1))).isZero();
    }

    @Test
    void the_same_file_always_stops_at_the_same_place() {
        // given the file of the test above, imported twice (force: the second is byte-identical)
        ApiClient api = new ApiClient(ServiceProcess.shared());
        Rows file = Rows.sixtyPercentBad(3000);

        Map<String, Object> first = importFile(api, file.csv(), "batchSize=100&maxErrors=500");
        db.clean();
        Map<String, Object> second = importFile(api, file.csv(), "batchSize=100&maxErrors=500&force=true");

        // then both stopped after the same committed batch: the one that took the failures past 500
        assertThat(first.get("error")).isEqualTo(second.get("error"));
        assertThat(first.get("rowsRead")).isEqualTo(second.get("rowsRead"));
        long batches = number(first, "batchesDone");
        assertThat(file.badAmongFirst(batches * 100)).isGreaterThan(500);
        assertThat(file.badAmongFirst((batches - 1) * 100)).isLessThanOrEqualTo(500);
    }

    @Test
    void with_rollback_nothing_the_import_stored_stays_and_updated_rows_get_their_values_back() {
        // given existing contacts, and a 60%-bad file whose first rows update two of them
        db.execute("insert into contacts (email, first_name, company, import_id) values "
                + "('row3@example.com', 'Before3', 'Old', ?::uuid), ('row4@example.com', 'Before4', null, ?::uuid)",
                EARLIER_IMPORT, EARLIER_IMPORT);
        List<Map<String, Object>> before = contacts();
        ApiClient api = new ApiClient(ServiceProcess.shared());
        Rows file = Rows.sixtyPercentBad(3000);

        // when
        Map<String, Object> job = importFile(api, file.csv(), "batchSize=100&maxErrors=50%25&onTooManyErrors=rollback&duplicates=update");

        // then it failed naming the budget and the rollback, and the table is as it was
        assertThat(job).containsEntry("status", "failed");
        assertThat(String.valueOf(job.get("error")))
                .startsWith("too many errors: " + file.badAmongFirst(SAMPLE) + " of " + SAMPLE + " rows read failed (maxErrors=50%)")
                .contains("onTooManyErrors=rollback: every row this import stored was rolled back");
        assertThat(contacts()).isEqualTo(before);
        // a retry would send only the failed rows: refused
        HttpResponse<String> retry = api.post("/api/imports/" + job.get("id") + "/retry");
        assertThat(retry.statusCode()).isEqualTo(409);
        assertThat(retry.body()).contains("stopped at its error budget");
        // and DELETE has nothing left to roll back: 409, the status stays failed
        HttpResponse<String> delete = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/api/imports/" + job.get("id")))
                .DELETE().build());
        assertThat(delete.statusCode()).isEqualTo(409);
        assertThat(delete.body()).contains("was rolled back when its error budget stopped it");
        assertThat(api.job(String.valueOf(job.get("id")))).containsEntry("status", "failed");
        assertThat(contacts()).isEqualTo(before);
    }

    @Test
    void max_errors_zero_with_rollback_is_all_or_nothing() {
        // given a file in batches of 2 whose last row alone is bad, and the same file without it
        ApiClient api = new ApiClient(ServiceProcess.shared());
        String good = "email,first_name\na@example.com,A\nb@example.com,B\nc@example.com,C\nd@example.com,D\n";
        String oneBad = good + "not-an-email,E\n";

        // when the file with the bad row is imported, then nothing of it stays
        Map<String, Object> failed = importFile(api, oneBad, "batchSize=2&maxErrors=0&onTooManyErrors=rollback");
        assertThat(failed).containsEntry("status", "failed");
        assertThat(String.valueOf(failed.get("error"))).startsWith("too many errors: 1 of 5 rows read failed (maxErrors=0)");
        assertThat(number(failed, "batchesDone")).as("earlier batches had committed").isEqualTo(3);
        assertThat(db.count("select count(*) from contacts")).isZero();

        // when the clean file is imported, then all of it stays
        Map<String, Object> done = importFile(api, good, "batchSize=2&maxErrors=0&onTooManyErrors=rollback");
        assertThat(done).containsEntry("status", "completed");
        assertThat(db.count("select count(*) from contacts")).isEqualTo(4);
    }

    @Test
    void a_file_within_its_budget_completes_with_errors() {
        ApiClient api = new ApiClient(ServiceProcess.shared());
        Rows file = Rows.sixtyPercentBad(20);   // 12 bad rows

        Map<String, Object> job = importFile(api, file.csv(), "batchSize=5&maxErrors=" + file.badAmongFirst(20));

        assertThat(job).containsEntry("status", "completed_with_errors");
        assertThat(job.get("error")).isNull();
        assertThat(db.count("select count(*) from contacts")).isEqualTo(20 - file.badAmongFirst(20));
    }

    @Test
    void a_dry_run_judges_the_budget_and_tells_that_the_import_would_stop() {
        ApiClient api = new ApiClient(ServiceProcess.shared());
        Rows file = Rows.sixtyPercentBad(20);

        Map<String, Object> job = importFile(api, file.csv(), "batchSize=5&dryRun=true&maxErrors=3&onTooManyErrors=rollback");

        assertThat(job).containsEntry("status", "failed");
        assertThat(String.valueOf(job.get("error"))).startsWith("too many errors: ")
                .endsWith("(maxErrors=3); the import would stop here and roll back what it stored");
        assertThat(db.count("select count(*) from contacts")).isZero();
    }

    @Test
    void an_upload_with_a_budget_that_is_not_one_is_refused() {
        ApiClient api = new ApiClient(ServiceProcess.shared());

        HttpResponse<String> response = api.upload("contacts", "email\na@example.com\n".getBytes(StandardCharsets.UTF_8),
                "maxErrors=many");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("maxErrors");
    }

    @Test
    void an_import_killed_mid_file_resumes_with_its_committed_counters_and_stops_where_it_would_have() throws IOException {
        // given 240,000 rows, one bad in every 10,000 (24 in all), batches of 200, and maxErrors=20 with rollback:
        // the 21st bad row (row index 200,000) is in batch 1000, so the import stops after 1001 batches
        int rows = 240_000;
        int badEvery = 10_000;
        int batch = 200;
        long budget = 20;
        Path file = routes.resolve("big.csv");
        try (java.io.BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("email,first_name\n");
            for (int i = 0; i < rows; i++) {
                out.write((i % badEvery == 0 ? "bad-" + i : "u" + i + "@example.com") + ",F" + i + "\n");
            }
        }
        long crossingIndex = budget * badEvery;
        long rowsReadAtStop = (crossingIndex / batch + 1) * batch;
        ServiceProcess service = ServiceProcess.start("error-budget-crash", List.of(), Map.of());
        try {
            String id = new ApiClient(service).uploadAccepted("contacts", file,
                    "batchSize=" + batch + "&maxErrors=" + budget + "&onTooManyErrors=rollback");

            // when the service is killed after 150 batches, long before the budget is crossed, and started again
            awaitBatchesDone(id, 150);
            service.kill();
            assertThat(db.count("select batches_done from import_jobs where id = ?::uuid", id)).as("killed early")
                    .isLessThan(crossingIndex / batch);
            assertThat(db.count("select rows_failed from import_jobs where id = ?::uuid", id)).isPositive();
            service = service.startAgain();
            Map<String, Object> job = new ApiClient(service).awaitFinished(id, Duration.ofMinutes(3));

            // then it stopped at the same batch as without the crash, counting the failures of both runs, and
            // rolled back the rows of both runs
            assertThat(job).containsEntry("status", "failed");
            assertThat(String.valueOf(job.get("error"))).startsWith("too many errors: " + (budget + 1) + " of "
                    + rowsReadAtStop + " rows read failed (maxErrors=" + budget + ")").contains("rolled back");
            assertThat(number(job, "rowsRead")).isEqualTo(rowsReadAtStop);
            assertThat(db.count("select count(*) from contacts")).isZero();
        } finally {
            service.close();
        }
    }

    private void awaitBatchesDone(String id, int batches) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (db.count("select coalesce(max(batches_done), 0) from import_jobs where id = ?::uuid", id) < batches) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("import " + id + " never reached " + batches + " batches");
            }
            ServiceProcess.sleep(5);
        }
    }

    // --- constant columns ------------------------------------------------------------------------

    @Test
    void a_constant_column_fills_the_empty_cells_and_a_column_the_file_lacks() {
        ApiClient api = new ApiClient(ServiceProcess.shared());

        // when a file with some empty company cells, and one without the column, are imported with set.company
        Map<String, Object> partly = importFile(api, "email,company\na@example.com,\nb@example.com,Own Ltd\nc@example.com,  \n",
                "set.company=Marketplace");
        Map<String, Object> absent = importFile(api, "email,first_name\nd@example.com,D\n", "set.company=Marketplace");

        // then
        assertThat(partly).containsEntry("status", "completed");
        assertThat(absent).containsEntry("status", "completed");
        assertThat(db.rows("select email, company from contacts order by email")).containsExactly(
                Map.of("email", "a@example.com", "company", "Marketplace"), Map.of("email", "b@example.com", "company", "Own Ltd"),
                Map.of("email", "c@example.com", "company", "Marketplace"), Map.of("email", "d@example.com", "company", "Marketplace"));
    }

    @Test
    void a_constant_no_row_could_take_is_refused_at_upload_naming_it() {
        ApiClient api = new ApiClient(ServiceProcess.shared());

        HttpResponse<String> response = api.upload("contacts", "first_name\nA\n".getBytes(StandardCharsets.UTF_8), "set.email=nope");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("set.email=nope (not a valid email address)");
    }

    // --- the route's defaults --------------------------------------------------------------------

    @Test
    void the_routes_budget_applies_unless_the_upload_says_otherwise_and_set_gives_a_required_column() throws IOException {
        // given a contacts route with maxErrors 2 and rollback by default, whose company column is required
        copyRoutes();
        Path contacts = routes.resolve("contacts.camel.yaml");
        String yaml = Files.readString(contacts);
        String withBudget = yaml.replace("duplicates: \"{{contacts.duplicates:skip}}\"", "duplicates: \"{{contacts.duplicates:skip}}\"\n"
                        + "        maxErrors: \"{{contacts.max-errors:2}}\"\n        onTooManyErrors: rollback")
                .replace("company:    { aliases", "company:    { required: true, aliases");
        assertThat(withBudget).contains("maxErrors").contains("required: true");
        Files.writeString(contacts, withBudget);
        String threeBad = "email,company\nbad1,X\na@example.com,A\nbad2,X\nb@example.com,B\nbad3,X\n";

        try (ServiceProcess service = ServiceProcess.start("error-budget-routes", List.of(), Map.of("IMPORT_ROUTES", routes.toString()))) {
            ApiClient api = new ApiClient(service);

            // when no budget is given, then the route's stops the import and rolls it back
            Map<String, Object> byRoute = importFile(api, threeBad, "batchSize=1");
            assertThat(byRoute).containsEntry("status", "failed");
            assertThat(String.valueOf(byRoute.get("error"))).startsWith("too many errors: 3 of 5 rows read failed (maxErrors=2)")
                    .contains("rolled back");
            assertThat(db.count("select count(*) from contacts")).isZero();

            // when the upload's budget is larger, then it wins, and the route's rollback stays unused
            Map<String, Object> byUpload = importFile(api, threeBad, "batchSize=1&maxErrors=3&force=true");
            assertThat(byUpload).containsEntry("status", "completed_with_errors");
            assertThat(db.count("select count(*) from contacts")).isEqualTo(2);

            // when a file lacks the required company column, then only set.company lets it in
            String noCompany = "email\nc@example.com\nd@example.com\n";
            Map<String, Object> missing = importFile(api, noCompany, "");
            assertThat(missing).containsEntry("status", "failed");
            assertThat(String.valueOf(missing.get("error"))).contains("missing required column").contains("company");
            Map<String, Object> given = importFile(api, noCompany, "set.company=Shop&force=true");
            assertThat(given).containsEntry("status", "completed");
            assertThat(db.rows("select company from contacts where email in ('c@example.com', 'd@example.com')"))
                    .extracting(row -> row.get("company")).containsExactly("Shop", "Shop");
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** A contacts file whose rows 0, 1 and 2 of every 5 have a bad e-mail (60%). */
    private record Rows(int size) {

        static Rows sixtyPercentBad(int size) {
            return new Rows(size);
        }

        boolean bad(long i) {
            return i % 5 < 3;
        }

        String email(long i) {
            return bad(i) ? "bad-" + i : "row" + i + "@example.com";
        }

        long badAmongFirst(long rows) {
            long n = 0;
            for (long i = 0; i < Math.min(rows, size); i++) {
                n += bad(i) ? 1 : 0;
            }
            return n;
        }

        String csv() {
            StringBuilder csv = new StringBuilder("email,first_name\n");
            for (int i = 0; i < size; i++) {
                csv.append(email(i)).append(",Name").append(i).append('\n');
            }
            return csv.toString();
        }
    }

    private static Map<String, Object> importFile(ApiClient api, String csv, String query) {
        HttpResponse<String> accepted = api.upload("contacts", csv.getBytes(StandardCharsets.UTF_8), query);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return api.awaitFinished(String.valueOf(ApiClient.json(accepted.body()).get("id")), Duration.ofSeconds(90));
    }

    private List<Map<String, Object>> contacts() {
        return db.rows("select email, first_name, last_name, company, phone, import_id::text as import_id from contacts order by email");
    }

    private static long number(Map<String, Object> job, String field) {
        return ((Number) job.get(field)).longValue();
    }

    private void copyRoutes() throws IOException {
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path file : shipped.filter(Files::isRegularFile).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
    }
}
