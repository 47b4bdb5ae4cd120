package io.bulkimport.parse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import javax.xml.stream.XMLStreamException;

/**
 * Streams the rows of one worksheet of an .xlsx workbook: the sheet a person sees on opening it unless one is
 * asked for ({@link XlsxWorkbook#choose}), pulled row by row ({@link WorksheetReader}) so memory does not grow with
 * the sheet. Row numbers are the ones Excel shows; rows of only empty or white-space cells are skipped; cells read as a person
 * sees them ({@link ExcelCellText}); error cells become {@link CellError}s that fail their row only.
 */
public final class XlsxRowReader implements RowReader {

    private final XlsxWorkbook workbook;
    private final XlsxWorkbook.SheetEntry sheet;
    private final SharedStrings sharedStrings;
    private final WorksheetReader rows;
    private List<String> header;
    private Row pending;
    private long rowsRead;
    private boolean finished;

    private XlsxRowReader(XlsxWorkbook workbook, XlsxWorkbook.SheetEntry sheet, SharedStrings sharedStrings,
                          WorksheetReader rows) {
        this.workbook = workbook;
        this.sheet = sheet;
        this.sharedStrings = sharedStrings;
        this.rows = rows;
    }

    /**
     * @param sheet a sheet name, or its 1-based position; null for the sheet Excel opens on (see
     *              {@link XlsxWorkbook#choose})
     * @throws UnreadableFileException when the file is not a workbook, the sheet does not exist, or it has no rows
     */
    public static XlsxRowReader open(Path file, String sheet) {
        XlsxWorkbook workbook = XlsxWorkbook.open(file);
        SharedStrings strings = null;
        try {
            XlsxWorkbook.SheetEntry chosen = workbook.choose(sheet);
            strings = workbook.sharedStrings();
            WorksheetReader rows = new WorksheetReader(workbook.sheetData(chosen), strings, workbook.numberFormats(),
                    new ExcelCellText(workbook.date1904()));
            XlsxRowReader reader = new XlsxRowReader(workbook, chosen, strings, rows);
            Row first = reader.nextNonEmpty();
            if (first == null) {
                throw new UnreadableFileException("sheet '" + chosen.name() + "' is empty" + reader.others());
            }
            reader.header = first.values().stream().map(CellError::shown).toList();
            if (!reader.hasNext()) {
                throw new UnreadableFileException("sheet '" + chosen.name() + "' has a header but no data rows"
                        + reader.others());
            }
            return reader;
        } catch (IOException | XMLStreamException | RuntimeException e) {
            closeQuietly(strings);
            workbook.close();
            if (e instanceof UnreadableFileException u) {
                throw u;
            }
            throw new UnreadableFileException("the file is not a readable Excel workbook (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public List<String> header() {
        return header;
    }

    /** The compressed file gives no useful byte position; progress comes from rows alone. */
    @Override
    public long bytesRead() {
        return 0;
    }

    /** "sheet 'Contacts'; the workbook's other sheets: 'Lists' (hidden)". */
    @Override
    public String source() {
        return "sheet '" + sheet.name() + "'" + others();
    }

    private String others() {
        List<XlsxWorkbook.SheetEntry> others = new ArrayList<>(workbook.sheets());
        others.remove(sheet);
        return others.isEmpty() ? "" : "; the workbook's other sheets: " + XlsxWorkbook.describe(others);
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !finished) {
            pending = nextNonEmpty();
            finished = pending == null;
        }
        return pending != null;
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more rows after " + rowsRead);
        }
        Row row = pending;
        pending = null;
        return row;
    }

    private Row nextNonEmpty() {
        try {
            for (WorksheetReader.SheetRow row = rows.next(); row != null; row = rows.next()) {
                if (!row.values().blank()) {
                    rowsRead++;
                    return new Row(row.number(), row.values());
                }
            }
            return null;
        } catch (XMLStreamException | RuntimeException e) {
            throw new UnreadableFileException("sheet '" + sheet.name() + "' could not be read after row " + rowsRead
                    + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() throws IOException {
        try (sharedStrings; rows) {
            finished = true;
        } finally {
            workbook.close();
        }
    }

    private static void closeQuietly(SharedStrings strings) {
        if (strings != null) {
            try {
                strings.close();
            } catch (IOException ignored) {
                // already failing with a better reason
            }
        }
    }
}
