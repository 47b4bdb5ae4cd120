package io.bulkimport.parse;

import java.io.IOException;
import java.io.InputStream;
import javax.xml.stream.XMLStreamException;

/**
 * A {@link WorksheetReader} that scans the part's UTF-8 bytes ({@link XmlText}) instead of parsing them: tags are
 * found by their {@code <}, only a cell's {@code r}, {@code t} and {@code s} attributes and a row's {@code r} are read,
 * and a value without entities becomes a String straight from the bytes. Elements other than a cell's {@code <v>} and
 * {@code <is>} (formulas, extension lists) are skipped unread.
 */
final class ScanningWorksheetReader extends WorksheetReader {

    private final InputStream in;
    private final XmlText xml;
    private boolean done;

    /** @throws XmlText.Unexpected when the part is not in UTF-8 */
    ScanningWorksheetReader(InputStream in, SharedStrings sharedStrings, NumberFormat[] formats, ExcelCellText text)
            throws IOException {
        super(sharedStrings, formats, text);
        this.in = in;
        this.xml = new XmlText(in);
        xml.requireUtf8();
    }

    @Override
    SheetRow next() throws IOException, XMLStreamException {
        while (!done && xml.nextTag()) {
            if (xml.closing()) {
                done = xml.is(SheetElements.SHEET_DATA);
            } else if (xml.is(SheetElements.ROW)) {
                return row();
            }
        }
        done = true;
        return null;
    }

    private SheetRow row() throws IOException, XMLStreamException {
        long number = startRow(xml.wholeNumberR());
        if (xml.selfClosing()) {
            return endRow();
        }
        int column = -1;
        while (xml.nextTag()) {
            if (xml.closing()) {
                if (xml.is(SheetElements.ROW)) {
                    return endRow();
                }
            } else if (xml.is(SheetElements.CELL)) {
                column = cell(column, number);
            } else if (!xml.selfClosing()) {
                xml.skipPast(xml.name());
            }
        }
        throw new XmlText.Unexpected("the part ends inside row " + number);
    }

    /** Reads one {@code c} element into its column of the row; returns that column. */
    private int cell(int previousColumn, long rowNumber) throws IOException, XMLStreamException {
        int column = columnOf(xml.cellColumn(), previousColumn);
        int type = xml.cellType();
        int style = xml.cellStyle();
        if (style < 0) {
            throw new NumberFormatException("cell " + CellError.reference(column, rowNumber) + " names a style that is not a number");
        }
        String value = null;
        String inline = null;
        if (!xml.selfClosing()) {
            while (xml.nextTag()) {
                if (xml.closing()) {
                    if (xml.is(SheetElements.CELL)) {
                        break;
                    }
                } else if (xml.is(SheetElements.VALUE)) {
                    if (xml.selfClosing()) {
                        value = "";
                    } else if (type == CellAttributes.SHARED_STRING) {
                        String shown = sharedString(xml.sharedIndex());
                        xml.skipPast(SheetElements.CELL);
                        return place(column, shown);
                    } else {
                        value = xml.text();
                    }
                } else if (xml.is(SheetElements.INLINE_STRING)) {
                    inline = xml.richText(SheetElements.INLINE_STRING);
                } else if (xml.is(SheetElements.FORMULA)) {
                    if (!xml.selfClosing()) {
                        xml.skipPast(SheetElements.FORMULA);
                    }
                } else if (!xml.selfClosing()) {
                    xml.skipPast(xml.name());
                }
            }
        }
        return place(column, shown(type, value, inline, style, column, rowNumber));
    }


    @Override
    public void close() throws IOException {
        in.close();
    }
}
