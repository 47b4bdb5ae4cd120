package io.bulkimport.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8ValidatorTest {

    @Test
    void counts_each_character_beyond_ascii_as_one_valid_sequence() {
        // given two, three and four byte characters among ASCII
        byte[] text = "Zoë – 😀 plain ascii that fills more than eight bytes".getBytes(UTF_8);

        // when
        Utf8Validator validator = validate(text);

        // then
        assertThat(validator.multiByteSequences()).isEqualTo(3);
        assertThat(validator.invalidSequences()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 8, 9, 64})
    void gives_the_same_counts_however_the_bytes_are_cut_into_chunks(int chunk) {
        // given text with characters of every length, a stray windows-1252 byte and a broken sequence
        byte[] text = concat("ab ü € 😀 ".getBytes(UTF_8), new byte[] {(byte) 0xFC, 'x', (byte) 0xE2, (byte) 0x82, 'y'},
                " more text, long enough for the eight-byte steps".getBytes(UTF_8));

        // when
        Utf8Validator validator = new Utf8Validator();
        for (int i = 0; i < text.length; i += chunk) {
            validator.update(text, i, Math.min(chunk, text.length - i));
        }

        // then
        assertThat(validator.multiByteSequences()).isEqualTo(3);
        assertThat(validator.invalidSequences()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"C0 AF", "C1 BF", "E0 80 AF", "ED A0 80", "F0 80 80 AF", "F4 90 80 80", "F5 80 80 80", "FF", "FE",
            "80", "BF", "C3", "E2 82"})
    void refuses_what_rfc_3629_forbids(String hex) {
        // given an overlong form, a surrogate, a code point above U+10FFFF, a byte that is never UTF-8, a lone
        // continuation byte or a sequence cut off by the end
        byte[] bytes = java.util.HexFormat.ofDelimiter(" ").parseHex(hex);

        // when
        Utf8Validator validator = validate(bytes);

        // then
        assertThat(validator.invalidSequences()).isPositive();
        assertThat(validator.multiByteSequences()).isZero();
    }

    @Test
    void agrees_with_the_jdk_decoder_on_random_bytes() {
        // given random byte strings, many of them partly valid
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);

            // when
            Utf8Validator validator = validate(bytes);

            // then it finds bad input exactly when the JDK's strict decoder does
            boolean valid;
            try {
                UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
                valid = true;
            } catch (java.nio.charset.CharacterCodingException e) {
                valid = false;
            }
            assertThat(validator.invalidSequences() == 0).as("bytes %s", java.util.HexFormat.of().formatHex(bytes)).isEqualTo(valid);
        }
    }

    private static Utf8Validator validate(byte[] bytes) {
        Utf8Validator validator = new Utf8Validator();
        validator.update(bytes, 0, bytes.length);
        return validator;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
