package io.bulkimport.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
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
    private final NumberFormat[] formats;
    private OptionalLong dataRows;
    private List<String> header;
    private Row pending;
    private long rowsRead;
    private boolean finished;

    private XlsxRowReader(XlsxWorkbook workbook, XlsxWorkbook.SheetEntry sheet, SharedStrings sharedStrings,
                          WorksheetReader rows, NumberFormat[] formats) {
        this.workbook = workbook;
        this.sheet = sheet;
        this.sharedStrings = sharedStrings;
        this.rows = rows;
        this.formats = formats;
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
            NumberFormat[] formats = workbook.numberFormats();
            WorksheetReader rows = WorksheetReader.open(() -> workbook.sheetData(chosen), strings, formats,
                    new ExcelCellText(workbook.date1904()));
            XlsxRowReader reader = new XlsxRowReader(workbook, chosen, strings, rows, formats);
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

    /**
     * Counted when first asked, from the sheet's part read once more as bytes ({@link SheetRowCounter}): its rows that
     * hold something, less the header. Only the sheet being read; its {@code <dimension>} is not trusted. Empty when
     * the part cannot be counted (the reader itself then says what is wrong with it).
     */
    @Override
    public OptionalLong dataRows() {
        if (dataRows == null) {
            dataRows = countRows();
        }
        return dataRows;
    }

    private OptionalLong countRows() {
        try (InputStream part = workbook.sheetData(sheet)) {
            OptionalLong counted = SheetRowCounter.count(part, sharedStrings, formats);
            return counted.isPresent() ? OptionalLong.of(Math.max(0, counted.getAsLong() - 1)) : counted;
        } catch (IOException | XMLStreamException | RuntimeException e) {
            return OptionalLong.empty();
        }
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
        } catch (IOException | XMLStreamException | RuntimeException e) {
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
