package io.bulkimport.intake;

import io.bulkimport.parse.CsvRowReader;
import io.bulkimport.parse.RowReader;
import io.bulkimport.parse.UnreadableFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Chooses the reader for a file by its name. */
final class RowReaders {

    private RowReaders() {
    }

    static RowReader open(Path file, String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".xlsx") || name.endsWith(".xls")) {
            throw new UnreadableFileException("Excel files are not supported yet: save the sheet as CSV");
        }
        return CsvRowReader.open(file, fileName);
    }
}
