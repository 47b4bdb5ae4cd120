package io.bulkimport.scale;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * Seals what a stage message carries that must never rest readable in the broker (plaintext passwords): AES-256-GCM
 * (NIST SP 800-38D) with a 96-bit random nonce per message and the stage's name as associated data, so a sealed
 * message cannot be replayed to another stage. Sealed: {@code nonce (12 bytes) || ciphertext || tag (16 bytes)}.
 *
 * <p>The key is shared by every instance through the database (table {@code broker_payload_key}, made by the first
 * instance that needs it): a broker's dead-letter queue, its journal or its console show only sealed bytes.
 */
public final class PayloadCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    PayloadCipher(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the payload key must be 32 bytes");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * The key of every instance on this database, made (32 random bytes) and stored if none is there yet.
     *
     * @throws SQLException when the database cannot be read or written
     */
    public static PayloadCipher shared(DataSource dataSource) throws SQLException {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement(
                    "insert into broker_payload_key (id, key_bytes) values (1, ?) on conflict (id) do nothing")) {
                insert.setBytes(1, fresh);
                insert.executeUpdate();
            }
            try (PreparedStatement select = c.prepareStatement("select key_bytes from broker_payload_key where id = 1");
                 ResultSet rs = select.executeQuery()) {
                rs.next();
                return new PayloadCipher(rs.getBytes(1));
            }
        }
    }

    /** {@code plain} sealed for {@code stage}. */
    public byte[] seal(String stage, byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(stage.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /**
     * What {@link #seal} sealed for {@code stage}.
     *
     * @throws IllegalArgumentException when {@code sealed} was not sealed with this key for this stage, or was changed
     */
    public byte[] open(String stage, byte[] sealed) {
        if (sealed == null || sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("not a sealed " + stage + " message");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(stage.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("a " + stage + " message sealed with another key, or changed on the way", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }
}
