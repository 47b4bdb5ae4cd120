package io.bulkimport.intake;

import io.bulkimport.parse.CsvDialect;
import io.bulkimport.parse.CsvRowCounter;
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
 * What intake learns from one pass over a file's bytes: its SHA-256, how intake recognises a file it has seen before;
 * the charset of its text, decided over the whole file ({@link EncodingDetector}) and kept with the job so the
 * reader does not read the file again to decide it; and, for a CSV file, how many data rows the reader will give
 * ({@link CsvRowCounter}), so the job's total is exact before its first batch (issue #11, "Honest progress").
 *
 * @param sha256   hex SHA-256 of the bytes
 * @param charset  the charset the bytes are text in, if the file is text (ignored for workbooks)
 * @param dataRows the rows after the header that the CSV reader will give; null for a workbook (its reader counts
 *                 them) and when the count cannot be trusted to be exact
 */
public record FileFingerprint(String sha256, Charset charset, Long dataRows) {

    private static final int READ_CHUNK = 1 << 16;

    /**
     * @param fileName the name the file came under: its extension tells a workbook from a CSV file, as for the reader
     * @param dialect  what the import knows of the file's text already (a forced charset, an escape character)
     */
    public static FileFingerprint of(Path file, String fileName, CsvDialect dialect) throws IOException {
        Scan scan = new Scan(fileName, dialect);
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
        private final CsvRowCounter rows;

        /** @see FileFingerprint#of(Path, String, CsvDialect) */
        public Scan(String fileName, CsvDialect dialect) {
            this.rows = RowReaders.isWorkbook(fileName) ? null : new CsvRowCounter(fileName, dialect);
        }

        public void update(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
            encoding.update(bytes, offset, length);
            if (rows != null) {
                rows.update(bytes, offset, length);
            }
        }

        public FileFingerprint finish() {
            Charset charset = encoding.charset();
            return new FileFingerprint(HexFormat.of().formatHex(digest.digest()), charset,
                    rows == null ? null : rows.dataRows(charset));
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

        /** @see FileFingerprint#of(Path, String, CsvDialect) */
        public FileFingerprint of(Path file, String fileName, CsvDialect dialect) throws IOException {
            String key = file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
            FileFingerprint fingerprint = known.get(key);
            if (fingerprint == null) {
                fingerprint = FileFingerprint.of(file, fileName, dialect);
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
