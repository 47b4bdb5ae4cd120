package io.bulkimport.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.parse.Row;
import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.PreparedRow;
import io.bulkimport.pipeline.RowError;
import io.bulkimport.pipeline.TestImports;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowValidatorTest {

    private final RowValidator validator = new RowValidator();

    @Test
    void reports_a_row_the_reader_could_not_split_with_its_reason_and_no_cells() {
        // given a contacts-like batch and a records batch, each with a good row 2 and an unreadable row 3
        for (PipelineDefinition pipeline : List.of(TestImports.pipeline("people", "email: { key: true }"),
                TestImports.pipeline("records", ""))) {
            Batch good = TestImports.batch(pipeline, TestImports.options(), List.of(List.of("email"), List.of("a@example.com")));
            Batch batch = new Batch(good.context(), 0, List.of(good.rows().get(0), Row.unreadable(3, "a quoted cell is never closed")));

            // when
            validator.validate(batch);

            // then the good row goes on, and the bad one is an error of stage parse that retry cannot send again
            assertThat(batch.valid()).extracting(PreparedRow::rowNumber).containsExactly(2L);
            assertThat(batch.errors()).containsExactly(new RowError(3, "parse", null, null, "a quoted cell is never closed", null));
            assertThat(batch.failedRowCount()).isEqualTo(1);
        }
    }

    @Test
    void validates_a_batch_once_when_its_block_is_redelivered() {
        // given a batch validated once, as validate-stage does before its existingKeysOnly fails and is redelivered
        Batch batch = TestImports.batch(TestImports.pipeline("people", "email: { key: true, format: email }"),
                TestImports.options(), List.of(List.of("email"), List.of("a@example.com"), List.of("not-an-email")));
        validator.validate(batch);

        // when the block runs again
        validator.validate(batch);

        // then each row is there once
        assertThat(batch.valid()).extracting(PreparedRow::rowNumber).containsExactly(2L);
        assertThat(batch.errors()).extracting(RowError::rowNumber).containsExactly(3L);
    }

    @Test
    void masks_a_secret_value_and_its_raw_cell_in_the_error_of_a_bad_row() {
        // given a users row whose email is bad and whose password is given
        Batch batch = TestImports.batch(TestImports.users(), TestImports.options(), List.of(
                List.of("Password", "E-mail", "Name"),
                List.of("hunter2-secret", "not-an-email", "Eve")));

        // when
        validator.validate(batch);

        // then the error names the bad email, and the row's password cell is masked
        assertThat(batch.valid()).isEmpty();
        RowError error = batch.errors().get(0);
        assertThat(error.column()).isEqualTo("email");
        assertThat(error.value()).isEqualTo("not-an-email");
        assertThat(error.rawRow()).containsExactly("***", "not-an-email", "Eve");
    }

    @Test
    void masks_the_value_of_an_error_in_a_secret_column() {
        // given a secret column that only admits short values
        Batch batch = TestImports.batch(TestImports.pipeline("keys", """
                id:    { key: true }
                token: { secret: true, maxLength: 4 }
                """), TestImports.options(), List.of(List.of("id", "token"), List.of("k1", "much-too-long-secret")));

        // when
        validator.validate(batch);

        // then
        RowError error = batch.errors().get(0);
        assertThat(error.reason()).isEqualTo("longer than 4 characters");
        assertThat(error.value()).isEqualTo("***");
        assertThat(error.rawRow()).containsExactly("k1", "***");
    }

    @Test
    void keeps_the_value_for_the_stages_but_masks_the_raw_row_a_later_stage_would_report() {
        // given
        Batch batch = TestImports.batch(TestImports.users(), TestImports.options(), List.of(
                List.of("email", "password"),
                List.of("ada@example.com", "correct horse battery")));

        // when
        validator.validate(batch);

        // then the hash stage still gets the plaintext, but a dead letter made from the row would not
        assertThat(batch.valid()).singleElement().satisfies(row -> {
            assertThat(row.values()).containsExactly("ada@example.com", null, "member", "correct horse battery");
            assertThat(row.rawRow()).containsExactly("ada@example.com", "***");
        });
    }

    @Test
    void masks_the_raw_row_of_a_row_with_too_many_cells() {
        // given
        Batch batch = TestImports.batch(TestImports.users(), TestImports.options(), List.of(
                List.of("email", "password"),
                List.of("ada@example.com", "correct horse battery", "extra")));

        // when
        validator.validate(batch);

        // then
        assertThat(batch.errors()).singleElement().satisfies(error ->
                assertThat(error.rawRow()).containsExactly("ada@example.com", "***", "extra"));
    }

    @Test
    void leaves_an_empty_secret_cell_empty_so_the_report_shows_it_was_missing() {
        // given
        Batch batch = TestImports.batch(TestImports.users(), TestImports.options(), List.of(
                List.of("email", "password"),
                List.of("bad", "")));

        // when
        validator.validate(batch);

        // then
        assertThat(batch.errors()).singleElement().satisfies(error ->
                assertThat(error.rawRow()).containsExactly("bad", ""));
    }

    @Test
    void reports_rows_of_a_pipeline_without_secrets_as_written() {
        // given
        Batch batch = TestImports.batch(TestImports.pipeline("contacts", "email: { key: true, format: email }\nphone: {}"),
                TestImports.options(), List.of(List.of("email", "phone"), List.of("bad", "555")));

        // when
        validator.validate(batch);

        // then
        assertThat(batch.errors()).singleElement().satisfies(error -> {
            assertThat(error.value()).isEqualTo("bad");
            assertThat(error.rawRow()).containsExactly("bad", "555");
        });
    }
}
