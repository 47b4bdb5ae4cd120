package io.bulkimport.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EmailAddressTest {

    private static final String ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";

    /**
     * The rule as a regular expression (the one the scan replaced, with its local part made an RFC 5321 dot-string);
     * the scan must say exactly what it says.
     */
    private static final Pattern ORACLE = Pattern.compile(ATOM + "(?:\\." + ATOM + ")*"
            + "@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    @Test
    void refuses_a_local_part_that_starts_or_ends_with_a_dot_or_doubles_one() {
        assertThat(EmailAddress.isValid("grace.@example.com")).isFalse();
        assertThat(EmailAddress.isValid("alan..turing@example.com")).isFalse();
        assertThat(EmailAddress.isValid(".ada@example.com")).isFalse();
        assertThat(EmailAddress.isValid(".@example.com")).isFalse();
    }

    @Test
    void refuses_a_domain_with_a_trailing_dot_or_an_empty_label() {
        assertThat(EmailAddress.isValid("ada@example.com.")).isFalse();
        assertThat(EmailAddress.isValid("ada@example..com")).isFalse();
        assertThat(EmailAddress.isValid("ada@.example.com")).isFalse();
    }

    @Test
    void accepts_dots_between_atoms_and_the_usual_specials() {
        assertThat(EmailAddress.isValid("katherine.johnson+crm@example.com")).isTrue();
        assertThat(EmailAddress.isValid("Katherine.Johnson+crm@Example.COM")).isTrue();
        assertThat(EmailAddress.isValid("a.b.c@example.com")).isTrue();
        assertThat(EmailAddress.isValid("o'neil_{x}@example.co.uk")).isTrue();
    }

    @Test
    void does_not_support_quoted_local_parts() {
        assertThat(EmailAddress.isValid("\"john doe\"@example.com")).isFalse();
        assertThat(EmailAddress.isValid("\"alan..turing\"@example.com")).isFalse();
    }

    @Test
    void agrees_with_the_rule_as_a_regular_expression_on_random_near_misses() {
        // given strings built from the characters that matter, biased towards address-like shapes
        Random random = new Random(42);
        String alphabet = "ab9Z.-@_+ !é";
        for (int n = 0; n < 200_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = 1 + random.nextInt(14);
            for (int i = 0; i < length; i++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = s.toString();

            // then
            assertThat(EmailAddress.isValid(candidate)).as(candidate).isEqualTo(ORACLE.matcher(candidate).matches());
        }
    }

    @Test
    void limits_each_domain_label_to_63_characters() {
        String label63 = "a".repeat(63);

        assertThat(EmailAddress.isValid("x@" + label63 + ".com")).isTrue();
        assertThat(EmailAddress.isValid("x@" + label63 + "a.com")).isFalse();
    }
}
