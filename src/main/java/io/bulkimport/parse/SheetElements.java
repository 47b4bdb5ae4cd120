package io.bulkimport.parse;

import java.nio.charset.StandardCharsets;

/**
 * The local names of the SpreadsheetML elements the byte scanners look for ({@link ScanningWorksheetReader},
 * {@link SheetRowCounter}, {@link XmlText#richText}), as ASCII bytes: ECMA-376 Part 1, §18.3.1 (worksheet) and
 * §18.4 (strings).
 */
final class SheetElements {

    static final byte[] SHEET_DATA = ascii("sheetData");
    static final byte[] ROW = ascii("row");
    static final byte[] CELL = ascii("c");
    static final byte[] VALUE = ascii("v");
    static final byte[] FORMULA = ascii("f");
    static final byte[] INLINE_STRING = ascii("is");
    static final byte[] TEXT = ascii("t");
    static final byte[] PHONETIC = ascii("rPh");

    private SheetElements() {
    }

    private static byte[] ascii(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }
}
