package io.bulkimport.parse;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The cells of one sheet row, each turned into its text when first asked for. A formatted number or date is the
 * costliest cell to read (POI's DataFormatter, the date system), and a pipeline often reads only some of a sheet's
 * columns: the reader thread keeps such a cell as it was stored and the batch thread that validates the row formats
 * the cells it uses, in parallel with the reader. Immutable from outside; a cell's text is the same whichever
 * thread formats it first.
 */
final class SheetCells extends AbstractList<String> implements RandomAccess {

    /** A cell whose text is made when first asked for. */
    interface Pending {
        String text();
    }

    /** Each element a String, or a {@link Pending} until its text is asked for. */
    private final Object[] cells;

    SheetCells(Object[] cells) {
        this.cells = cells;
    }

    @Override
    public String get(int index) {
        Object cell = cells[index];
        if (cell instanceof String text) {
            return text;
        }
        String text = ((Pending) cell).text();
        cells[index] = text;
        return text;
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
        for (Object cell : cells) {
            if (!(cell instanceof String text) || !EmptyRow.isBlank(text)) {
                return false;
            }
        }
        return true;
    }
}
