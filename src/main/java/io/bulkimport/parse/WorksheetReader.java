package io.bulkimport.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import javax.xml.stream.XMLStreamException;

/**
 * Pulls the rows of one worksheet part ({@code xl/worksheets/sheetN.xml}, ECMA-376 Part 1 §18.3.1.99
 * {@code sheetData}) one at a time, so memory does not grow with the sheet. Each cell becomes the text a person sees
 * ({@link ExcelCellText}; formatted numbers and dates when first asked for, see {@link SheetCells}); cells are placed
 * by their reference ({@code r="C5"}) so skipped empty cells keep their column; rows keep their number ({@code r}),
 * as Excel shows it.
 *
 * <p>Two readers share what a cell becomes: {@link ScanningWorksheetReader} scans the part's bytes ({@link XmlText})
 * and reads every UTF-8 part (all writers we know write UTF-8); {@link StaxWorksheetReader} parses with StAX and reads
 * a part in any other encoding. The scan costs a third of the parse (bench/XlsxReadCpu.java: 1M rows of
 * bench/ContactsWorkbook.java, see docs/benchmarks.md), and reading the sheet is most of what an .xlsx import costs
 * beyond a CSV one.
 */
abstract class WorksheetReader implements AutoCloseable {

    /** One row as read: its number in the sheet (1-based) and its cells' texts by column. */
    record SheetRow(long number, SheetCells values) {
    }

    /** Opens a new stream of the worksheet part each time it is asked. */
    interface Part {
        InputStream open() throws IOException;
    }

    private final SharedStrings sharedStrings;
    private final NumberFormat[] formats;
    private final ExcelCellText text;
    private long lastRowNumber;
    /** the row being read, by column; "" where the row has no cell */
    private Object[] buffer = filled(16);
    /** per column of the row being read, the number format of a number still to be formatted */
    private NumberFormat[] formatBuffer = new NumberFormat[16];
    private boolean rowHasFormats;
    private int rowSize;
    /** the format of the cell just read, when it is a number still to be formatted */
    private NumberFormat cellFormat;

    WorksheetReader(SharedStrings sharedStrings, NumberFormat[] formats, ExcelCellText text) {
        this.sharedStrings = sharedStrings;
        this.formats = formats;
        this.text = text;
    }

    /**
     * The reader for the part: the scanning one, or the StAX one when the part is not in UTF-8.
     *
     * @param formats the number format of each cell style, by the style index a cell's {@code s} names
     * @throws IOException        when the part cannot be opened
     * @throws XMLStreamException when it does not start as XML
     */
    static WorksheetReader open(Part part, SharedStrings sharedStrings, NumberFormat[] formats, ExcelCellText text)
            throws IOException, XMLStreamException {
        InputStream in = part.open();
        try {
            return new ScanningWorksheetReader(in, sharedStrings, formats, text);
        } catch (XmlText.Unexpected notUtf8) {
            in.close();
            return new StaxWorksheetReader(part.open(), sharedStrings, formats, text);
        }
    }

    /**
     * @return the next row (possibly with no cells or only empty ones), or null after the last
     * @throws XMLStreamException      when the sheet's XML is malformed (StAX)
     * @throws XmlText.Unexpected      when the sheet's bytes are not what a worksheet holds (scan)
     * @throws IOException             when the part cannot be read
     * @throws IllegalArgumentException when a cell refers to a shared string or style that does not exist, or its
     *                                  reference names no column
     */
    abstract SheetRow next() throws XMLStreamException, IOException;

    /** Starts a row; {@code r} is its number attribute, -1 without one; its number. */
    final long startRow(long r) {
        long number = r < 0 ? lastRowNumber + 1 : r;
        lastRowNumber = number;
        rowSize = 0;
        return number;
    }

    /** The row started last, with the cells placed since. */
    final SheetRow endRow() {
        int size = rowSize;
        Object[] cells = Arrays.copyOf(buffer, size);
        Arrays.fill(buffer, 0, size, "");
        NumberFormat[] rowFormats = null;
        if (rowHasFormats) {
            rowFormats = Arrays.copyOf(formatBuffer, size);
            Arrays.fill(formatBuffer, null);
            rowHasFormats = false;
        }
        return new SheetRow(lastRowNumber, new SheetCells(cells, rowFormats, text));
    }

