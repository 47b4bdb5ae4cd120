package io.bulkimport.intake;

import io.bulkimport.parse.CsvDialect;
import io.bulkimport.parse.UnreadableFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * The CSV and XLSX files of a zip archive, taken out to disk one entry at a time (issue #14, part 3), with
 * commons-compress (already on the classpath for the xlsx reader's POI). What is taken and what is not:
 * <ul>
 *   <li>files below folders are taken (a person zips a folder); folder entries themselves, {@code __MACOSX/}, dot
 *       files and hidden folders, {@code Thumbs.db} and {@code desktop.ini} are skipped without a word
 *       ({@link ZipEntryNames#skipped});</li>
 *   <li>every other entry is one file of the result, in the archive's order, under its base name made distinct
 *       ({@link ZipEntryNames#personName}); one that is not a {@code .csv/.tsv/.txt/.xlsx/.xlsm} file, a link, encrypted,
 *       damaged (its CRC-32 does not match) or over a {@link ZipLimits} limit is refused alone, with the reason, so a
 *       person sees it among the group's files, and the others go on;</li>
 *   <li>an archive whose end is cut off (no central directory) gives the entries before the cut, the cut one
 *       refused, and one refused item named after the archive saying that files after the cut may be lost.</li>
 * </ul>
 */
public final class ZipArchive {

    private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};

    private ZipArchive() {
    }

    /** As {@link #extract(Path, String, Path, CsvDialect, ZipLimits)} with no known dialect and the default limits. */
    public static List<StagedFile> extract(Path zip, String zipName, Path intoDir) throws IOException {
        return extract(zip, zipName, intoDir, CsvDialect.DEFAULT, ZipLimits.DEFAULT);
    }

    /**
     * Takes the importable entries of {@code zip} out into {@code intoDir} (created if missing), each fingerprinted
     * on the way.
     *
     * @param zipName the archive's name as the person gave it, for messages
     * @param dialect what the upload says of the files' text (a forced charset, an escape), for their fingerprints
     * @return one staged file per file of the archive, in the archive's order; an entry that cannot be taken out is a
     *         refused {@link StagedFile} with the reason
     * @throws UnreadableFileException when the file is not a zip archive at all, holds no files, or has more than
     *                                 {@link ZipLimits#maxFiles()} files or declares more than
     *                                 {@link ZipLimits#maxExpandedBytes()} bytes (nothing is taken out then)
     * @throws IOException             when {@code intoDir} cannot be written
     */
    public static List<StagedFile> extract(Path zip, String zipName, Path intoDir, CsvDialect dialect, ZipLimits limits)
            throws IOException {
        ZipFile archive = open(zip, zipName);
        Files.createDirectories(intoDir);
        ZipEntryWriter writer = new ZipEntryWriter(intoDir, dialect, limits);
        if (archive == null) {
            return TruncatedZip.salvage(zip, zipName, writer, limits);
        }
        try (archive) {
            List<String> names = new ArrayList<>();
            List<ZipArchiveEntry> entries = plan(archive, zipName, limits, names);
            List<StagedFile> files = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                ZipArchiveEntry entry = entries.get(i);
                files.add(writer.take(names.get(i), entry, archive.canReadEntryData(entry), () -> archive.getInputStream(entry)));
            }
            return files;
        }
    }

    /** The entry's path inside the archive, decoded as {@link ZipEntryNames#decode} says. */
    static String pathOf(ZipArchiveEntry entry) {
        if (entry.getNameSource() == ZipArchiveEntry.NameSource.UNICODE_EXTRA_FIELD) {
            return entry.getName();   // Info-ZIP's Unicode path field, written for exactly this case
        }
        return ZipEntryNames.decode(entry.getRawName(), entry.getGeneralPurposeBit().usesUTF8ForNames());
    }

    /** The entries to take, after the archive-wide limits; their person names in {@code names}. */
    private static List<ZipArchiveEntry> plan(ZipFile archive, String zipName, ZipLimits limits, List<String> names) {
        ZipEntryNames naming = new ZipEntryNames();
        List<ZipArchiveEntry> taken = new ArrayList<>();
        long declared = 0;
        for (ZipArchiveEntry entry : Collections.list(archive.getEntries())) {
            String path = pathOf(entry);
            if (ZipEntryNames.skipped(path, entry.isDirectory())) {
                continue;
            }
            if (taken.size() == limits.maxFiles()) {
                throw tooManyFiles(zipName, limits);
            }
            taken.add(entry);
            names.add(naming.personName(path));
            declared += ZipEntryNames.imported(names.get(names.size() - 1)) ? Math.max(0, entry.getSize()) : 0;
        }
        if (declared > limits.maxExpandedBytes()) {
            throw new UnreadableFileException(zipName + " looks like a zip bomb: its files would expand to " + declared
                    + " bytes, more than " + limits.maxExpandedBytes() + " (import.zip-max-expanded-bytes)");
        }
        if (taken.isEmpty()) {
            throw new UnreadableFileException(zipName + " holds no files (only folders or system files such as __MACOSX)");
        }
        return taken;
    }

    static UnreadableFileException tooManyFiles(String zipName, ZipLimits limits) {
        return new UnreadableFileException(zipName + " holds more than " + limits.maxFiles()
                + " files (import.zip-max-files): split it into smaller archives");
    }

    /** The archive, or null when it starts like a zip but its end is missing (truncated). */
    private static ZipFile open(Path zip, String zipName) throws IOException {
        try {
            return ZipFile.builder().setPath(zip).get();
        } catch (IOException | RuntimeException e) {
            byte[] start = new byte[LOCAL_HEADER.length];
            int n;
            try (InputStream in = Files.newInputStream(zip)) {
                n = in.readNBytes(start, 0, start.length);
            }
            if (n == 0) {
                throw new UnreadableFileException(zipName + " is empty, not a zip archive");
            }
            if (n == start.length && Arrays.equals(start, LOCAL_HEADER)) {
                return null;
            }
            throw new UnreadableFileException(zipName + " is not a zip archive (" + e.getMessage() + ")", e);
        }
    }
}
