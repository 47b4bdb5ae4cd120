package io.bulkimport.hash;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * bcrypt at one cost (at.favre.lib:bcrypt). Hashes are written as {@code $2a$}, the identifier every bcrypt
 * implementation reads; {@code $2b$} and {@code $2y$} hashes given in a file are recognised and kept.
 */
public final class Bcrypt {

    /**
     * bcrypt uses at most 72 bytes of key, the {@code $2a$} terminating NUL included; a longer password would be
     * silently cut, so it is refused instead.
     */
    public static final int MAX_PASSWORD_BYTES = 71;

    private static final Pattern HASH = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    private final int cost;
    private final BCrypt.Hasher hasher;

    public Bcrypt(int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("hash.bcrypt-cost must be between 4 and 31, was " + cost);
        }
        this.cost = cost;
        this.hasher = BCrypt.with(BCrypt.Version.VERSION_2A, new SecureRandom(),
                LongPasswordStrategies.strict(BCrypt.Version.VERSION_2A));
    }

    public int cost() {
        return cost;
    }

    /** A new salted hash of {@code password}, which must not be longer than {@link #MAX_PASSWORD_BYTES}. */
    public String hash(String password) {
        char[] chars = password.toCharArray();
        try {
            return hasher.hashToString(cost, chars);
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }

    /** Whether the value already is a bcrypt hash: {@code $2a$|$2b$|$2y$}, a cost 04-31, {@code $}, 53 characters. */
    public static boolean isHash(String value) {
        return value != null && value.length() == 60 && HASH.matcher(value).matches();
    }

    static int utf8Length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }
}
