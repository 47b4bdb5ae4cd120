package io.bulkimport.validate;

import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.HeaderMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * Hides the values of {@code secret: true} columns before a row can be reported: error records, dead letters and
 * the error CSV only ever see {@code ***} in their place. An empty cell stays empty, so a report still shows that a
 * value was missing.
 */
public final class SecretMask {

    public static final String MASK = "***";

    private SecretMask() {
    }

    /** The value as it may be reported: {@code ***} unless it is empty. */
    public static String value(String value) {
        return value == null || value.isEmpty() ? value : MASK;
    }

    /** The row's cells with every secret column's cell masked; the same list when the pipeline has no secrets. */
    public static List<String> cells(List<String> cells, List<ColumnDefinition> columns, HeaderMapping mapping) {
        List<String> masked = null;
        for (int i = 0; i < columns.size(); i++) {
            int position = mapping.position(i);
            if (!columns.get(i).secret() || position < 0 || position >= cells.size()) {
                continue;
            }
            if (masked == null) {
                masked = new ArrayList<>(cells);
            }
            masked.set(position, value(cells.get(position)));
        }
        return masked == null ? cells : java.util.Collections.unmodifiableList(masked);
    }
}
