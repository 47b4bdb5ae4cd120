package io.bulkimport.parse;

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

    private CellAttributes() {
    }

    /** The 0-based column of an A1 reference ("C5" → 2), -1 when the attribute is empty. */
    static final class Column extends TypedValueDecoder {

        int column;

        @Override
        public void decode(String value) {
            decode(value.toCharArray(), 0, value.length());
        }

        @Override
        public void decode(char[] chars, int start, int end) {
            int index = 0;
            for (int i = start; i < end; i++) {
                char c = chars[i];
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
            if (index == 0 || index > 16_384) {
                throw new IllegalArgumentException("cell reference '" + new String(chars, start, end - start)
                        + "' names no column A to XFD");
            }
            column = index - 1;
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
