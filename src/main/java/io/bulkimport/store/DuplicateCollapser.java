package io.bulkimport.store;

import io.bulkimport.pipeline.PreparedRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds rows of one batch that share a key into one row, the way the duplicate strategy would have treated them
 * had they arrived one by one: {@code skip} keeps the first, {@code update} takes the later values, {@code merge}
 * fills only the still-empty values. One statement cannot touch the same key twice, hence this step.
 */
final class DuplicateCollapser {

    private DuplicateCollapser() {
    }

    /** The rows left, one per key; what folding counted; and the keys themselves. */
    record Collapsed(List<PreparedRow> rows, WriteResult folded, Set<Object> keys) {
    }

    static Collapsed collapse(List<PreparedRow> rows, int[] keyIndexes, String strategy) {
        Map<Object, PreparedRow> byKey = new LinkedHashMap<>(rows.size() * 2);
        long stored = 0;
        long duplicate = 0;
        for (PreparedRow row : rows) {
            Object key = key(row, keyIndexes);
            PreparedRow earlier = byKey.get(key);
            if (earlier == null) {
                byKey.put(key, row);
                continue;
            }
            String[] folded = fold(earlier.values(), row.values(), strategy);
            if (Arrays.equals(folded, earlier.values())) {
                duplicate++;
            } else {
                stored++;
                byKey.put(key, new PreparedRow(earlier.rowNumber(), folded, earlier.rawRow()));
            }
        }
        return new Collapsed(new ArrayList<>(byKey.values()), new WriteResult(stored, duplicate), byKey.keySet());
    }

    private static String[] fold(String[] earlier, String[] later, String strategy) {
        switch (strategy) {
            case "update":
                return later.clone();
            case "merge":
                String[] merged = earlier.clone();
                for (int i = 0; i < merged.length; i++) {
                    if (merged[i] == null || merged[i].isEmpty()) {
                        merged[i] = later[i];
                    }
                }
                return merged;
            default:
                return earlier;
        }
    }

    /** The value itself for a one-column key (its hash is computed once and kept), else the list of values. */
    static Object key(PreparedRow row, int[] keyIndexes) {
        if (keyIndexes.length == 1) {
            return row.values()[keyIndexes[0]];
        }
        String[] key = new String[keyIndexes.length];
        for (int i = 0; i < keyIndexes.length; i++) {
            key[i] = row.values()[keyIndexes[i]];
        }
        return Arrays.asList(key);
    }
}
