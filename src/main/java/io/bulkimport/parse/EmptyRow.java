package io.bulkimport.parse;

/**
 * What counts as an empty row (CSV, and a sheet's row by its cells' text), skipped like a blank line (it still takes its row number): every cell empty or
 * only white space, e.g. {@code ,,}, {@code "  ,  ,"} or a lone tab. A spreadsheet shows such a row as empty, so
 * reporting it as a row with a missing required value would only puzzle the person who reads the report.
 */
final class EmptyRow {

    private EmptyRow() {
    }

    /** @param cells the row's cells as parsed (nulls count as empty) */
    static boolean isEmpty(String[] cells) {
        for (String cell : cells) {
            if (!isBlank(cell)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a cell holds nothing but white space: {@link Character#isWhitespace} plus the no-break spaces
     * (U+00A0, U+2007, U+202F) that spreadsheets and web pages leave behind. Returns at the first other character.
     */
    static boolean isBlank(String cell) {
        if (cell == null) {
            return true;
        }
        for (int i = 0; i < cell.length(); i++) {
            if (!isBlank(cell.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether one character is white space as {@link #isBlank(String)} has it. */
    static boolean isBlank(char c) {
        return Character.isWhitespace(c) || c == '\u00A0' || c == '\u2007' || c == '\u202F';
    }
}
