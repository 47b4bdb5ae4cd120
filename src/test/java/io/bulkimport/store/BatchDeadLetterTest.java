package io.bulkimport.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.parse.Row;
import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.CommitSequencer;
import io.bulkimport.pipeline.PreparedRow;
import io.bulkimport.pipeline.RowError;
import io.bulkimport.pipeline.TestImports;
import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class BatchDeadLetterTest {

    private final BatchDeadLetter deadLetter = new BatchDeadLetter(null, null, null, null, null, new DeadLetterCause(List.of()));

    @Test
    void every_row_of_the_batch_gets_one_error_and_rows_that_failed_before_keep_theirs() {
        // given a users batch: row 2 valid, row 3 invalid, row 4 not reached by validation, row 5 unreadable
        Batch users = TestImports.batch(TestImports.users(), TestImports.options(), List.of(
                List.of("E-mail", "password"), List.of("ada@example.com", "pw-of-ada-1"), List.of("bad", "pw-of-bad-1"),
                List.of("cy@example.com", "pw-of-cy-1")));
        Batch batch = new Batch(users.context(), 0, List.of(users.rows().get(0), users.rows().get(1), users.rows().get(2),
                Row.unreadable(5, "a quoted cell is never closed")));
        batch.valid().add(new PreparedRow(2, new String[] {"ada@example.com"}, List.of("ada@example.com", "***")));
        RowError invalid = new RowError(3, "validate", "email", "bad", "not a valid email address", List.of("bad", "***"));
        batch.reject(invalid);

        // when
        List<RowError> errors = BatchDeadLetter.rowErrors(batch, "verify", "batch failed: boom");

        // then each row is reported once: the invalid one as before, the others with the stage and cause, secrets masked
        assertThat(errors).containsExactly(invalid,
                new RowError(2, "verify", null, null, "batch failed: boom", List.of("ada@example.com", "***")),
                new RowError(4, "verify", null, null, "batch failed: boom", List.of("cy@example.com", "***")),
                new RowError(5, "verify", null, null, "batch failed: boom", null));
    }

    @Test
    void a_failure_outside_a_step_names_the_shipped_stage_that_failed_or_step() {
        assertThat(BatchDeadLetter.stageOf("bean://batchStore")).isEqualTo("store");
        assertThat(BatchDeadLetter.stageOf("bean:passwordHasher?method=process")).isEqualTo("hash");
        assertThat(BatchDeadLetter.stageOf("bean://rowValidator")).isEqualTo("validate");
        assertThat(BatchDeadLetter.stageOf("bean://referenceLookup")).isEqualTo("lookup");
        assertThat(BatchDeadLetter.stageOf("bean://aiEnricher")).isEqualTo("enrich");
        assertThat(BatchDeadLetter.stageOf("kamelet://hash-stage?column=password_hash")).isEqualTo("hash");
        assertThat(BatchDeadLetter.stageOf("kamelet://lookup-stage")).isEqualTo("lookup");
        assertThat(BatchDeadLetter.stageOf("http://verify.example.com/check")).isEqualTo("step");
        assertThat(BatchDeadLetter.stageOf(null)).isEqualTo("step");
    }

    @Test
    void accepts_a_steps_failure_but_not_a_database_that_is_away_nor_an_import_already_stopped() {
        assertThat(deadLetter.accepts(failed(new IllegalStateException("HTTP operation failed with statusCode: 500")))).isTrue();
        assertThat(deadLetter.accepts(failed(new ConnectException("Connection refused")))).isTrue();
        assertThat(deadLetter.accepts(failed(new SQLTransientConnectionException("pool timed out")))).isFalse();
        assertThat(deadLetter.accepts(failed(new CommitSequencer.ImportStoppedException("an earlier batch failed",
                new IllegalStateException("boom"))))).isFalse();
    }

    private static Exchange failed(Exception failure) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        return exchange;
    }
}
