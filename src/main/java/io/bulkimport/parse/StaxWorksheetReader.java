package io.bulkimport.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLStreamReader2;
import org.codehaus.stax2.typed.TypedXMLStreamException;

/**
 * Pulls the rows of one worksheet part ({@code xl/worksheets/sheetN.xml}, ECMA-376 Part 1 §18.3.1.99
 * {@code sheetData}) one at a time with StAX, so memory does not grow with the sheet. Each cell becomes the text a
 * person sees ({@link ExcelCellText}; formatted numbers and dates when first asked for, see {@link SheetCells}); cells are placed by their reference ({@code r="C5"}) so skipped empty cells
 * keep their column; rows keep their number ({@code r}), as Excel shows it.
 */
final class WorksheetReader implements AutoCloseable {

    /** One row as read: its number in the sheet (1-based) and its cells' texts by column. */
    record SheetRow(long number, SheetCells values) {
    }

    private final InputStream in;
    private final XMLStreamReader2 xml;
    private final SharedStrings sharedStrings;
    private final NumberFormat[] formats;
    private final ExcelCellText text;
    private long lastRowNumber;
    private final CellAttributes.Column columnDecoder = new CellAttributes.Column();
    private final CellAttributes.Type typeDecoder = new CellAttributes.Type();
    /** the row being read, by column; "" where the row has no cell */
    private Object[] buffer = filled(16);
    /** per column of the row being read, the number format of a number still to be formatted */
    private NumberFormat[] formatBuffer = new NumberFormat[16];
    private boolean rowHasFormats;
    /** the format of the cell just read, when it is a number still to be formatted */
    private NumberFormat cellFormat;
    private boolean done;

    /**
     * @param formats the number format of each cell style, by the style index a cell's {@code s} names
     */
    WorksheetReader(InputStream in, SharedStrings sharedStrings, NumberFormat[] formats, ExcelCellText text)
            throws XMLStreamException {
        this.in = in;
        this.xml = (XMLStreamReader2) StaxFactory.reader(in);
        this.sharedStrings = sharedStrings;
        this.formats = formats;
        this.text = text;
    }

    /**
     * @return the next row (possibly with no cells or only empty ones), or null after the last
     * @throws XMLStreamException when the sheet's XML is malformed
     * @throws IllegalArgumentException when a cell refers to a shared string or style that does not exist
     */
    SheetRow next() throws XMLStreamException {
        while (!done && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT && "row".equals(xml.getLocalName())) {
                return row();
            }
            if (event == XMLStreamConstants.END_ELEMENT && "sheetData".equals(xml.getLocalName())) {
                done = true;
            }
        }
        done = true;
        return null;
    }

    private SheetRow row() throws XMLStreamException {
        String r = xml.getAttributeValue(null, "r");
        long number = r == null ? lastRowNumber + 1 : Long.parseLong(r.strip());
        lastRowNumber = number;
        int size = 0;
        int column = -1;
        while (true) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                if ("c".equals(xml.getLocalName())) {
                    column = cell(column, number);
                    size = Math.max(size, column + 1);
                } else {
                    SpreadsheetText.skipElement(xml);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                Object[] cells = Arrays.copyOf(buffer, size);
                Arrays.fill(buffer, 0, size, "");
                NumberFormat[] formats = null;
                if (rowHasFormats) {
                    formats = Arrays.copyOf(formatBuffer, size);
                    Arrays.fill(formatBuffer, null);
                    rowHasFormats = false;
                }
                return new SheetRow(number, new SheetCells(cells, formats, text));
            }
        }
    }

    /** Reads one {@code c} element into its column of the buffer; returns that column. */
    private int cell(int previousColumn, long rowNumber) throws XMLStreamException {
        int type = CellAttributes.NUMBER;
        int column = previousColumn + 1;
        int style = 0;
        for (int i = 0, n = xml.getAttributeCount(); i < n; i++) {
            String name = xml.getAttributeLocalName(i);
            if (name.length() == 1) {
                switch (name.charAt(0)) {
                    case 'r' -> {
                        xml.getAttributeAs(i, columnDecoder);
                        column = columnDecoder.column < 0 ? previousColumn + 1 : columnDecoder.column;
                    }
                    case 't' -> {
                        xml.getAttributeAs(i, typeDecoder);
                        type = typeDecoder.type;
                    }
                    case 's' -> style = xml.getAttributeAsInt(i);
                    default -> { }
                }
            }
        }
        String value = null;
        String inline = null;
        while (true) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if ("v".equals(name)) {
                    if (type == CellAttributes.SHARED_STRING) {
                        return place(column, sharedString(), rowNumber);
                    }
                    value = xml.getElementText();
                } else if ("is".equals(name)) {
                    inline = SpreadsheetText.read(xml);
                } else {
                    SpreadsheetText.skipElement(xml);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            }
        }
        return place(column, shown(type, value, inline, style, column, rowNumber), rowNumber);
    }

    /** The text of a cell of type s: its {@code <v>} is an index, read without making a String of it. */
    private String sharedString() throws XMLStreamException {
        int index;
        try {
            index = xml.getElementAsInt();
        } catch (TypedXMLStreamException e) {
            if (e.getLexical() == null || e.getLexical().isBlank()) {
                return "";
            }
            throw new IllegalArgumentException("shared string index '" + e.getLexical() + "' is not a number", e);
        }
        return sharedStrings.get(index);
    }

    /** Puts the cell's text in its column of the row being read, leaves the reader after the cell; its column. */
    private int place(int column, Object shown, long rowNumber) throws XMLStreamException {
        if (xml.getEventType() != XMLStreamConstants.END_ELEMENT || !"c".equals(xml.getLocalName())) {
            skipToEndOfCell();
        }
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
        return column;
    }

    private void skipToEndOfCell() throws XMLStreamException {
        int depth = 0;
        while (true) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT && depth-- == 0) {
                return;
            }
        }
    }

    /**
     * The cell's text; a number with a format that is not General as stored, with the format in {@link #cellFormat}
     * (formatted when a batch thread reads it, see {@link SheetCells}); a date cell as a {@link SheetCells.Pending}.
     */
    private Object shown(int type, String value, String inline, int style, int column, long rowNumber)
            throws XMLStreamException {
        if (type == CellAttributes.NUMBER) {
            if (value == null || value.isEmpty()) {
                return "";
            }
            NumberFormat format = format(style);
            if (format.kind() == NumberFormat.Kind.GENERAL) {
                return ExcelCellText.general(value);
            }
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
                NumberFormat format = format(style);
                String reference = CellError.reference(column, rowNumber);
                return (SheetCells.Pending) () -> {
                    String date = text.isoDate(value, format);
                    return date != null ? date : CellError.cell("cell " + reference + " is a date cell holding '"
                            + value + "', which is not an ISO 8601 date", value);
                };
            default:
                return value == null ? "" : value;
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
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        } finally {
            in.close();
        }
    }
}
