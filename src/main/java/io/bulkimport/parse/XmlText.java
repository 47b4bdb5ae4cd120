package io.bulkimport.parse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A forward-only scanner over the bytes of a UTF-8 XML part, for reading a worksheet faster than an XML parser can
 * ({@link ScanningWorksheetReader}, {@link SheetRowCounter}): it finds tags by their {@code <} (which XML allows
 * nowhere else but in comments and CDATA sections), tells start from end tags by local name, reads a cell's
 * {@code t} and {@code s} attributes, and looks at the text before the next tag without decoding it unless asked. It
 * checks nothing an XML parser checks; what it cannot read it reports as {@link Unexpected}.
 */
final class XmlText extends ByteWindow {

    /** What {@link #lookAtText()} saw: any byte; an ASCII character other than white space, {@code &} and {@code _}; … */
    static final int ANY = 1;
    static final int PLAIN = 2;
    /** an {@code &} (an entity) or an {@code _} (an {@code _xHHHH_} escape): either can stand for white space */
    static final int ESCAPING = 4;
    /** a byte above 0x7F: a character outside ASCII, white space or not */
    static final int HIGH = 8;
    /** a comment or CDATA section inside the text */
    static final int MARKUP = 16;
    static final int NOT_WHITE = PLAIN | ESCAPING | HIGH;

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] DECLARATION = ascii("<?xml");
    private static final byte[] CDATA = ascii("<![CDATA[");
    private static final byte[] CDATA_END = ascii("]]>");
    private static final byte[] COMMENT = ascii("<!--");
    private static final byte[] COMMENT_END = ascii("-->");
    private static final byte[] PI_END = ascii("?>");
    private static final Pattern ENCODING = Pattern.compile("encoding\\s*=\\s*[\"']([^\"']*)[\"']");

    /** The part holds something this scanner does not read (the count is then unknown; the reader says what). */
    static final class Unexpected extends RuntimeException {
        Unexpected(String message) {
            super(message, null, false, false);
        }
    }

    /** the tag read last: its local name, where it ends ({@code >}), and for a {@code c} tag its type and style */
    private int nameStart;
    private int nameEnd;
    private int tagEnd;
    private boolean closing;
    private boolean selfClosing;
    private int cellType;
    private int cellStyle;
    /** bytes from {@link #pos} to the next {@code <}, as {@link #lookAtText()} found them */
    private int textLength;

    XmlText(InputStream in) {
        super(in);
    }

    /** Refuses a part in another encoding than UTF-8 (a UTF-16 BOM or an {@code encoding} declaration). */
    void requireUtf8() throws IOException {
        available(200);
        if (limit - pos >= 2 && ((buf[pos] & 0xFF) == 0xFE || (buf[pos] & 0xFF) == 0xFF)) {
            throw new Unexpected("a UTF-16 part");
        }
        if (startsWith(0, UTF8_BOM)) {
            pos += UTF8_BOM.length;
        }
        if (startsWith(0, DECLARATION)) {
            String declaration = new String(buf, pos, Math.max(0, offsetOf('>', 0)), StandardCharsets.US_ASCII);
            Matcher encoding = ENCODING.matcher(declaration);
            if (encoding.find() && !encoding.group(1).equalsIgnoreCase("utf-8") && !encoding.group(1).equalsIgnoreCase("utf8")) {
                throw new Unexpected("a part in " + encoding.group(1));
            }
        }
    }

    /** Moves past the next start or end tag (comments, processing instructions and CDATA skipped); false at the end. */
    boolean nextTag() throws IOException {
        while (skipTo('<')) {
            if (!available(2)) {
                throw new Unexpected("a tag cut off by the end of the part");
            }
            byte next = buf[pos + 1];
            if (next == '!' || next == '?') {
                skipSpecial();
            } else {
                readTag();
                return true;
            }
        }
        return false;
    }

    boolean closing() {
        return closing;
    }

    boolean selfClosing() {
        return selfClosing;
    }

    /** Whether the tag read last has this local name (any namespace prefix). */
    boolean is(byte[] localName) {
        return nameEnd - nameStart == localName.length && sameBytes(nameStart, localName);
    }

    /** The {@code t} attribute of the {@code c} tag read last, as {@link CellAttributes.Type} reads it. */
    int cellType() {
        return cellType;
    }

    /** The {@code s} attribute (the style index) of the {@code c} tag read last; 0 without one, -1 when not a number. */
    int cellStyle() {
        return cellStyle;
    }

    /** The local name of the tag read last (a copy). */
    byte[] name() {
        return java.util.Arrays.copyOfRange(buf, nameStart, nameEnd);
    }

    /**
     * The 0-based column of the {@code r} of the {@code c} tag read last, -1 without one; only right after
     * {@link #nextTag()}.
     *
     * @throws IllegalArgumentException when it names no column A to XFD
     */
    int cellColumn() {
        long value = CellAttributes.valueOf(buf, nameEnd, tagEnd, (byte) 'r');
        return value < 0 ? -1 : CellAttributes.column(buf, (int) (value >>> 32), (int) value);
    }

    /**
     * The {@code r} of the tag read last as a whole number (a row's number), -1 without one; only right after
     * {@link #nextTag()}.
     *
     * @throws NumberFormatException when it is not one
     */
    long wholeNumberR() {
        long value = CellAttributes.valueOf(buf, nameEnd, tagEnd, (byte) 'r');
        if (value < 0) {
            return -1;
        }
        int start = (int) (value >>> 32);
        return Long.parseLong(new String(buf, start, (int) value - start, StandardCharsets.US_ASCII).strip());
    }

    /**
     * Takes the text to the next tag as {@link #decodedText()} does; text without entities, comments or CDATA (all
     * of a sheet's numbers) is made into a String straight from the buffer.
     */
    String text() throws IOException {
        int seen = lookAtText();
        if ((seen & MARKUP) == 0 && ((seen & ESCAPING) == 0 || !holdsAmpersand())) {
            String text = new String(buf, pos, textLength, (seen & HIGH) == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            pos += textLength;
            return text;
        }
        return decodedText();
    }

    private boolean holdsAmpersand() {
        for (int i = pos, end = pos + textLength; i < end; i++) {
            if (buf[i] == '&') {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads a rich-text string from its start tag, just read, to its end tag ({@code is} or {@code si}): the
     * {@code <t>} texts of its runs joined, phonetic guides ({@code rPh}) left out, the {@code _xHHHH_} escapes decoded
     * ({@link SpreadsheetText}).
     *
     * @param element the local name of the start tag read last
     */
    String richText(byte[] element) throws IOException {
        if (selfClosing) {
            return "";
        }
        String single = null;
        StringBuilder joined = null;
        while (nextTag()) {
            if (closing) {
                if (is(element)) {
                    String text = joined != null ? joined.toString() : single != null ? single : "";
                    return SpreadsheetText.decodeEscapes(text);
                }
            } else if (selfClosing) {
                continue;
            } else if (is(SheetElements.PHONETIC)) {
                skipPast(SheetElements.PHONETIC);
            } else if (is(SheetElements.TEXT)) {
                String t = text();
                if (single == null && joined == null) {
                    single = t;
                } else {
                    if (joined == null) {
                        joined = new StringBuilder(single);
                    }
                    joined.append(t);
                }
            }
        }
        throw new Unexpected("the part ends inside a string");
    }

    /** Skips to the end tag with this local name, past any content (the element must not nest in itself). */
    void skipPast(byte[] localName) throws IOException {
        while (skipTo('<')) {
            if (!available(2)) {
                throw new Unexpected("a tag cut off by the end of the part");
            }
            byte next = buf[pos + 1];
            if (next == '!' || next == '?') {
                skipSpecial();
            } else if (next == '/') {
                if (endTagNamed(localName)) {
                    return;
                }
            } else {
                // a start tag: its attribute values hold no '<', so the next '<' is after it
                pos++;
            }
        }
        throw new Unexpected("the part ends before the end of an element");
    }

    /** Looks at the text from here to the next {@code <} without taking it; what it holds, as the flags above. */
    int lookAtText() throws IOException {
        int end = offsetOf('<', 0);
        if (end < 0 || !available(end + 2)) {
            throw new Unexpected("text cut off by the end of the part");
        }
        int seen = end > 0 ? ANY : 0;
        for (int i = pos, last = pos + end; i < last; i++) {
            int b = buf[i];
            if (b < 0) {
                seen |= HIGH;
            } else if (b == '&' || b == '_') {
                seen |= ESCAPING;
            } else if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                seen |= PLAIN;
            }
        }
        if (buf[pos + end + 1] == '!') {
            seen |= MARKUP | ANY;
        }
        textLength = end;
        return seen;
    }

    /** Takes the text {@link #lookAtText()} looked at (without markup in it). */
    void skipText() {
        pos += textLength;
    }

    /** Takes the text to the next tag as a parser gives it: entities replaced, CDATA sections as they are, comments left out. */
    String decodedText() throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        while (true) {
            int end = offsetOf('<', 0);
            if (end < 0) {
                throw new Unexpected("text cut off by the end of the part");
            }
            XmlEntities.decode(buf, pos, pos + end, text);
            pos += end;
            if (startsWith(0, CDATA)) {
                int close = endOf(CDATA_END, CDATA.length);
                text.write(buf, pos + CDATA.length, close - CDATA_END.length - CDATA.length);
                pos += close;
            } else if (startsWith(0, COMMENT)) {
                pos += endOf(COMMENT_END, COMMENT.length);
            } else {
                return text.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /** Takes the text to the next tag as a shared string's index: -1 when it is empty or white space. */
    long sharedIndex() throws IOException {
        long index = -1;
        int k = 0;
        while (true) {
            if (pos + k >= limit && !available(k + 1)) {
                throw new Unexpected("text cut off by the end of the part");
            }
            int b = buf[pos + k];
            if (b >= '0' && b <= '9' && index <= Integer.MAX_VALUE) {
                index = Math.max(index, 0) * 10 + (b - '0');
            } else if (b == '<') {
                break;
            } else if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                throw new Unexpected("a shared string index that is not a number");
            }
            k++;
        }
        pos += k;
        if (index > Integer.MAX_VALUE || (available(2) && buf[pos + 1] == '!')) {
            throw new Unexpected("a shared string index out of range, or with markup in it");
        }
        return index;
    }

    /** At {@code </}: moves past the end tag if it has this local name, else past its {@code </}. */
    private boolean endTagNamed(byte[] localName) throws IOException {
        int k = 2;
        while (available(k + 1) && buf[pos + k] != '>' && buf[pos + k] != ':' && buf[pos + k] != ' ' && buf[pos + k] != '\t'
                && buf[pos + k] != '\n' && buf[pos + k] != '\r') {
            k++;
        }
        if (available(k + 1) && buf[pos + k] == ':') {
            readTag();
            return is(localName);
        }
        boolean named = k - 2 == localName.length && sameBytes(pos + 2, localName);
        pos += k;
        return named;
    }

    /** At a {@code <!} or {@code <?}: skips a comment, CDATA section or processing instruction; refuses a DOCTYPE. */
    private void skipSpecial() throws IOException {
        if (startsWith(0, COMMENT)) {
            pos += endOf(COMMENT_END, COMMENT.length);
        } else if (startsWith(0, CDATA)) {
            pos += endOf(CDATA_END, CDATA.length);
        } else if (buf[pos + 1] == '?') {
            pos += endOf(PI_END, 2);
        } else {
            throw new Unexpected("a DOCTYPE or other declaration");
        }
    }

    /** The offset from {@link #pos} just past the next {@code end} at or after {@code from}. */
    private int endOf(byte[] end, int from) throws IOException {
        int at = offsetOf(end, from);
        if (at < 0) {
            throw new Unexpected("the part ends inside a comment, CDATA section or processing instruction");
        }
        return at + end.length;
    }

    /** At a {@code <}: reads the tag to its {@code >} (quoted attribute values may hold one) and moves past it. */
    private void readTag() throws IOException {
        int k = 1;
        while (true) {
            int i = pos + k;
            while (i < limit && buf[i] != '>' && buf[i] != '"' && buf[i] != '\'') {
                i++;
            }
            k = i - pos;
            if (i == limit) {
                if (!available(k + 1)) {
                    throw new Unexpected("a tag cut off by the end of the part");
                }
            } else if (buf[i] == '>') {
                break;
            } else {
                int close = offsetOf(buf[i], k + 1);
                if (close < 0) {
                    throw new Unexpected("a tag cut off by the end of the part");
                }
                k = close + 1;
            }
        }
        tagEnd = pos + k;
        closing = buf[pos + 1] == '/';
        selfClosing = buf[tagEnd - 1] == '/';
        int i = pos + (closing ? 2 : 1);
        nameStart = i;
        for (; i < tagEnd; i++) {
            byte b = buf[i];
            if (b == ':') {
                nameStart = i + 1;
            } else if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '/') {
                break;
            }
        }
        nameEnd = i;
        if (!closing && nameEnd - nameStart == 1 && buf[nameStart] == 'c') {
            long typeAndStyle = CellAttributes.typeAndStyle(buf, nameEnd, tagEnd);
            cellType = (int) (typeAndStyle >> 32);
            cellStyle = (int) typeAndStyle;
        }
        pos = tagEnd + 1;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
