package io.bulkimport.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.OptionalLong;
import javax.xml.stream.XMLStreamException;

/**
 * Counts the rows of a worksheet part that {@link XlsxRowReader} will give, from the part's bytes and not from its
 * {@code <dimension>} (which writers leave stale or out): the {@code row} elements of {@code sheetData} with at least
 * one cell that is not blank as the reader judges it ({@link WorksheetReader}, {@link SheetCells#blank}). A number,
 * boolean, date or error cell holds something when it has a value; a text cell (shared, inline, a formula's text)
 * when its text is more than white space ({@link EmptyRow}). Most cells are decided from their raw bytes; only
 * text made of white space, entities, {@code _xHHHH_} escapes or bytes above 0x7F is decoded first
 * ({@link XmlText}), and a shared string is looked up only when nothing else in its row holds something.
 *
 * <p>A cheap pass: the part's bytes are scanned for tags, attributes are read only on {@code c}, and once a row is
 * known to hold something the scan jumps to its end tag. Anything it does not expect (another encoding than UTF-8,
 * a DOCTYPE, a truncated part) makes the count unknown rather than wrong; the reader then says what is wrong. One
 * thing it does not follow: two cells of a row with the same reference (no writer makes them) are two cells here,
 * while the reader keeps the last.
 */
final class SheetRowCounter {

    private final XmlText xml;
    private final SharedStrings strings;
    private final NumberFormat[] formats;
    /** the shared strings of the row being read, looked up only if nothing else in it holds something */
    private int[] shared = new int[16];
    private int sharedCount;

    private SheetRowCounter(InputStream sheet, SharedStrings strings, NumberFormat[] formats) {
        this.xml = new XmlText(sheet);
        this.strings = strings;
        this.formats = formats;
    }

    /**
     * @param sheet   the worksheet part's content; read to {@code </sheetData>}, not closed
     * @param strings the workbook's shared strings (read further when a row needs one)
     * @param formats the number format of each cell style, as the reader has them
     * @return the rows that hold something, the header among them; empty when the part cannot be counted
     */
    static OptionalLong count(InputStream sheet, SharedStrings strings, NumberFormat[] formats)
            throws IOException, XMLStreamException {
        try {
            return OptionalLong.of(new SheetRowCounter(sheet, strings, formats).rows());
        } catch (XmlText.Unexpected e) {
            return OptionalLong.empty();
        }
    }

    private long rows() throws IOException, XMLStreamException {
        xml.requireUtf8();
        long rows = 0;
        while (xml.nextTag()) {
            if (xml.closing()) {
                if (xml.is(SheetElements.SHEET_DATA)) {
                    break;
                }
            } else if (xml.is(SheetElements.ROW) && !xml.selfClosing() && row()) {
                rows++;
            }
        }
        return rows;
    }

    /** Reads one row to its end tag; whether it holds something. */
    private boolean row() throws IOException, XMLStreamException {
        sharedCount = 0;
        while (xml.nextTag()) {
            if (xml.closing()) {
                if (xml.is(SheetElements.ROW)) {
                    return sharedStringHoldsSomething();
                }
            } else if (xml.is(SheetElements.CELL) && cell()) {
                xml.skipPast(SheetElements.ROW);
                return true;
            }
        }
        throw new XmlText.Unexpected("the part ends inside a row");
    }

    /** Reads one {@code c} element (to its end tag, or until it is known to hold something); whether it does. */
    private boolean cell() throws IOException {
        int type = xml.cellType();
        int style = xml.cellStyle();
        if (type == CellAttributes.ERROR || xml.selfClosing()) {
            // an error cell is an error to report even without a value
            return type == CellAttributes.ERROR;
        }
        boolean inline = false;
        boolean inlineValue = false;
        while (xml.nextTag()) {
            if (xml.closing()) {
                if (xml.is(SheetElements.CELL)) {
                    return !inline && inlineValue;
                }
            } else if (!xml.selfClosing() && xml.is(SheetElements.VALUE)) {
                if (type == CellAttributes.INLINE_STRING) {
                    inlineValue = textHoldsSomething(true);
                    continue;
                }
                if (type == CellAttributes.SHARED_STRING) {
                    sharedString();
                } else if (valueHoldsSomething(type, style)) {
                    return true;
                }
                // a cell has one <v> (the reader stops at a shared string's first), and nothing after it matters here
                xml.skipPast(SheetElements.CELL);
                return false;
            } else if (!xml.selfClosing() && xml.is(SheetElements.INLINE_STRING) && type == CellAttributes.INLINE_STRING) {
                inline = true;
                if (inlineStringHoldsSomething()) {
                    return true;
                }
            }
        }
        throw new XmlText.Unexpected("the part ends inside a cell");
    }

