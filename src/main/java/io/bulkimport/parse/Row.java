package io.bulkimport.parse;

import java.util.List;

/**
 * One data row: rowNumber is the number a spreadsheet shows for it (header = row 1, first data row = 2).
 * values are in header order, exactly as parsed (no trimming).
 */
public record Row(long rowNumber, List<String> values) {

    public Row {
        // callers keep rows around (error reports, batches), so they must not see later mutation
        values = List.copyOf(values);
    }
}
