package io.bulkimport.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a file's bytes: how intake recognises a file it has seen before. */
public final class FileFingerprint {

    private FileFingerprint() {
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Remembers the hash of files by path, size and modification time, so an inbox file that another instance is
     * importing is not read whole again at every poll.
     */
    public static final class Cache {

        private static final int SIZE = 1000;

        private final java.util.Map<String, String> hashes = java.util.Collections.synchronizedMap(
                new java.util.LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(java.util.Map.Entry<String, String> eldest) {
                        return size() > SIZE;
                    }
                });

        public String sha256(Path file) throws IOException {
            String key = file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
            String known = hashes.get(key);
            if (known == null) {
                known = FileFingerprint.sha256(file);
                hashes.put(key, known);
            }
            return known;
        }
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
