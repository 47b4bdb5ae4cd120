package io.bulkimport.intake;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The CSV and XLSX files of a zip archive, taken out to disk one entry at a time (issue #14, part 3). */
public final class ZipArchive {

    private ZipArchive() {
    }

    /**
     * Takes the importable entries of {@code zip} out into {@code intoDir}.
     *
     * @return one staged file per importable entry, in the archive's order; an entry that cannot be taken out is a
     *         refused {@link StagedFile} with the reason
     * @throws io.bulkimport.parse.UnreadableFileException when the file is not a zip archive at all
     */
    public static List<StagedFile> extract(Path zip, String zipName, Path intoDir) throws IOException {
        throw new UnsupportedOperationException("zip archives are being built (issue #14)");
    }
}
