package io.bulkimport.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.RowError;
import io.bulkimport.pipeline.StageProgress;
import io.bulkimport.pipeline.TestImports;
import io.bulkimport.store.ImportJobRepository;
import io.bulkimport.validate.RowValidator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

class PasswordHasherTest {

    private static final List<String> HEADER = List.of("email", "type", "password");

    private final HashPool pool = new HashPool(2);
    private final Bcrypt bcrypt = new Bcrypt(4);
    private final PasswordHasher hasher = new PasswordHasher(pool, bcrypt,
            new DryRunEstimate(new HashRate(pool, bcrypt, Duration.ZERO), (ImportJobRepository) null));
    private final PasswordRule rule = PasswordRule.of(TestImports.users(), "password_hash", "user_type=operational");

    @AfterEach
    void stopPool() {
        pool.close();
    }

    @Test
    void replaces_each_plaintext_with_a_hash_that_another_bcrypt_verifies() throws Exception {
        // given
        Batch batch = validated(List.of(
                List.of("a@example.com", "admin", "correct horse battery"),
                List.of("b@example.com", "member", "another long password")));

        // when
        int hashed = hasher.hash(batch, rule);

        // then
        assertThat(hashed).isEqualTo(2);
        Map<String, String> stored = passwords(batch);
        assertThat(stored.get("a@example.com")).startsWith("$2a$04$");
        assertThat(BCrypt.checkpw("correct horse battery", stored.get("a@example.com"))).isTrue();
        assertThat(BCrypt.checkpw("another long password", stored.get("b@example.com"))).isTrue();
        assertThat(batch.errors()).isEmpty();
    }

    @Test
    void keeps_a_pre_hashed_value_byte_for_byte() throws Exception {
        // given hashes made by another implementation, of each version
        String h2a = BCrypt.hashpw("pre-hashed-a", BCrypt.gensalt("$2a", 4));
        String h2b = BCrypt.hashpw("pre-hashed-b", BCrypt.gensalt("$2b", 5));
        String h2y = BCrypt.hashpw("pre-hashed-y", BCrypt.gensalt("$2y", 6));
        Batch batch = validated(List.of(
                List.of("a@example.com", "member", h2a),
                List.of("b@example.com", "admin", h2b),
                List.of("y@example.com", "member", h2y)));

        // when
        int hashed = hasher.hash(batch, rule);

        // then
        assertThat(hashed).isZero();
        assertThat(passwords(batch)).containsEntry("a@example.com", h2a).containsEntry("b@example.com", h2b)
                .containsEntry("y@example.com", h2y);
    }

    @Test
    void gives_operational_users_no_hash_even_when_a_password_is_given() throws Exception {
        // given
        Batch batch = validated(List.of(
                List.of("ops@example.com", "operational", "a-perfectly-good-password"),
                List.of("bot@example.com", "operational", "")));

        // when
        hasher.hash(batch, rule);

        // then
        assertThat(batch.valid()).hasSize(2).allSatisfy(row -> assertThat(row.values()[3]).isNull());
        assertThat(batch.errors()).isEmpty();
    }

    @Test
    void reports_a_short_or_missing_password_with_its_value_masked_and_stores_the_rest() throws Exception {
        // given
        Batch batch = validated(List.of(
                List.of("short@example.com", "member", "1234567"),
                List.of("none@example.com", "admin", ""),
                List.of("ok@example.com", "member", "long enough password")));

        // when
        hasher.hash(batch, rule);

        // then
        assertThat(batch.valid()).extracting(row -> row.values()[0]).containsExactly("ok@example.com");
        assertThat(batch.failedRowCount()).isEqualTo(2);
        RowError shortOne = batch.errors().get(0);
        assertThat(shortOne.rowNumber()).isEqualTo(2);
        assertThat(shortOne.stage()).isEqualTo("hash");
        assertThat(shortOne.column()).isEqualTo("password_hash");
        assertThat(shortOne.reason()).isEqualTo("password shorter than 8 characters");
        assertThat(shortOne.value()).isEqualTo("***");
        assertThat(shortOne.rawRow()).containsExactly("short@example.com", "member", "***");
        RowError missing = batch.errors().get(1);
        assertThat(missing.reason()).isEqualTo("password is missing");
        assertThat(missing.value()).as("nothing to hide").isNull();
    }

