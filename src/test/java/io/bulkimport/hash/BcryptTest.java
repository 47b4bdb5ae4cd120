package io.bulkimport.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BcryptTest {

    // well-formed hashes of each version (the shape is what counts here)
    static final String HASH_2A = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
    static final String HASH_2B = "$2b$12$GhvMmNVjRW29ulnudl.LbuAnUtN/LRfe1JsBm1Xu6LE3059z5Tr8m";
    static final String HASH_2Y = "$2y$04$abcdefghijklmnopqrstuu5Eyps5kVLZsCmtoHMPHCsYn7oIBrBN2";

    @Test
    void makes_a_2a_hash_at_its_cost_that_another_bcrypt_implementation_verifies() {
        // given
        Bcrypt bcrypt = new Bcrypt(5);

        // when
        String hash = bcrypt.hash("correct horse battery staple");

        // then
        assertThat(hash).startsWith("$2a$05$").hasSize(60);
        assertThat(Bcrypt.isHash(hash)).isTrue();
        assertThat(org.springframework.security.crypto.bcrypt.BCrypt.checkpw("correct horse battery staple", hash)).isTrue();
        assertThat(org.springframework.security.crypto.bcrypt.BCrypt.checkpw("correct horse battery stapl", hash)).isFalse();
    }

    @Test
    void salts_every_hash() {
        // given
        Bcrypt bcrypt = new Bcrypt(4);

        // when / then
        assertThat(bcrypt.hash("same password")).isNotEqualTo(bcrypt.hash("same password"));
    }

    @Test
    void hashes_non_ascii_passwords_as_utf8_like_other_implementations() {
        // given
        Bcrypt bcrypt = new Bcrypt(4);

        // when
        String hash = bcrypt.hash("pässwörd-ünïcödé-☕");

        // then
        assertThat(org.springframework.security.crypto.bcrypt.BCrypt.checkpw("pässwörd-ünïcödé-☕", hash)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {HASH_2A, HASH_2B, HASH_2Y})
    void recognises_a_bcrypt_hash_of_any_common_version(String hash) {
        assertThat(Bcrypt.isHash(hash)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "$2x$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",   // unknown version
        "$2a$1$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWyX",   // one-digit cost
        "$2a$03$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",   // cost below 4
        "$2a$32$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",   // cost above 31
        "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhW",    // 52 characters
        "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWyy",  // 54 characters
        "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lh+y",   // '+' is not in bcrypt's alphabet
        " $2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhW",   // leading space
        "correct horse battery staple",
        ""})
    void takes_anything_else_for_a_plaintext(String value) {
        assertThat(Bcrypt.isHash(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 32})
    void refuses_a_cost_bcrypt_does_not_have(int cost) {
        assertThatThrownBy(() -> new Bcrypt(cost)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hash.bcrypt-cost must be between 4 and 31, was " + cost);
    }
}
