package io.bulkimport.validate;

import io.bulkimport.pipeline.ColumnChoices;
import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.PipelineDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The upload's constant columns ({@code set.<column>=<value>}, {@link io.bulkimport.pipeline.ColumnChoices#set()}):
 * the value a column takes in every row whose cell is empty or whose file lacks the column. It stands where the
 * cell would, so it goes through the column's rules ({@link ValueRules}) like a cell, before the column's
 * {@code default}. Pure; no I/O.
 */
public final class ConstantColumns {

    private ConstantColumns() {
    }

    /** The constant of each declared column, by position; null where the upload set none. */
    public static String[] of(List<ColumnDefinition> columns, Map<String, String> set) {
        String[] constants = new String[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            constants[i] = set.get(columns.get(i).name());
        }
        return constants;
    }

    /** The cell as the rules see it: the constant when the cell is empty (or blank) or absent, else the cell. */
    public static String fill(String cell, String constant) {
        return constant != null && (cell == null || ValueRules.strip(cell).isEmpty()) ? constant : cell;
    }

    /**
     * Checks each constant against its column's rules (read with the upload's {@code locale=}/{@code dateFormat=}), so a value no row could take is refused at upload.
     *
     * @throws IllegalArgumentException naming every invalid {@code set.<column>=<value>} and why (a secret column's
     *                                  value shown as {@code ***}); columns the pipeline does not declare are
     *                                  {@link io.bulkimport.pipeline.ColumnChoices}'s to refuse and are skipped here
     */
    public static void requireValid(PipelineDefinition pipeline, ColumnChoices choices) {
        List<String> invalid = new ArrayList<>();
        List<ColumnDefinition> columns = pipeline.columnDefinitions();
        // read as the file's cells will be: with the upload's locale= and dateFormat=
        TypedColumns typed = TypedColumns.of(columns, choices);
        for (int i = 0; i < columns.size(); i++) {
            ColumnDefinition column = columns.get(i);
            String value = choices.set().get(column.name());
            if (value != null && ValueRules.apply(column, value, typed, i, null) instanceof ValueRules.Invalid bad) {
                invalid.add("set." + column.name() + "=" + (column.secret() ? SecretMask.value(value) : value) + " ("
                        + bad.reason() + ")");
            }
        }
        if (!invalid.isEmpty()) {
            throw new IllegalArgumentException("invalid constant value" + (invalid.size() == 1 ? "" : "s") + ": "
                    + String.join(", ", invalid));
        }
    }
}