    @Test
    void a_dry_run_checks_and_counts_the_passwords_but_drops_them_without_hashing_leaving_a_placeholder() throws Exception {
        // given
        Batch batch = validated(TestImports.dryRun(), List.of(
                List.of("a@example.com", "member", "long enough password"),
                List.of("b@example.com", "member", "short"),
                List.of("c@example.com", "operational", "")));

        // when
        int toHash = hasher.hash(batch, rule);

        // then
        assertThat(toHash).isEqualTo(1);
        assertThat(batch.valid()).hasSize(2).extracting(row -> row.values()[3])
                .containsExactly(PasswordHasher.DRY_RUN_PLACEHOLDER, null);
        assertThat(batch.errors()).extracting(RowError::reason).containsExactly("password shorter than 8 characters");
    }

    @Test
    void hashing_a_batch_twice_leaves_the_first_hashes_alone() throws Exception {
        // given a batch that was hashed, as when a later stage's failure sends it through again
        Batch batch = validated(List.of(List.of("a@example.com", "member", "correct horse battery")));
        hasher.hash(batch, rule);
        String first = passwords(batch).get("a@example.com");

        // when
        int hashed = hasher.hash(batch, rule);

        // then
        assertThat(hashed).isZero();
        assertThat(passwords(batch).get("a@example.com")).isEqualTo(first);
    }

    @Test
    void reports_each_hash_to_the_import_progress_as_it_finishes() throws Exception {
        // given a batch of four rows, two of which need a hash, and a progress sink that records what it is told
        Batch batch = validated(List.of(
                List.of("a@example.com", "admin", "correct horse battery"),
                List.of("ops@example.com", "operational", ""),
                List.of("short@example.com", "member", "short"),
                List.of("b@example.com", "member", "another long password")));
        List<String> told = new CopyOnWriteArrayList<>();
        batch.context().reportStageProgressTo(new StageProgress() {
            @Override
            public void planned(int batchNo, int rows, int units) {
                told.add("planned " + batchNo + " " + rows + " " + units);
            }

            @Override
            public void finished(int batchNo, int units) {
                told.add("finished " + batchNo + " " + units);
            }
        });

        // when
        hasher.hash(batch, rule);

        // then the batch's four rows are planned as two hashes, and each hash is reported on its own
        assertThat(told).containsExactly("planned 0 4 2", "finished 0 1", "finished 0 1");
    }

    @Test
    void a_dry_run_reports_no_work_of_its_own() throws Exception {
        // given
        Batch batch = validated(TestImports.dryRun(), List.of(List.of("a@example.com", "admin", "correct horse battery")));
        List<Integer> told = new CopyOnWriteArrayList<>();
        batch.context().reportStageProgressTo(new StageProgress() {
            @Override
            public void planned(int batchNo, int rows, int units) {
                told.add(units);
            }

            @Override
            public void finished(int batchNo, int units) {
                told.add(units);
            }
        });

        // when
        hasher.hash(batch, rule);

        // then
        assertThat(told).isEmpty();
    }

    private static Batch validated(List<List<String>> rows) {
        return validated(TestImports.options(), rows);
    }

    private static Batch validated(io.bulkimport.pipeline.ImportOptions options, List<List<String>> rows) {
        List<List<String>> file = new java.util.ArrayList<>();
        file.add(HEADER);
        file.addAll(rows);
        Batch batch = TestImports.batch(TestImports.users(), options, file);
        new RowValidator().validate(batch);
        assertThat(batch.errors()).as("the rows are valid for the validator").isEmpty();
        return batch;
    }

    private static Map<String, String> passwords(Batch batch) {
        return batch.valid().stream().collect(Collectors.toMap(row -> row.values()[0], row -> row.values()[3]));
    }
}
