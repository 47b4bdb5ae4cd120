package io.bulkimport.hash;

import java.util.List;

/**
 * Where a batch's passwords are hashed: on this instance's hash pool ({@link #local}), or by every instance through
 * the broker ({@code io.bulkimport.scale.BrokerHashing}, when {@code broker.url} is set).
 */
public interface PasswordHashing {

    /** Told each hash as it is made, from whichever thread made or received it. */
    @FunctionalInterface
    interface Hashed {
        void hashed(int index, String hash);
    }

    /**
     * Hashes every one of {@code passwords} (plaintexts, each at most {@link Bcrypt#MAX_PASSWORD_BYTES} bytes) at
     * {@code bcrypt}'s cost and returns when all are done, having told {@code hashed} each one's bcrypt hash with its
     * index in {@code passwords}.
     *
     * @throws InterruptedException when the waiting thread is interrupted; some hashes may have been told then
     * @throws RuntimeException     when the hashes could not be made (a broker that never answered)
     */
    void hashAll(List<String> passwords, Bcrypt bcrypt, Hashed hashed) throws InterruptedException;

    /** Hashing on this instance's pool, spread over its threads. */
    static PasswordHashing local(HashPool pool) {
        return (passwords, bcrypt, hashed) -> pool.spread(passwords.size(), i -> hashed.hashed(i, bcrypt.hash(passwords.get(i))));
    }
}
