package io.bulkimport.intake;

import io.bulkimport.parse.EncodingDetector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What intake learns from one pass over a file's bytes: its SHA-256, how intake recognises a file it has seen before,
 * and the charset of its text, decided over the whole file ({@link EncodingDetector}) and kept with the job so the
 * reader does not read the file again to decide it.
 *
 * @param sha256  hex SHA-256 of the bytes
 * @param charset the charset the bytes are text in, if the file is text (ignored for workbooks)
 */
public record FileFingerprint(String sha256, Charset charset) {

    private static final int READ_CHUNK = 1 << 16;

    public static FileFingerprint of(Path file) throws IOException {
        Scan scan = new Scan();
        byte[] buffer = new byte[READ_CHUNK];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                scan.update(buffer, 0, n);
            }
        }
        return scan.finish();
    }

    /** The pass itself, fed chunk by chunk as the bytes go by (an upload as it streams to disk). */
    public static final class Scan {

        private final MessageDigest digest = newDigest();
        private final EncodingDetector encoding = new EncodingDetector();

        public void update(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
            encoding.update(bytes, offset, length);
        }

        public FileFingerprint finish() {
            return new FileFingerprint(HexFormat.of().formatHex(digest.digest()), encoding.charset());
        }
    }

    /**
     * Remembers fingerprints by path, size and modification time, so an inbox file that another instance is
     * importing is not read whole again at every poll.
     */
    public static final class Cache {

        private static final int SIZE = 1000;

        private final java.util.Map<String, FileFingerprint> known = java.util.Collections.synchronizedMap(
                new java.util.LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(java.util.Map.Entry<String, FileFingerprint> eldest) {
                        return size() > SIZE;
                    }
                });

        public FileFingerprint of(Path file) throws IOException {
            String key = file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
            FileFingerprint fingerprint = known.get(key);
            if (fingerprint == null) {
                fingerprint = FileFingerprint.of(file);
                known.put(key, fingerprint);
            }
            return fingerprint;
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
