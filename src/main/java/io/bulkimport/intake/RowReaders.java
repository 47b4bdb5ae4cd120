package io.bulkimport.intake;

import io.bulkimport.parse.CsvDialect;
import io.bulkimport.parse.CsvRowReader;
import io.bulkimport.parse.RowReader;
import io.bulkimport.parse.UnreadableFileException;
import io.bulkimport.parse.XlsxRowReader;
import java.nio.file.Path;
import java.util.Locale;

/** Chooses the reader for a file by its name. */
final class RowReaders {

    private RowReaders() {
    }

    /** @param dialect how to read a CSV file's text; not used for a workbook */
    static RowReader open(Path file, String fileName, String sheet, CsvDialect dialect) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".xls")) {
            throw new UnreadableFileException("old Excel .xls workbooks are not read: save it as .xlsx or CSV");
        }
        if (name.endsWith(".xlsx") || name.endsWith(".xlsm")) {
            return XlsxRowReader.open(file, sheet);
        }
        return CsvRowReader.open(file, fileName, dialect);
    }

    /** Whether a file of this name is read as an Excel workbook (or refused as an old one), not as CSV text. */
    static boolean isWorkbook(String fileName) {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".xls") || name.endsWith(".xlsx") || name.endsWith(".xlsm");
    }
}
