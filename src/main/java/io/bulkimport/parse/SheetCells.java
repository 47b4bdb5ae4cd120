package io.bulkimport.parse;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The cells of one sheet row, a formatted number turned into its text each time it is asked for. A formatted number
 * or date is the costliest cell to read (POI's DataFormatter, the date system), and a pipeline often reads only some
 * of a sheet's columns: the reader thread keeps such a cell as it was stored, and the batch thread that validates the
 * row formats the cells it uses, in parallel with the reader. A row's cells are read once or twice (validation, an
 * error report), so nothing is cached: the list is immutable, which makes it safe to share between threads.
 */
final class SheetCells extends AbstractList<String> implements RandomAccess {

    /** A cell whose text is made when asked for (a date cell, {@code t="d"}). */
    interface Pending {
        String text();

        /** Its value as stored, for {@link #stored}. */
        String stored();
    }

    /** Each element a String (the text, or a number as stored when its format is set) or a {@link Pending}. */
    private final Object[] cells;
    /** null, or per cell the number format to show it with (null for cells that are text already) */
    private final NumberFormat[] formats;
    private final ExcelCellText text;

    SheetCells(Object[] cells, NumberFormat[] formats, ExcelCellText text) {
        this.cells = cells;
        this.formats = formats;
        this.text = text;
    }

    @Override
    public String get(int index) {
        Object cell = cells[index];
        if (cell instanceof String value) {
            NumberFormat format = formats == null ? null : formats[index];
            return format == null ? value : text.number(value, format);
        }
        return ((Pending) cell).text();
    }

    /**
     * The value a number or date cell holds, whatever its format shows: a number as Excel keeps it (General's 15
     * digits, {@code 0.12} for a cell showing {@code 12%}, {@code 1234.56} for one showing {@code 1,234.56}), a
     * date-formatted number as the ISO date or date-time of its serial (1900 or 1904 date system), a {@code t="d"}
     * cell as its ISO 8601 text; null for a cell that holds text.
     */
    String stored(int index) {
        Object cell = cells[index];
        if (cell instanceof Pending pending) {
            return pending.stored();
        }
        NumberFormat format = formats == null ? null : formats[index];
        return format == null ? null : text.stored((String) cell, format);
    }

    @Override
    public int size() {
        return cells.length;
    }

    /**
     * Whether every cell is empty or white space ({@link EmptyRow#isBlank}) — without formatting: a number or a date
     * always shows something.
     */
    boolean blank() {
        for (int i = 0; i < cells.length; i++) {
            if (!(cells[i] instanceof String value) || (formats != null && formats[i] != null) || !EmptyRow.isBlank(value)) {
                return false;
            }
        }
        return true;
    }
}
