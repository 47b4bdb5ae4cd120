package io.bulkimport.parse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Sheet;

/**
 * Streams the rows of one worksheet of an .xlsx workbook (fastexcel-reader: the sheet's XML is parsed as it is
 * read, so memory does not grow with the sheet). Row numbers are the ones Excel shows; empty rows are skipped;
 * cells read as a person sees them ({@link ExcelCellText}).
 */
public final class XlsxRowReader implements RowReader {

    private final ReadableWorkbook workbook;
    private final Stream<org.dhatim.fastexcel.reader.Row> stream;
    private final Iterator<org.dhatim.fastexcel.reader.Row> rows;
    private List<String> header;
    private Row pending;
    private long rowsRead;

    private XlsxRowReader(ReadableWorkbook workbook, Sheet sheet) throws IOException {
        this.workbook = workbook;
        this.stream = sheet.openStream();
        this.rows = stream.iterator();
    }

    /**
     * @param sheet a sheet name, or its 1-based position; null for the first sheet
     * @throws UnreadableFileException when the file is not a workbook, the sheet does not exist, or it has no rows
     */
    public static XlsxRowReader open(Path file, String sheet) {
        XlsxGuard.requireWorkbook(file);
        ReadableWorkbook workbook = null;
        try {
            workbook = new ReadableWorkbook(file.toFile(), new ReadingOptions(true, false));
            XlsxRowReader reader = new XlsxRowReader(workbook, choose(workbook, sheet));
            Row first = reader.nextNonEmpty();
            if (first == null) {
                throw new UnreadableFileException("the sheet is empty");
            }
            reader.header = first.values();
            if (!reader.hasNext()) {
                throw new UnreadableFileException("the sheet has a header but no data rows");
            }
            return reader;
        } catch (IOException | RuntimeException e) {
            closeQuietly(workbook);
            if (e instanceof UnreadableFileException u) {
                throw u;
            }
            throw new UnreadableFileException("the file is not a readable Excel workbook (" + e.getMessage() + ")", e);
        }
    }

    private static Sheet choose(ReadableWorkbook workbook, String sheet) {
        if (sheet == null) {
            return workbook.getFirstSheet();
        }
        if (sheet.matches("[0-9]{1,4}")) {
            int position = Integer.parseInt(sheet);
            return workbook.getSheet(position - 1).orElseThrow(() -> noSheet(workbook, "number " + sheet));
        }
        return workbook.findSheet(sheet).orElseThrow(() -> noSheet(workbook, "'" + sheet + "'"));
    }

    private static UnreadableFileException noSheet(ReadableWorkbook workbook, String which) {
        return new UnreadableFileException("the workbook has no sheet " + which + "; its sheets are: "
                + workbook.getSheets().map(Sheet::getName).collect(Collectors.joining(", ")));
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

    @Override
    public boolean hasNext() {
        if (pending == null) {
            pending = nextNonEmpty();
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
            while (rows.hasNext()) {
                org.dhatim.fastexcel.reader.Row excelRow = rows.next();
                List<String> values = new ArrayList<>(excelRow.getCellCount());
                boolean empty = true;
                for (int i = 0; i < excelRow.getCellCount(); i++) {
                    Cell cell = excelRow.getCell(i);
                    String text = cell == null ? "" : ExcelCellText.of(cell, workbook.isDate1904());
                    empty &= text.isEmpty();
                    values.add(text);
                }
                if (!empty) {
                    rowsRead++;
                    return new Row(excelRow.getRowNum(), values);
                }
            }
            return null;
        } catch (RuntimeException e) {
            throw new UnreadableFileException("the sheet could not be read after row " + rowsRead + " ("
                    + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() throws IOException {
        stream.close();
        workbook.close();
    }

    private static void closeQuietly(ReadableWorkbook workbook) {
        if (workbook != null) {
            try {
                workbook.close();
            } catch (IOException ignored) {
                // already failing with a better reason
            }
        }
    }
}
