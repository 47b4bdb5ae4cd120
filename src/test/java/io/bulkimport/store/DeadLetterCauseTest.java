package io.bulkimport.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.TestImports;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

class DeadLetterCauseTest {

    private final DeadLetterCause causes = new DeadLetterCause(List.of("sk-live-0123456789", "", "ab"));

    @Test
    void a_stop_reason_is_masked_the_same_way_and_nothing_else_changes() {
        // a job's stop reason as the runner records it (import-stop-on-failure), and a reason with no secret
        assertThat(causes.mask("https://bob:hunter22@verify.example.com/v1?apiKey=abc123 answered 503 for sk-live-0123456789"))
                .isEqualTo("https://***@verify.example.com/v1?*** answered 503 for ***");
        assertThat(causes.mask("row 12: not a valid email address")).isEqualTo("row 12: not a valid email address");
        assertThat(causes.mask(null)).isNull();
    }

    @Test
    void a_urls_user_info_and_query_are_masked_and_its_host_and_path_kept() {
        // given a step's failure naming the URL it called with a password and a key
        Exception failure = new IllegalStateException(
                "HTTP operation failed invoking https://bob:hunter22@verify.example.com:8443/v1/check?apiKey=abc123&x=1 with statusCode: 503");

        // when
        String reason = causes.reason(failure, null);

        // then
        assertThat(reason).isEqualTo("batch failed: HTTP operation failed invoking "
                + "https://***@verify.example.com:8443/v1/check?*** with statusCode: 503");
    }

    @Test
    void the_services_secret_settings_are_masked_wherever_a_message_repeats_them_and_short_values_are_not() {
        // given a failure that repeats the provider's key, and a configured value too short to be a secret
        Exception failure = new RuntimeException("outer", new IllegalArgumentException("bad key sk-live-0123456789 for ab"));

        // when / then the innermost message is the reason, the key masked, the short value left alone
        assertThat(causes.reason(failure, null)).isEqualTo("batch failed: bad key *** for ab");
    }

    @Test
    void a_secret_cell_of_the_batch_is_masked_in_the_cause() {
        // given a users batch whose password a failure repeats
        Batch batch = TestImports.batch(TestImports.users(), TestImports.options(), List.of(
                List.of("E-mail", "password"), List.of("ada@example.com", "correct horse battery")));
        Exception failure = new IllegalStateException("cannot hash 'correct horse battery' for ada@example.com");

        // when / then
        assertThat(causes.reason(failure, batch)).isEqualTo("batch failed: cannot hash '***' for ada@example.com");
    }

    @Test
    void a_database_message_loses_its_detail_and_a_long_message_is_cut() {
        // given a refusal whose DETAIL repeats the row's values, and a message of many lines and characters
        PSQLException refused = new PSQLException(new ServerErrorMessage(
                "SERROR\u0000C23514\u0000Mnew row violates check constraint \"no_spam\"\u0000Dfailing row contains (secret-value)\u0000"));
        Exception long_ = new IllegalStateException("x".repeat(2000) + "\nsecond line");

        // when / then
        assertThat(causes.reason(new RuntimeException(refused), null))
                .isEqualTo("batch failed: database: new row violates check constraint \"no_spam\"");
        assertThat(causes.reason(long_, null)).hasSize(DeadLetterCause.MAX).endsWith("x…").doesNotContain("second");
    }

    @Test
    void a_failure_without_a_message_is_named_by_its_type_and_none_at_all_is_unknown() {
        assertThat(causes.reason(new ConnectException(), null)).isEqualTo("batch failed: ConnectException");
        assertThat(causes.reason(null, null)).isEqualTo("batch failed: unknown cause");
        assertThat(causes.reason(new SQLException("plain"), null)).isEqualTo("batch failed: plain");
    }

    @Test
    void settings_whose_last_part_names_a_password_secret_token_or_key_hold_secrets() {
        assertThat(List.of("db.password", "ai.api-key", "api.token", "notify.webhook-secret", "notify.smtp.password",
                "broker.password")).allMatch(DeadLetterCause::secretSetting);
        assertThat(List.of("db.user", "ai.base-url", "notify.smtp.username", "import.batch-size", "ai.model"))
                .noneMatch(DeadLetterCause::secretSetting);
    }
}