    /** The {@code <v>} of a number, boolean, date, formula text or unknown type, as {@link WorksheetReader#shown} reads it. */
    private boolean valueHoldsSomething(int type, int style) throws IOException {
        if (type == CellAttributes.FORMULA_STRING || type == CellAttributes.UNKNOWN) {
            return textHoldsSomething(type == CellAttributes.FORMULA_STRING);
        }
        int seen = xml.lookAtText();
        String value;
        if ((seen & XmlText.MARKUP) == 0) {
            xml.skipText();
            if (type == CellAttributes.BOOLEAN || (seen & XmlText.NOT_WHITE) != 0) {
                return (seen & XmlText.ANY) != 0;
            }
            value = (seen & XmlText.ANY) == 0 ? "" : " ";
        } else {
            value = xml.decodedText();
        }
        return switch (type) {
            case CellAttributes.NUMBER -> !value.isEmpty()
                    && (!EmptyRow.isBlank(value) || format(style).kind() != NumberFormat.Kind.GENERAL);
            case CellAttributes.BOOLEAN -> !value.isEmpty();
            default -> !value.isBlank();
        };
    }

    /** A text cell's text; {@code _xHHHH_} escapes decoded when the reader decodes them. */
    private boolean textHoldsSomething(boolean escapes) throws IOException {
        int seen = xml.lookAtText();
        if (surelySomething(seen) || (seen & (XmlText.NOT_WHITE | XmlText.MARKUP)) == 0) {
            xml.skipText();
            return surelySomething(seen);
        }
        String text = xml.decodedText();
        return !EmptyRow.isBlank(escapes ? SpreadsheetText.decodeEscapes(text) : text);
    }

    /** An {@code <is>}: its runs' {@code <t>} texts joined, phonetic guides left out, as {@link SpreadsheetText#read}. */
    private boolean inlineStringHoldsSomething() throws IOException {
        StringBuilder joined = new StringBuilder();
        while (xml.nextTag()) {
            if (xml.closing()) {
                if (xml.is(SheetElements.INLINE_STRING)) {
                    return !EmptyRow.isBlank(SpreadsheetText.decodeEscapes(joined.toString()));
                }
            } else if (!xml.selfClosing() && xml.is(SheetElements.PHONETIC)) {
                xml.skipPast(SheetElements.PHONETIC);
            } else if (!xml.selfClosing() && xml.is(SheetElements.TEXT)) {
                if (surelySomething(xml.lookAtText())) {
                    return true;
                }
                joined.append(xml.decodedText());
            }
        }
        throw new XmlText.Unexpected("the part ends inside an inline string");
    }

    /** Keeps a shared string's index for the end of the row; a blank {@code <v>} is an empty cell. */
    private void sharedString() throws IOException {
        long index = xml.sharedIndex();
        if (index >= 0) {
            if (sharedCount == shared.length) {
                shared = Arrays.copyOf(shared, sharedCount * 2);
            }
            shared[sharedCount++] = (int) index;
        }
    }

    private boolean sharedStringHoldsSomething() throws XMLStreamException {
        for (int i = 0; i < sharedCount; i++) {
            if (!strings.blank(shared[i])) {
                return true;
            }
        }
        return false;
    }

    /** Text with a visible ASCII character, and neither an entity nor an escape that could turn it into another. */
    private static boolean surelySomething(int seen) {
        return (seen & (XmlText.PLAIN | XmlText.ESCAPING | XmlText.MARKUP)) == XmlText.PLAIN;
    }

    private NumberFormat format(int style) {
        return style >= 0 && style < formats.length ? formats[style] : NumberFormat.GENERAL;
    }

}
