package io.bulkimport.parse;

import java.io.IOException;
import java.io.InputStream;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLStreamReader2;
import org.codehaus.stax2.typed.TypedXMLStreamException;

/**
 * A {@link WorksheetReader} that parses the part with StAX (Aalto): for a part in another encoding than UTF-8, which
 * {@link ScanningWorksheetReader} does not read. A cell's reference and type are read through the Stax2 typed-access
 * API ({@link CellAttributes}), without a String for each.
 */
final class StaxWorksheetReader extends WorksheetReader {

    private final InputStream in;
    private final XMLStreamReader2 xml;
    private final CellAttributes.Column columnDecoder = new CellAttributes.Column();
    private final CellAttributes.Type typeDecoder = new CellAttributes.Type();
    private boolean done;

    StaxWorksheetReader(InputStream in, SharedStrings sharedStrings, NumberFormat[] formats, ExcelCellText text)
            throws XMLStreamException {
        super(sharedStrings, formats, text);
        this.in = in;
        this.xml = (XMLStreamReader2) StaxFactory.reader(in);
    }

    @Override
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
        long number = startRow(r == null ? -1 : Long.parseLong(r.strip()));
        int column = -1;
        while (true) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                if ("c".equals(xml.getLocalName())) {
                    column = cell(column, number);
                } else {
                    SpreadsheetText.skipElement(xml);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                return endRow();
            }
        }
    }

    /** Reads one {@code c} element into its column of the row; returns that column. */
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
                        column = columnOf(columnDecoder.column, previousColumn);
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
                        String shown = sharedString(sharedIndex());
                        skipToEndOfCell();
                        return place(column, shown);
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
        return place(column, shown(type, value, inline, style, column, rowNumber));
    }

    /** The {@code <v>} of a cell of type s as an index, read without making a String of it; -1 when empty. */
    private long sharedIndex() throws XMLStreamException {
        try {
            return xml.getElementAsInt();
        } catch (TypedXMLStreamException e) {
            if (e.getLexical() == null || e.getLexical().isBlank()) {
                return -1;
            }
            throw new IllegalArgumentException("shared string index '" + e.getLexical() + "' is not a number", e);
        }
    }

    /** From the end of a cell's {@code <v>} past the end of the cell. */
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
