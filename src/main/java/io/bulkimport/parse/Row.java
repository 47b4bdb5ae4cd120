package io.bulkimport.parse;

import java.util.List;

/**
 * One data row: rowNumber is the number a spreadsheet shows for it (header = row 1, first data row = 2).
 * values are in header order, exactly as parsed (no trimming).
 *
 * @param problem why the row could not be read as cells (a record that breaks the quoting rules), else null; such a
 *                row has no values, and validation reports it as a row error with this reason
 */
public record Row(long rowNumber, List<String> values, String problem) {

    public Row {
        // callers keep rows around (error reports, batches), so they must not see later mutation (a sheet's cells
        // are immutable already, and copying them would format every one on the reader thread)
        values = values instanceof SheetCells ? values : List.copyOf(values);
    }

    public Row(long rowNumber, List<String> values) {
        this(rowNumber, values, null);
    }

    /**
     * What a spreadsheet's number or date cell holds next to the text it shows ({@link SheetCells#stored}): a plain
     * number ({@code 1234.56}) or an ISO 8601 date or date-time; null for a text cell and for every cell of a CSV
     * file. Typed columns read this, text columns the text.
     */
    public String storedValue(int index) {
        return values instanceof SheetCells cells ? cells.stored(index) : null;
    }

    /** A row whose record could not be read: it takes its row number, and the reason goes to the error report. */
    public static Row unreadable(long rowNumber, String problem) {
        return new Row(rowNumber, List.of(), problem);
    }
}
