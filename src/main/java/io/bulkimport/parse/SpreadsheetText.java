package io.bulkimport.parse;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The text of a SpreadsheetML rich-text string ({@code <si>} of the shared strings, {@code <is>} of an inline string;
 * ECMA-376 Part 1, §18.4.8 and §18.3.1.53): the runs' {@code <t>} texts joined, without the phonetic guides
 * ({@code <rPh>}, the furigana East-Asian Excel adds) and without the indentation of pretty-printed XML, with the
 * {@code _xHHHH_} escapes of ST_Xstring (§22.9.2.19) decoded.
 */
final class SpreadsheetText {

    private SpreadsheetText() {
    }

    /**
     * Reads from the start tag the reader is on to its end tag.
     *
     * @param xml positioned on the start of {@code si} or {@code is}; left on its end tag
     * @return the decoded text, "" when there is none
     * @throws XMLStreamException when the XML is malformed
     */
    static String read(XMLStreamReader xml) throws XMLStreamException {
        StringBuilder text = null;
        String single = null;
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if ("t".equals(name)) {
                    String t = xml.getElementText();
                    if (single == null && text == null) {
                        single = t;
                    } else {
                        if (text == null) {
                            text = new StringBuilder(single);
                        }
                        text.append(t);
                    }
                } else if ("rPh".equals(name)) {
                    skipElement(xml);
                } else {
                    depth++;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        String joined = text != null ? text.toString() : single != null ? single : "";
        return decodeEscapes(joined);
    }

    /** Skips the element the reader is on, children included; leaves the reader on its end tag. */
    static void skipElement(XMLStreamReader xml) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /**
     * Decodes ST_Xstring escapes: {@code _x000D_} is a carriage return, {@code _x005F_} an underscore (so
     * {@code _x005F_x0031_} is the literal text {@code _x0031_}). Scanned left to right, each escape once.
     */
    static String decodeEscapes(String value) {
        int start = value.indexOf("_x");
        if (start < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int copied = 0;
        for (int i = start; i >= 0 && i + 7 <= value.length(); i = value.indexOf("_x", i)) {
            int code = value.charAt(i + 6) == '_' ? hex4(value, i + 2) : -1;
            if (code < 0) {
                i++;
                continue;
            }
            out.append(value, copied, i).append((char) code);
            i += 7;
            copied = i;
        }
        return copied == 0 ? value : out.append(value, copied, value.length()).toString();
    }

    private static int hex4(String value, int from) {
        int code = 0;
        for (int i = from; i < from + 4; i++) {
            int digit = Character.digit(value.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            code = code * 16 + digit;
        }
        return code;
    }
}
