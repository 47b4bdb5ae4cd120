package io.bulkimport.parse;

/**
 * A cell that holds no value a person could use: an Excel error ({@code #N/A}, {@code #REF!}, …) or a date cell
 * that is not a date. The reader puts a marked text in the cell's place; the validator turns it into a row error
 * with this reason, so only rows whose used cells are bad fail. U+FFFE, a noncharacter that XML cannot carry,
 * marks the text.
 */
public final class CellError {

    private static final char MARK = '\uFFFE';

    private CellError() {
    }

    /**
     * @param reason the row error's reason, naming the cell ("cell C5 holds the Excel error #N/A")
     * @param shown what the error report shows as the cell's value
     */
    static String cell(String reason, String shown) {
        return MARK + reason + MARK + shown;
    }

    /** @return the reason, or null when the text is a plain value */
    public static String reason(String value) {
        if (value == null || value.isEmpty() || value.charAt(0) != MARK) {
            return null;
        }
        int end = value.indexOf(MARK, 1);
        return end < 0 ? null : value.substring(1, end);
    }

    /** @return what to show for the cell: the error as Excel writes it, or the value unchanged when not marked */
    public static String shown(String value) {
        if (reason(value) == null) {
            return value;
        }
        return value.substring(value.indexOf(MARK, 1) + 1);
    }

    /** "C5" for column index 2 (0-based) of row 5: the A1 reference Excel shows. */
    static String reference(int column, long row) {
        StringBuilder letters = new StringBuilder();
        for (int c = column + 1; c > 0; c = (c - 1) / 26) {
            letters.insert(0, (char) ('A' + (c - 1) % 26));
        }
        return letters.append(row).toString();
    }
}
