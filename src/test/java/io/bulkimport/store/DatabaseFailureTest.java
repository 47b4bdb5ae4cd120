package io.bulkimport.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.CommitSequencer;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseFailureTest {

    @Test
    void a_transient_failure_raised_through_jdbc_is_a_database_failure() {
        assertThat(DatabaseFailure.is(new SQLTransientConnectionException("pool timed out"))).isTrue();
        assertThat(DatabaseFailure.is(new SQLException("connection refused", "08001", new ConnectException()))).isTrue();
        assertThat(DatabaseFailure.is(new RuntimeException(new SQLException("deadlock", "40P01")))).isTrue();
    }

    @Test
    void a_service_a_step_cannot_reach_a_refusal_and_a_stopped_import_are_not() {
        assertThat(DatabaseFailure.is(new ConnectException("Connection refused"))).isFalse();
        assertThat(DatabaseFailure.is(new SQLException("check constraint", "23514"))).isFalse();
        assertThat(DatabaseFailure.is(new CommitSequencer.ImportStoppedException("an earlier batch failed",
                new SQLTransientConnectionException("pool timed out")))).isFalse();
        assertThat(DatabaseFailure.is(null)).isFalse();
    }
}
