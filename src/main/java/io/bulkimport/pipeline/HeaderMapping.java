package io.bulkimport.pipeline;

import io.bulkimport.parse.HeaderNames;
import io.bulkimport.parse.UnreadableFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each declared column sits in one file's header. Names match ignoring case, spaces, '_' and '-', and
 * through the column's aliases. For a catch-all pipeline, the JSON keys to use for each header cell.
 */
public final class HeaderMapping {

    private final int[] positions;
    private final List<String> jsonKeys;

    private HeaderMapping(int[] positions, List<String> jsonKeys) {
        this.positions = positions;
        this.jsonKeys = jsonKeys;
    }

    /** The header mapped by names and aliases only, as for a file dropped in the inbox. */
    public static HeaderMapping of(PipelineDefinition pipeline, List<String> header) {
        return of(pipeline, header, ColumnChoices.NONE);
    }

    /**
     * @param choices the upload's column choices: a required column the upload gives a constant value
     *                ({@code set.<column>=}) may be absent from the file
     * @throws UnreadableFileException when two cells match one column or a required column is missing
     */
    public static HeaderMapping of(PipelineDefinition pipeline, List<String> header, ColumnChoices choices) {
        return pipeline.schemaless() ? schemaless(header) : declared(pipeline.columnDefinitions(), header, choices);
    }

    /** Position of the declared column {@code index} in the file's cells, or -1 when the file lacks it. */
    public int position(int index) {
        return positions[index];
    }

    public List<String> jsonKeys() {
        return jsonKeys;
    }

    private static HeaderMapping declared(List<ColumnDefinition> columns, List<String> header, ColumnChoices choices) {
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            byName.putIfAbsent(HeaderNames.normalize(columns.get(i).name()), i);
            for (String alias : columns.get(i).aliases()) {
                byName.putIfAbsent(HeaderNames.normalize(alias), i);
            }
        }
        int[] positions = new int[columns.size()];
        java.util.Arrays.fill(positions, -1);
        for (int cell = 0; cell < header.size(); cell++) {
            Integer column = byName.get(HeaderNames.normalize(header.get(cell)));
            if (column == null) {
                continue;
            }
            if (positions[column] >= 0) {
                throw new UnreadableFileException("duplicate column: " + columns.get(column).name() + " (header cells "
                        + (positions[column] + 1) + " '" + header.get(positions[column]) + "' and " + (cell + 1) + " '"
                        + header.get(cell) + "')");
            }
            positions[column] = cell;
        }
        List<String> missing = missingRequired(columns, positions, choices).stream().map(ColumnDefinition::name).toList();
        if (!missing.isEmpty()) {
            throw new UnreadableFileException((missing.size() == 1 ? "missing required column: " : "missing required columns: ")
                    + String.join(", ", missing));
        }
        return new HeaderMapping(positions, List.of());
    }

    /**
     * The required columns that no header cell gave a position and that take no value without one: no
     * {@code default} and no constant from the upload ({@code set.<column>=}); in declared order.
     */
    static List<ColumnDefinition> missingRequired(List<ColumnDefinition> columns, int[] positions, ColumnChoices choices) {
        List<ColumnDefinition> missing = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnDefinition column = columns.get(i);
            if (positions[i] < 0 && column.required() && column.defaultValue() == null
                    && !choices.set().containsKey(column.name())) {
                missing.add(column);
            }
        }
        return missing;
    }

    /** Keys are the header cells as written (trimmed); a blank or repeated name gets a suffix so no cell is lost. */
    private static HeaderMapping schemaless(List<String> header) {
        java.util.Set<String> taken = new java.util.HashSet<>();
        List<String> keys = new ArrayList<>();
        for (int cell = 0; cell < header.size(); cell++) {
            String name = header.get(cell) == null ? "" : header.get(cell).strip();
            String base = name.isEmpty() ? "column_" + (cell + 1) : name;
            String key = base;
            for (int n = 2; !taken.add(key); n++) {
                key = base + " (" + n + ")";
            }
            keys.add(key);
        }
        return new HeaderMapping(new int[0], List.copyOf(keys));
    }
}
