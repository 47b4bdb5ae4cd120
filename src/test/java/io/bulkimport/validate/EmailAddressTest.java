package io.bulkimport.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EmailAddressTest {

    /** The regular expression the scan replaced; the scan must say exactly what it said. */
    private static final Pattern ORACLE = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    @Test
    void agrees_with_the_regular_expression_on_random_near_misses() {
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
