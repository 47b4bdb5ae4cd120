package io.bulkimport.intake;

import io.bulkimport.parse.UnreadableFileException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;

/**
 * What can be saved of a zip archive whose end was cut off (an interrupted download or copy): without the central
 * directory the entries are read in the order their local headers come (PKWARE APPNOTE 4.3.6), so every complete one
 * before the cut is taken; the one the cut goes through is refused as damaged, and one refused item named after the
 * archive tells that files after the cut, if any, are lost.
 */
final class TruncatedZip {

    private TruncatedZip() {
    }

    static List<StagedFile> salvage(Path zip, String zipName, ZipEntryWriter writer, ZipLimits limits) throws IOException {
        List<StagedFile> files = new ArrayList<>();
        ZipEntryNames naming = new ZipEntryNames();
        try (ZipArchiveInputStream in = new ZipArchiveInputStream(new BufferedInputStream(Files.newInputStream(zip)),
                StandardCharsets.UTF_8.name(), true, true)) {
            for (ZipArchiveEntry entry = next(in); entry != null; entry = next(in)) {
                String path = ZipArchive.pathOf(entry);
                if (ZipEntryNames.skipped(path, entry.isDirectory())) {
                    continue;
                }
                if (files.size() == limits.maxFiles()) {
                    throw ZipArchive.tooManyFiles(zipName, limits);
                }
                // the entry the cut goes through fails to read: refused as damaged, and the next header is not found
                files.add(writer.take(naming.personName(path), entry, in.canReadEntryData(entry), () -> shielded(in)));
            }
        }
        if (files.isEmpty()) {
            throw new UnreadableFileException(zipName + " is a truncated zip archive with no complete file in it");
        }
        files.add(StagedFile.refused(ZipEntryNames.baseName(zipName), "the zip archive is truncated (its end, with the list"
                + " of its files, is missing): the " + files.stream().filter(f -> f.refusal() == null).count()
                + " complete files before the cut were taken, any after it are lost; send the whole archive again"));
        return files;
    }

    /** The next entry, or null at the end or at the cut. */
    private static ZipArchiveEntry next(ZipArchiveInputStream in) {
        try {
            return in.getNextEntry();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The current entry's bytes, without closing the archive stream when the writer closes them. */
    private static InputStream shielded(ZipArchiveInputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
                // the archive stream goes on to the next entry
            }
        };
    }
}
