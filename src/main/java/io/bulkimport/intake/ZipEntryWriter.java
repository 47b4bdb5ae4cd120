package io.bulkimport.intake;

import io.bulkimport.parse.CsvDialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

/**
 * Takes the entries of one archive out to disk, one at a time in 64 KiB chunks: never a whole entry in memory. The
 * bytes go by the entry's {@link FileFingerprint.Scan} (no second pass), a CRC-32 that must match the one the archive
 * recorded (PKWARE APPNOTE 4.4.7; neither zip reader checks it for a random-access entry), and the {@link ZipLimits}.
 * The file on disk is named by the entry's position ({@code 00001.entry}), never by the entry's name.
 */
final class ZipEntryWriter {

    private static final int CHUNK = 1 << 16;

    private final Path intoDir;
    private final CsvDialect dialect;
    private final ZipLimits limits;
    private long expanded;
    private int written;
    private String exhausted;

    ZipEntryWriter(Path intoDir, CsvDialect dialect, ZipLimits limits) {
        this.intoDir = intoDir;
        this.dialect = dialect;
        this.limits = limits;
    }

    /** Opens an entry's bytes; an IOException here is the entry's fault (damaged, cut off). */
    interface EntryData {
        InputStream open() throws IOException;
    }

    /**
     * The entry as a staged file, or refused with the reason: not a file type that is imported, a link, encrypted or
     * compressed by a method not read here ({@code readable} false), over a limit, damaged, or cut off.
     *
     * @throws IOException only when the work folder cannot be written
     */
    StagedFile take(String name, ZipArchiveEntry entry, boolean readable, EntryData data) throws IOException {
        String refusal = refusalBeforeReading(name, entry, readable);
        if (refusal != null) {
            return StagedFile.refused(name, refusal);
        }
        Path target = intoDir.resolve(String.format("%05d.entry", ++written));
        Outcome outcome;
        try (OutputStream out = Files.newOutputStream(target)) {
            outcome = copy(name, entry, data, out);
        }
        if (outcome.refusal != null) {
            Files.deleteIfExists(target);
            return StagedFile.refused(name, outcome.refusal);
        }
        expanded += outcome.size;
        return new StagedFile(name, target, outcome.size, outcome.fingerprint, null);
    }

    private String refusalBeforeReading(String name, ZipArchiveEntry entry, boolean readable) {
        if (!ZipEntryNames.imported(name)) {
            String ext = ZipEntryNames.extension(name);
            return "not imported: only ." + String.join(", .", ZipEntryNames.IMPORTED) + " files of a zip archive are"
                    + (ext.isEmpty() ? " (this one has no extension)" : " (this one is ." + ext + ")");
        }
        if (entry.isUnixSymlink()) {
            return "a symbolic link in the zip archive, not a file: not imported";
        }
        if (!readable) {
            return entry.getGeneralPurposeBit().usesEncryption()
                    ? "encrypted (a password-protected zip entry): zip it again without a password"
                    : "compressed with a method that is not read here (zip method " + entry.getMethod()
                            + "): zip it again with the usual method (deflate)";
        }
        if (exhausted != null) {
            return exhausted;
        }
        long size = entry.getSize();
        if (size > 0 && expanded + size > limits.maxExpandedBytes()) {
            return overTotal();
        }
        return bomb(size, entry.getCompressedSize());
    }

    private Outcome copy(String name, ZipArchiveEntry entry, EntryData data, OutputStream out) throws IOException {
        FileFingerprint.Scan scan = new FileFingerprint.Scan(name, dialect);
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[CHUNK];
        long size = 0;
        InputStream in = null;
        try {
            in = open(data);
            for (int n = read(in, buffer); n >= 0; n = read(in, buffer)) {
                size += n;
                String over = expanded + size > limits.maxExpandedBytes() ? overTotal() : bomb(size, entry.getCompressedSize());
                if (over != null) {
                    return new Outcome(size, null, over);
                }
                crc.update(buffer, 0, n);
                scan.update(buffer, 0, n);
                out.write(buffer, 0, n);   // a failure here is the disk's: thrown on
            }
        } catch (EntryDamaged e) {
            return new Outcome(size, null, "damaged in the zip archive and not imported (" + e.getMessage() + ")");
        } finally {
            closeQuietly(in);
        }
        if (entry.getCrc() >= 0 && entry.getCrc() != crc.getValue()) {
            return new Outcome(size, null, "damaged in the zip archive and not imported (its CRC-32 checksum does not match)");
        }
        return new Outcome(size, scan.finish(), null);
    }

    private static InputStream open(EntryData data) throws EntryDamaged {
        try {
            return data.open();
        } catch (IOException | RuntimeException e) {
            throw new EntryDamaged(e);
        }
    }

    /** Reads the next chunk; any failure to read is the entry's. */
    private static int read(InputStream in, byte[] buffer) throws EntryDamaged {
        try {
            return in.read(buffer);
        } catch (IOException | RuntimeException e) {
            throw new EntryDamaged(e);
        }
    }

    private String bomb(long size, long compressed) {
        if (size > limits.ratioFromBytes() && compressed > 0 && size / compressed > limits.maxRatio()) {
            return "looks like a zip bomb: it expands more than " + limits.maxRatio() + " times its compressed size"
                    + " (import.zip-max-ratio); not imported";
        }
        return null;
    }

    private String overTotal() {
        exhausted = "not imported: the zip archive's files expand to more than " + limits.maxExpandedBytes()
                + " bytes together (import.zip-max-expanded-bytes)";
        return exhausted;
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException | RuntimeException ignored) {
                // a damaged entry may fail to close as well; its refusal says so already
            }
        }
    }

    /** An entry's bytes could not be read: damaged, cut off, or not what its header says. */
    private static final class EntryDamaged extends Exception {
        EntryDamaged(Exception cause) {
            super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
        }
    }

    private record Outcome(long size, FileFingerprint fingerprint, String refusal) {
    }
}