    /** The column of a cell: its reference's, else the one after the previous cell's. */
    static int columnOf(int referenced, int previousColumn) {
        return referenced < 0 ? previousColumn + 1 : referenced;
    }

    /** The text of shared string {@code index}; "" for -1 (an empty {@code <v>}). */
    final String sharedString(long index) throws XMLStreamException {
        return index < 0 ? "" : sharedStrings.get((int) index);
    }

    /** Puts a cell's text in its column of the row being read; returns that column. */
    final int place(int column, Object shown) {
        if (column >= buffer.length) {
            int from = buffer.length;
            buffer = Arrays.copyOf(buffer, Math.max(column + 1, buffer.length * 2));
            Arrays.fill(buffer, from, buffer.length, "");
            formatBuffer = Arrays.copyOf(formatBuffer, buffer.length);
        }
        buffer[column] = shown;
        if (cellFormat != null) {
            formatBuffer[column] = cellFormat;
            rowHasFormats = true;
            cellFormat = null;
        }
        rowSize = Math.max(rowSize, column + 1);
        return column;
    }

    /**
     * What a cell that is not a shared string shows: a number as stored, its format (General too) kept for
     * {@link #place} (formatted when a batch thread reads it, and its stored value there for typed columns, see
     * {@link SheetCells}); a date cell as a {@link SheetCells.Pending} that keeps its ISO text.
     *
     * @param type   the cell's {@code t}, one of {@link CellAttributes}' constants
     * @param value  the text of its {@code <v>}, null without one
     * @param inline the text of its {@code <is>}, null without one
     */
    final Object shown(int type, String value, String inline, int style, int column, long rowNumber)
            throws XMLStreamException {
        if (type == CellAttributes.NUMBER) {
            if (value == null || value.isEmpty()) {
                return "";
            }
            NumberFormat format = format(style);
            if (format.kind() == NumberFormat.Kind.GENERAL && EmptyRow.isBlank(value)) {
                return value;   // white space only: blank as SheetRowCounter judges it, and no number to keep
            }
            // General too is formatted when asked for: the format marks the cell as a number, whose stored value a
            // typed column reads (SheetCells#stored)
            cellFormat = format;
            return value;
        }
        switch (type) {
            case CellAttributes.SHARED_STRING:
                return value == null || value.isBlank() ? "" : sharedStrings.get(Integer.parseInt(value.strip()));
            case CellAttributes.INLINE_STRING:
                return inline != null ? inline : value == null ? "" : SpreadsheetText.decodeEscapes(value);
            case CellAttributes.FORMULA_STRING:
                return value == null ? "" : SpreadsheetText.decodeEscapes(value);
            case CellAttributes.BOOLEAN:
                return value == null || value.isEmpty() ? "" : ExcelCellText.bool(value.strip());
            case CellAttributes.ERROR:
                return CellError.cell("cell " + CellError.reference(column, rowNumber) + " holds the Excel error "
                        + (value == null ? "" : value.strip()), value == null ? "" : value.strip());
            case CellAttributes.DATE:
                if (value == null || value.isBlank()) {
                    return "";
                }
                return new DateCell(value, format(style), CellError.reference(column, rowNumber), text);
            default:
                return value == null ? "" : value;
        }
    }

    /** A {@code t="d"} cell: ISO 8601 text, shown in the ISO shape its format asks for. */
    private record DateCell(String value, NumberFormat format, String reference, ExcelCellText cellText)
            implements SheetCells.Pending {

        @Override
        public String text() {
            String date = cellText.isoDate(value, format);
            return date != null ? date : CellError.cell("cell " + reference + " is a date cell holding '"
                    + value + "', which is not an ISO 8601 date", value);
        }

        @Override
        public String stored() {
            return value.strip();
        }
    }

    private NumberFormat format(int style) {
        return style >= 0 && style < formats.length ? formats[style] : NumberFormat.GENERAL;
    }

    private static Object[] filled(int size) {
        Object[] cells = new Object[size];
        Arrays.fill(cells, "");
        return cells;
    }

    @Override
    public abstract void close() throws IOException;
}
