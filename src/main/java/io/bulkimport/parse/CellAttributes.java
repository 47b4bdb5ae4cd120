package io.bulkimport.parse;

import java.nio.charset.StandardCharsets;
import org.codehaus.stax2.typed.TypedValueDecoder;

/**
 * Reads the two attributes every cell has, its reference ({@code r="C5"}) and type ({@code t="s"}), straight from
 * the parser's buffer through the Stax2 typed-access API, instead of making two Strings for each of a sheet's
 * millions of cells. The types are those of ECMA-376 Part 1 §18.18.11 (ST_CellType).
 */
final class CellAttributes {

    static final int NUMBER = 0;
    static final int SHARED_STRING = 1;
    static final int INLINE_STRING = 2;
    static final int FORMULA_STRING = 3;
    static final int BOOLEAN = 4;
    static final int ERROR = 5;
    static final int DATE = 6;
    static final int UNKNOWN = 7;

    private static final byte[] STR = {'s', 't', 'r'};
    private static final byte[] INLINE_STR = {'i', 'n', 'l', 'i', 'n', 'e', 'S', 't', 'r'};

    private CellAttributes() {
    }

    /**
     * The type and style of a {@code c} tag from its raw bytes, for a scan that does not parse the XML
     * ({@link SheetRowCounter}): the attributes in bytes [from, to) of {@code tag}, read in one pass.
     *
     * @return the type (one of the constants above) in the high 32 bits, the style index in the low 32 (0 without an
     *         {@code s}, -1 when it is not a number)
     */
    static long typeAndStyle(byte[] tag, int from, int to) {
        int type = NUMBER;
        int style = 0;
        int i = from;
        while (i < to) {
            if (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\n' || tag[i] == '\r') {
                i++;
                continue;
            }
            int name = i;
            while (i < to && tag[i] != '=' && tag[i] != ' ' && tag[i] != '/') {
                i++;
            }
            boolean oneLetter = i - name == 1;
            while (i < to && tag[i] != '"' && tag[i] != '\'') {
                i++;
            }
            if (i >= to) {
                break;
            }
            byte quote = tag[i];
            int start = ++i;
            while (i < to && tag[i] != quote) {
                i++;
            }
            if (oneLetter && tag[name] == 't') {
                type = type(tag, start, i);
            } else if (oneLetter && tag[name] == 's') {
                style = style(tag, start, i);
            }
            i++;
        }
        return ((long) type << 32) | (style & 0xFFFFFFFFL);
    }

    /**
     * Where the value of the one-letter attribute {@code name} is in bytes [from, to) of {@code tag} (the attributes
     * of a start tag, as {@link #typeAndStyle} reads them).
     *
     * @return the value's start in the high 32 bits and its end in the low 32; -1 when the tag has no such attribute
     */
    static long valueOf(byte[] tag, int from, int to, byte name) {
        int i = from;
        while (i < to) {
            if (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\n' || tag[i] == '\r') {
                i++;
                continue;
            }
            int start = i;
            while (i < to && tag[i] != '=' && tag[i] != ' ' && tag[i] != '/') {
                i++;
            }
            boolean named = i - start == 1 && tag[start] == name;
            while (i < to && tag[i] != '"' && tag[i] != '\'') {
                i++;
            }
            if (i >= to) {
                break;
            }
            byte quote = tag[i];
            int valueStart = ++i;
            while (i < to && tag[i] != quote) {
                i++;
            }
            if (named) {
                return ((long) valueStart << 32) | i;
            }
            i++;
        }
        return -1;
    }

    /**
     * The 0-based column of the A1 reference in bytes [start, end) ("C5" → 2; "$C$5" too), -1 when it is empty.
     *
     * @throws IllegalArgumentException when it names no column A to XFD
     */
    static int column(byte[] reference, int start, int end) {
        int index = 0;
        for (int i = start; i < end; i++) {
            byte c = reference[i];
            if (c >= 'A' && c <= 'Z') {
                index = index * 26 + (c - 'A' + 1);
            } else if (c >= 'a' && c <= 'z') {
                index = index * 26 + (c - 'a' + 1);
            } else if (c != '$') {
                break;
            }
            if (index > 16_384) {
                break;
            }
        }
        if (start == end) {
            return -1;
        }
        if (index == 0 || index > 16_384) {
            throw new IllegalArgumentException("cell reference '"
                    + new String(reference, start, end - start, StandardCharsets.UTF_8)
                    + "' names no column A to XFD");
        }
        return index - 1;
    }

    private static int type(byte[] tag, int start, int end) {
        int length = end - start;
        byte first = length == 0 ? (byte) 'n' : tag[start];
        return switch (first) {
            case 'n' -> length <= 1 ? NUMBER : UNKNOWN;
            case 's' -> length == 1 ? SHARED_STRING : is(tag, start, end, STR) ? FORMULA_STRING : UNKNOWN;
            case 'i' -> is(tag, start, end, INLINE_STR) ? INLINE_STRING : UNKNOWN;
            case 'b' -> length == 1 ? BOOLEAN : UNKNOWN;
            case 'e' -> length == 1 ? ERROR : UNKNOWN;
            case 'd' -> length == 1 ? DATE : UNKNOWN;
            default -> UNKNOWN;
        };
    }

    private static boolean is(byte[] tag, int start, int end, byte[] name) {
        if (end - start != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (tag[start + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static int style(byte[] tag, int start, int end) {
        int style = 0;
        for (int i = start; i < end; i++) {
            int digit = tag[i] - '0';
            if (digit < 0 || digit > 9 || style > 10_000_000) {
                return -1;
            }
            style = style * 10 + digit;
        }
        return style;
    }

    /** The 0-based column of an A1 reference ("C5" → 2), -1 when the attribute is empty; for the Stax2 typed access. */
    static final class Column extends TypedValueDecoder {

        int column;

        @Override
        public void decode(String value) {
            decode(value.toCharArray(), 0, value.length());
        }

        /** As {@link CellAttributes#column(byte[], int, int)}: only the StAX reader (a part not in UTF-8) comes here. */
        @Override
        public void decode(char[] chars, int start, int end) {
            byte[] reference = new String(chars, start, end - start).getBytes(StandardCharsets.UTF_8);
            column = CellAttributes.column(reference, 0, reference.length);
        }

        @Override
        public void handleEmptyValue() {
            column = -1;
        }
    }

    /** The cell's type as one of the constants above; {@link #NUMBER} when the attribute is empty. */
    static final class Type extends TypedValueDecoder {

        int type;

        @Override
        public void decode(String value) {
            decode(value.toCharArray(), 0, value.length());
        }

        @Override
        public void decode(char[] chars, int start, int end) {
            int length = end - start;
            char first = length == 0 ? 'n' : chars[start];
            type = switch (first) {
                case 'n' -> length == 1 ? NUMBER : UNKNOWN;
                case 's' -> length == 1 ? SHARED_STRING : is(chars, start, end, "str") ? FORMULA_STRING : UNKNOWN;
                case 'i' -> is(chars, start, end, "inlineStr") ? INLINE_STRING : UNKNOWN;
                case 'b' -> length == 1 ? BOOLEAN : UNKNOWN;
                case 'e' -> length == 1 ? ERROR : UNKNOWN;
                case 'd' -> length == 1 ? DATE : UNKNOWN;
                default -> UNKNOWN;
            };
        }

        @Override
        public void handleEmptyValue() {
            type = NUMBER;
        }

        private static boolean is(char[] chars, int start, int end, String name) {
            if (end - start != name.length()) {
                return false;
            }
            for (int i = 0; i < name.length(); i++) {
                if (chars[start + i] != name.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
