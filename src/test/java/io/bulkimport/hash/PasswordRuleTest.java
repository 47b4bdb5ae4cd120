package io.bulkimport.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkimport.hash.PasswordRule.Verdict;
import io.bulkimport.pipeline.TestImports;
import org.junit.jupiter.api.Test;

class PasswordRuleTest {

    private final PasswordRule rule = PasswordRule.of(TestImports.users(), "password_hash", "user_type=operational");

    @Test
    void hashes_a_members_plaintext() {
        assertThat(rule.judge(row("member", "12345678"))).isEqualTo(Verdict.HASH);
        assertThat(rule.judge(row("admin", "correct horse battery staple"))).isEqualTo(Verdict.HASH);
    }

    @Test
    void keeps_a_value_that_already_is_a_bcrypt_hash() {
        assertThat(rule.judge(row("member", BcryptTest.HASH_2B))).isEqualTo(Verdict.KEEP);
    }

    @Test
    void gives_an_operational_user_no_password_even_when_one_is_given() {
        assertThat(rule.judge(row("operational", "a-perfectly-good-password"))).isEqualTo(Verdict.NONE);
        assertThat(rule.judge(row("Operational", null))).isEqualTo(Verdict.NONE);
    }

    @Test
    void refuses_a_missing_or_short_password_of_a_member_or_admin() {
        assertThat(rule.judge(row("member", null))).isEqualTo(Verdict.MISSING);
        assertThat(rule.judge(row("admin", ""))).isEqualTo(Verdict.MISSING);
        assertThat(rule.judge(row("member", "1234567"))).isEqualTo(Verdict.TOO_SHORT);
        assertThat(Verdict.TOO_SHORT.reason()).isEqualTo("password shorter than 8 characters");
    }

    @Test
    void counts_characters_not_bytes_for_the_minimum_and_bytes_for_the_maximum() {
        assertThat(rule.judge(row("member", "ääääääää"))).as("8 characters, 16 bytes").isEqualTo(Verdict.HASH);
        assertThat(rule.judge(row("member", "x".repeat(71)))).isEqualTo(Verdict.HASH);
        assertThat(rule.judge(row("member", "x".repeat(72)))).isEqualTo(Verdict.TOO_LONG);
        assertThat(rule.judge(row("member", "ä".repeat(36)))).as("72 bytes").isEqualTo(Verdict.TOO_LONG);
    }

    @Test
    void without_a_no_password_rule_every_row_needs_a_password() {
        // given
        PasswordRule everyone = PasswordRule.of(TestImports.users(), "password_hash", null);

        // when / then
        assertThat(everyone.judge(row("operational", null))).isEqualTo(Verdict.MISSING);
        assertThat(everyone.judge(row("operational", "12345678"))).isEqualTo(Verdict.HASH);
    }

    @Test
    void names_what_is_wrong_with_the_routes_settings() {
        assertThatThrownBy(() -> PasswordRule.of(TestImports.users(), null, null))
                .hasMessage("the hash stage of pipeline users needs the exchange property hashColumn (see routes/README.md)");
        assertThatThrownBy(() -> PasswordRule.of(TestImports.users(), "password", null))
                .hasMessage("hashColumn names 'password', which is not a column of pipeline users");
        assertThatThrownBy(() -> PasswordRule.of(TestImports.users(), "password_hash", "operational"))
                .hasMessage("hashNoPasswordWhen must look like column=value[,value], was 'operational'");
        assertThatThrownBy(() -> PasswordRule.of(TestImports.users(), "password_hash", "role=operational"))
                .hasMessage("hashNoPasswordWhen names 'role', which is not a column of pipeline users");
    }

    /** email, name, user_type, password_hash: the users pipeline's column order */
    private static String[] row(String userType, String password) {
        return new String[] {"u@example.com", "U", userType, password};
    }
}
