package io.bulkimport.intake;

import io.bulkimport.parse.CsvDialect;
import io.bulkimport.parse.Row;
import io.bulkimport.parse.RowReader;
import io.bulkimport.parse.UnreadableFileException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file's header and its first data rows, read with the reader an import would use ({@link RowReaders}) and
 * closed again: cheap, whatever the file's size. A row that cannot be read ends the sample without failing it, so
 * the first part of a file, cut anywhere, gives the rows before the cut.
 *
 * @param header the header cells as written
 * @param rows   up to the asked number of data rows, cells in header order
 */
public record HeaderSample(List<String> header, List<List<String>> rows) {

    /**
     * @throws UnreadableFileException when not even the header can be read (an empty file, an old .xls…)
     */
    public static HeaderSample read(Path file, String fileName, String sheet, CsvDialect dialect, int maxRows) {
        try (RowReader reader = RowReaders.open(file, fileName, sheet, dialect)) {
            return new HeaderSample(reader.header(), rows(reader, maxRows));
        } catch (IOException e) {
            throw new UnreadableFileException("cannot read " + fileName + ": " + e.getMessage(), e);
        }
    }

    /** Up to {@code maxRows} readable rows from where {@code reader} stands. */
    public static List<List<String>> rows(RowReader reader, int maxRows) {
        List<List<String>> rows = new ArrayList<>();
        try {
            while (rows.size() < maxRows && reader.hasNext()) {
                Row row = reader.next();
                if (row.problem() == null) {
                    rows.add(row.values());
                }
            }
        } catch (RuntimeException e) {
            // a cut or broken record: the rows before it are the sample
        }
        return rows;
    }
}
