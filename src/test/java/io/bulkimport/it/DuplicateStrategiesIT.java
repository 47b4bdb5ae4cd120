package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** skip, update and merge against rows that already exist, and against duplicates inside the file. */
class DuplicateStrategiesIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String EARLIER_IMPORT = "00000000-0000-0000-0000-000000000001";
    private static final String FILE = "email,first_name,last_name,company,phone\n"
            + "a@x.com,A1,L1,C1,P1\n"          // exists, partly empty
            + "b@x.com,B,BL,BC,BP\n"           // exists, identical
            + "new@x.com,N,NL,NC,NP\n"         // new
            + "A@X.com,A2,,,\n";               // same key as row 2, later in the file

    private final ServiceProcess service = ServiceProcess.shared();
    private final ApiClient api = new ApiClient(service);
    private final TestDatabase db = TestDatabase.get();

    @TempDir
    Path dir;

    @BeforeEach
    void existing_rows() {
        db.clean();
        db.execute("insert into contacts (email, first_name, last_name, company, phone, import_id) values "
                + "('a@x.com', 'A0', null, '', 'P0', ?::uuid), ('b@x.com', 'B', 'BL', 'BC', 'BP', ?::uuid)",
                EARLIER_IMPORT, EARLIER_IMPORT);
    }

    @ParameterizedTest(name = "batch size {0}")
    @ValueSource(ints = {1000, 2})
    void skip_keeps_existing_rows_and_the_first_occurrence(int batchSize) throws IOException {
        Map<String, Object> job = importWith("skip", batchSize);

        assertThat(job).containsEntry("status", "completed").containsEntry("rowsRead", 4)
                .containsEntry("rowsStored", 1).containsEntry("rowsDuplicate", 3).containsEntry("rowsFailed", 0);
        assertThat(contact("a@x.com")).containsEntry("first_name", "A0").containsEntry("last_name", null)
                .containsEntry("company", "").containsEntry("phone", "P0").containsEntry("import_id", EARLIER_IMPORT);
        assertThat(contact("new@x.com")).containsEntry("first_name", "N").containsEntry("import_id", job.get("id"));
    }

    @ParameterizedTest(name = "batch size {0}")
    @ValueSource(ints = {1000, 2})
    void update_overwrites_with_the_last_occurrence_and_counts_unchanged_rows_as_duplicates(int batchSize) throws IOException {
        Map<String, Object> job = importWith("update", batchSize);

        assertThat(job).containsEntry("status", "completed").containsEntry("rowsRead", 4)
                .containsEntry("rowsStored", 3).containsEntry("rowsDuplicate", 1);
        assertThat(contact("a@x.com")).containsEntry("first_name", "A2").containsEntry("last_name", null)
                .containsEntry("company", null).containsEntry("phone", null).containsEntry("import_id", job.get("id"));
        assertThat(contact("b@x.com")).containsEntry("import_id", EARLIER_IMPORT);
        assertThat(contact("new@x.com")).containsEntry("first_name", "N");
    }

    @ParameterizedTest(name = "batch size {0}")
    @ValueSource(ints = {1000, 2})
    void merge_fills_only_the_empty_columns(int batchSize) throws IOException {
        Map<String, Object> job = importWith("merge", batchSize);

        assertThat(job).containsEntry("status", "completed").containsEntry("rowsRead", 4)
                .containsEntry("rowsStored", 2).containsEntry("rowsDuplicate", 2);
        assertThat(contact("a@x.com")).containsEntry("first_name", "A0").containsEntry("last_name", "L1")
                .containsEntry("company", "C1").containsEntry("phone", "P0").containsEntry("import_id", job.get("id"));
        assertThat(contact("b@x.com")).containsEntry("first_name", "B").containsEntry("import_id", EARLIER_IMPORT);
    }

    @Test
    void the_first_occurrence_wins_across_many_parallel_batches() throws IOException {
        // given 3000 keys, each repeated with other values 1000 rows later, in batches of 100
        StringBuilder csv = new StringBuilder("email,first_name\n");
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 1000; i++) {
                csv.append("k").append(i + (round == 2 ? 1000 : 0)).append("@x.com,round").append(round).append('\n');
            }
        }
        Path file = Files.writeString(dir.resolve("repeats-" + UUID.randomUUID() + ".csv"), csv);

        // when it is imported with skip
        Map<String, Object> job = api.awaitFinished(api.uploadAccepted("contacts", file, "duplicates=skip&batchSize=100"), WAIT);

        // then each key holds the values of its first row, whatever order the batches were prepared in
        assertThat(job).containsEntry("rowsRead", 3000).containsEntry("rowsStored", 2000).containsEntry("rowsDuplicate", 1000)
                .containsEntry("batchesDone", 30);
        assertThat(db.count("select count(*) from contacts where email like 'k%' and first_name <> case "
                + "when substring(email from 2 for length(email) - 7)::int < 1000 then 'round0' else 'round2' end")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"skip", "update"})
    void neighbouring_batches_that_share_keys_keep_the_file_order(String strategy) throws IOException {
        // given 1500 keys, each on two rows 15 apart, in batches of 10: every batch shares keys with the batches
        // beside it, which are written at the same time
        StringBuilder csv = new StringBuilder("email,first_name\n");
        for (int block = 0; block < 100; block++) {
            for (int occurrence = 1; occurrence <= 2; occurrence++) {
                for (int i = 0; i < 15; i++) {
                    csv.append("n").append(block * 15 + i).append("@x.com,occurrence").append(occurrence).append('\n');
                }
            }
        }
        Path file = Files.writeString(dir.resolve("neighbours-" + strategy + ".csv"), csv);

        // when
        Map<String, Object> job = api.awaitFinished(api.uploadAccepted("contacts", file,
                "duplicates=" + strategy + "&batchSize=10"), WAIT);

        // then skip keeps each key's first row and update its last, and the counters say so exactly
        boolean skip = strategy.equals("skip");
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsRead", 3000)
                .containsEntry("rowsStored", skip ? 1500 : 3000).containsEntry("rowsDuplicate", skip ? 1500 : 0)
                .containsEntry("batchesDone", 300);
        assertThat(db.count("select count(*) from contacts where email like 'n%@x.com'")).isEqualTo(1500);
        assertThat(db.count("select count(*) from contacts where email like 'n%@x.com' and first_name = ?",
                skip ? "occurrence1" : "occurrence2")).isEqualTo(1500);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"update", "merge"})
    void a_column_the_file_does_not_bring_keeps_its_value(String strategy) throws IOException {
        // given a file with e-mail and first name only, the company given as a constant
        Path file = Files.writeString(dir.resolve("narrow-" + strategy + ".csv"), "email,first_name\nb@x.com,Bea\nnew@x.com,N\n");

        // when
        Map<String, Object> job = api.awaitFinished(api.uploadAccepted("contacts", file,
                "duplicates=" + strategy + "&set.company=Given&force=true"), WAIT);

        // then the columns the file lacks stay as they were, the ones it brings change as the strategy says
        // (merge finds nothing empty to fill in b@x.com: a duplicate)
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", "update".equals(strategy) ? 2 : 1);
        assertThat(contact("b@x.com")).containsEntry("first_name", "update".equals(strategy) ? "Bea" : "B")
                .containsEntry("last_name", "BL").containsEntry("phone", "BP")
                .containsEntry("company", "update".equals(strategy) ? "Given" : "BC");
        assertThat(contact("new@x.com")).containsEntry("first_name", "N").containsEntry("company", "Given")
                .containsEntry("last_name", null);
    }

    @Test
    void an_unknown_strategy_is_refused_with_400() {
        var response = api.upload("contacts", FILE.getBytes(java.nio.charset.StandardCharsets.UTF_8), "duplicates=replace");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("duplicates must be one of skip, update, merge");
    }

    private Map<String, Object> importWith(String strategy, int batchSize) throws IOException {
        Path file = Files.writeString(dir.resolve(strategy + ".csv"), FILE);
        return api.awaitFinished(api.uploadAccepted("contacts", file,
                "duplicates=" + strategy + "&batchSize=" + batchSize + "&force=true"), WAIT);
    }

    private Map<String, Object> contact(String email) {
        return db.rows("select first_name, last_name, company, phone, import_id::text as import_id from contacts where email = ?",
                email).get(0);
    }
}
