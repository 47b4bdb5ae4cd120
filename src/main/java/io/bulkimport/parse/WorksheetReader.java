package io.bulkimport.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Pulls the rows of one worksheet part ({@code xl/worksheets/sheetN.xml}, ECMA-376 Part 1 §18.3.1.99
 * {@code sheetData}) one at a time with StAX, so memory does not grow with the sheet. Each cell becomes the text a
 * person sees ({@link ExcelCellText}); cells are placed by their reference ({@code r="C5"}) so skipped empty cells
 * keep their column; rows keep their number ({@code r}), as Excel shows it.
 */
final class WorksheetReader implements AutoCloseable {

    /** One row as read: its number in the sheet (1-based) and its cells' texts by column. */
    record SheetRow(long number, List<String> values) {
    }

    private final InputStream in;
    private final XMLStreamReader xml;
    private final SharedStrings sharedStrings;
    private final NumberFormat[] formats;
    private final ExcelCellText text;
    private long lastRowNumber;
    private int width = 8;
    private boolean done;

    /**
     * @param formats the number format of each cell style, by the style index a cell's {@code s} names
     */
    WorksheetReader(InputStream in, SharedStrings sharedStrings, NumberFormat[] formats, ExcelCellText text)
            throws XMLStreamException {
        this.in = in;
        this.xml = StaxFactory.reader(in);
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
        List<String> values = new ArrayList<>(width);
        int column = -1;
        while (true) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                if ("c".equals(xml.getLocalName())) {
                    column = cell(values, column, number);
                } else {
                    SpreadsheetText.skipElement(xml);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                width = Math.max(width, values.size());
                return new SheetRow(number, values);
            }
        }
    }

    /** Reads one {@code c} element into its column; returns that column. */
    private int cell(List<String> values, int previousColumn, long rowNumber) throws XMLStreamException {
        String reference = null;
        String type = null;
        int style = 0;
        for (int i = 0, n = xml.getAttributeCount(); i < n; i++) {
            String name = xml.getAttributeLocalName(i);
            if (name.length() == 1) {
                switch (name.charAt(0)) {
                    case 'r' -> reference = xml.getAttributeValue(i);
                    case 't' -> type = xml.getAttributeValue(i);
                    case 's' -> style = Integer.parseInt(xml.getAttributeValue(i).strip());
                    default -> { }
                }
            }
        }
        int column = reference == null ? previousColumn + 1 : columnOf(reference);
        String value = null;
        String inline = null;
        while (true) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if ("v".equals(name)) {
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
        while (values.size() < column) {
            values.add("");
        }
        String shown = shown(type, value, inline, style, column, rowNumber);
        if (column < values.size()) {
            values.set(column, shown);
        } else {
            values.add(shown);
        }
        return column;
    }

    private String shown(String type, String value, String inline, int style, int column, long rowNumber)
            throws XMLStreamException {
        if (type == null || "n".equals(type)) {
            return value == null || value.isEmpty() ? "" : text.number(value, format(style));
        }
        switch (type) {
            case "s":
                return value == null || value.isBlank() ? "" : sharedStrings.get(Integer.parseInt(value.strip()));
            case "inlineStr":
                return inline != null ? inline : value == null ? "" : SpreadsheetText.decodeEscapes(value);
            case "str":
                return value == null ? "" : SpreadsheetText.decodeEscapes(value);
            case "b":
                return value == null || value.isEmpty() ? "" : ExcelCellText.bool(value.strip());
            case "e":
                return CellError.cell("cell " + CellError.reference(column, rowNumber) + " holds the Excel error "
                        + (value == null ? "" : value.strip()), value == null ? "" : value.strip());
            case "d":
                if (value == null || value.isBlank()) {
                    return "";
                }
                String date = text.isoDate(value, format(style));
                return date != null ? date : CellError.cell("cell " + CellError.reference(column, rowNumber)
                        + " is a date cell holding '" + value + "', which is not an ISO 8601 date", value);
            default:
                return value == null ? "" : value;
        }
    }

    private NumberFormat format(int style) {
        return style >= 0 && style < formats.length ? formats[style] : NumberFormat.GENERAL;
    }

    /** The 0-based column of an A1 reference: "C5" → 2. */
    static int columnOf(String reference) {
        int column = 0;
        for (int i = 0; i < reference.length(); i++) {
            char c = reference.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                column = column * 26 + (c - 'A' + 1);
            } else if (c >= 'a' && c <= 'z') {
                column = column * 26 + (c - 'a' + 1);
            } else if (c != '$') {
                break;
            }
        }
        if (column == 0 || column > 16_384) {
            throw new IllegalArgumentException("cell reference '" + reference + "' names no column A to XFD");
        }
        return column - 1;
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
