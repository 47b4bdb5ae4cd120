package io.bulkimport.store;

import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.PreparedRow;
import io.bulkimport.pipeline.RowError;
import io.bulkimport.validate.SecretMask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bounded sample a dry run keeps for {@code GET /api/imports/{id}/preview}: the first {@link #LIMIT} valid rows
 * as they would be stored (the values after the validate stage, in the pipeline's column order) and the first
 * {@link #LIMIT} changes an {@code update} or {@code merge} would make to existing rows, field by field. Secret
 * columns show as {@code ***} ({@link SecretMask}). Never holds more than {@code 2 × LIMIT} entries, whatever the
 * file's size. Fed by one batch at a time, in file order.
 */
public final class DryRunSample {

    /** How many rows, and how many changes, a dry run keeps. {@code /preview?limit=} is at most this. */
    public static final int LIMIT = 100;

    private final List<ColumnDefinition> columns;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final List<Map<String, Object>> changes = new ArrayList<>();
    private final List<Map<String, Object>> refused = new ArrayList<>();
    private long lastRow;
    private long lastChange;
    private long lastRefused;
    private int version;

    public DryRunSample(List<ColumnDefinition> columns) {
        this.columns = List.copyOf(columns);
    }

    public boolean wantsRows() {
        return rows.size() < LIMIT;
    }

    public boolean wantsChanges() {
        return changes.size() < LIMIT;
    }

    /**
     * Adds rows until the sample holds {@link #LIMIT}: {@code {rowNumber, <column>: value…}}. Rows at or before the
     * last one taken are skipped: a batch played again after a failure adds nothing twice.
     */
    public void addRows(List<PreparedRow> valid) {
        for (PreparedRow row : valid) {
            if (!wantsRows()) {
                return;
            }
            if (row.rowNumber() <= lastRow) {
                continue;
            }
            lastRow = row.rowNumber();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rowNumber", row.rowNumber());
            if (columns.isEmpty()) {
                m.put("data", row.values()[0]);   // a catch-all pipeline stores the row as one JSON object
            } else {
                for (int i = 0; i < columns.size(); i++) {
                    m.put(columns.get(i).name(), shown(columns.get(i), row.values()[i]));
                }
            }
            rows.add(m);
            version++;
        }
    }

    /**
     * Adds the change of one existing row when it has one: {@code {rowNumber, key: {…}, changes: [{column, old, new}]}}.
     * {@code before} and {@code after} are the row's values as PostgreSQL renders them as text, in column order.
     * A column counts as changed when its text differs, except that empty and null are alike (a merge that finds
     * nothing to fill an empty column with leaves it empty).
     *
     * @return whether the row changed
     */
    public boolean addChange(long rowNumber, String[] before, String[] after) {
        List<Map<String, Object>> fields = changedFields(columns, before, after);
        if (fields.isEmpty()) {
            return false;
        }
        if (wantsChanges() && rowNumber > lastChange) {
            lastChange = rowNumber;
            Map<String, Object> key = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).key()) {
                    key.put(columns.get(i).name(), shown(columns.get(i), after[i]));
                }
            }
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("rowNumber", rowNumber);
            change.put("key", key);
            change.put("changes", fields);
            changes.add(change);
            version++;
        }
        return true;
    }

    /** The fields that differ between {@code before} and {@code after}, secret ones masked. */
    static List<Map<String, Object>> changedFields(List<ColumnDefinition> columns, String[] before, String[] after) {
        List<Map<String, Object>> fields = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnDefinition column = columns.get(i);
            if (column.key() || Objects.equals(emptyAsNull(before[i]), emptyAsNull(after[i]))) {
                continue;
            }
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("column", column.name());
            field.put("old", shown(column, before[i]));
            field.put("new", shown(column, after[i]));
            fields.add(field);
        }
        return fields;
    }

    /** The first rows the database would refuse, with its reason (their values stay out: they may be secret). */
    public void addRefused(List<RowError> errors) {
        for (RowError error : errors) {
            if (refused.size() >= LIMIT || error.rowNumber() <= lastRefused) {
                continue;
            }
            lastRefused = error.rowNumber();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rowNumber", error.rowNumber());
            m.put("column", error.column());
            m.put("reason", error.reason());
            refused.add(m);
            version++;
        }
    }

    /** Grows with every entry added: the batch's transaction saves the sample when it changed. */
    public int version() {
        return version;
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", rows);
        m.put("changes", changes);
        m.put("refused", refused);
        return m;
    }

    private static Object shown(ColumnDefinition column, String value) {
        return column.secret() ? SecretMask.value(value) : value;
    }

    private static String emptyAsNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
