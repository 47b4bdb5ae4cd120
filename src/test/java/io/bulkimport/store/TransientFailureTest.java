package io.bulkimport.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class TransientFailureTest {

    @Test
    void a_lost_connection_is_worth_redelivering() {
        assertThat(TransientFailure.isTransient(new SQLException("An I/O error occurred", "08006"))).isTrue();
        assertThat(TransientFailure.isTransient(new SQLException("Connection is closed"))).isTrue();
        assertThat(TransientFailure.isTransient(new SQLTransientConnectionException("pool timeout"))).isTrue();
        assertThat(TransientFailure.isTransient(new IllegalStateException("wrapped", new SQLException("x", "40P01")))).isTrue();
    }

    @Test
    void a_bad_value_or_constraint_is_not() {
        assertThat(TransientFailure.isTransient(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(TransientFailure.isTransient(new SQLException("invalid input syntax", "22P02"))).isFalse();
        assertThat(TransientFailure.isTransient(new IllegalArgumentException("bug"))).isFalse();
        assertThat(TransientFailure.isTransient(null)).isFalse();
    }
}
