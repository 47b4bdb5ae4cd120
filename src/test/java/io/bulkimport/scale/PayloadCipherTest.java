package io.bulkimport.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PayloadCipherTest {

    private final PayloadCipher cipher = new PayloadCipher(key(1));

    @Test
    void a_sealed_message_opens_to_what_was_sealed_and_shows_none_of_it() {
        byte[] plain = "{\"cost\":12,\"passwords\":[\"correct horse battery staple\"]}".getBytes(StandardCharsets.UTF_8);

        byte[] sealed = cipher.seal("hash", plain);

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("correct horse", "passwords");
        assertThat(sealed).hasSize(12 + plain.length + 16);
        assertThat(cipher.open("hash", sealed)).isEqualTo(plain);
        // a fresh nonce each time: the same plaintext never seals the same way twice
        assertThat(cipher.seal("hash", plain)).isNotEqualTo(sealed);
    }

    @Test
    void another_stage_another_key_or_a_changed_byte_cannot_open_it() {
        byte[] sealed = cipher.seal("hash", "secret".getBytes(StandardCharsets.UTF_8));
        byte[] changed = Arrays.copyOf(sealed, sealed.length);
        changed[14] ^= 1;

        assertThatThrownBy(() -> cipher.open("enrich", sealed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another key, or changed");
        assertThatThrownBy(() -> new PayloadCipher(key(2)).open("hash", sealed)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cipher.open("hash", changed)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cipher.open("hash", new byte[5])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a sealed hash message");
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        return key;
    }
}
