package io.bulkimport.pipeline;

import io.bulkimport.parse.HeaderNames;
import io.bulkimport.parse.UnreadableFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each declared column sits in one file's header. A column the upload maps ({@code map.<column>=<header>},
 * {@link ColumnChoices#map()}) takes that header cell, matched as written or else ignoring case, spaces, '_' and '-'
 * ({@link HeaderNames#normalize}); the other columns match by name ignoring the same, and through their aliases, among
 * the cells no mapped column took. For a catch-all pipeline, the JSON keys to use for each header cell.
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
     * @param choices the upload's column choices; its {@code map} entries for columns the pipeline does not declare
     *                are ignored (a saved mapping may name a column a route has since dropped); a required column the
     *                upload gives a constant value ({@code set.<column>=}) may be absent from the file
     * @throws UnreadableFileException when a mapped header is not in the file, two columns are mapped to one header,
     *                                 two cells match one column, or a required column is missing
     *                                 ({@link MissingColumnsException}, which names the headers found and the closest)
     */
    public static HeaderMapping of(PipelineDefinition pipeline, List<String> header, ColumnChoices choices) {
        return pipeline.schemaless() ? schemaless(header) : declared(pipeline.columnDefinitions(), header, choices);
    }

    /**
     * The {@code map.} entries of {@code choices} whose header the file does not have, and those that name a header an
     * entry before it (by column name) already took: column → {@code map.<column>=<header>}, with the reason for a
     * header taken twice; empty when every mapped header is in the file once.
     */
    public static Map<String, String> unmatchedChoices(ColumnChoices choices, List<String> header) {
        Map<String, String> problems = new java.util.LinkedHashMap<>();
        Map<Integer, String> taken = new HashMap<>();
        new java.util.TreeMap<>(choices.map()).forEach((column, wanted) -> {
            int cell = cellOf(wanted, header);
            if (cell < 0) {
                problems.put(column, "map." + column + "=" + wanted);
            } else if (taken.containsKey(cell)) {
                problems.put(column, "map." + column + "=" + wanted + " (that header is already mapped to " + taken.get(cell) + ")");
            } else {
                taken.put(cell, column);
            }
        });
        return problems;
    }

    /** Position of the declared column {@code index} in the file's cells, or -1 when the file lacks it. */
    public int position(int index) {
        return positions[index];
    }

    public List<String> jsonKeys() {
        return jsonKeys;
    }

    /** The cell of {@code wanted}: the first written exactly so (trimmed), else the first that normalises the same. */
    static int cellOf(String wanted, List<String> header) {
        String exact = wanted.strip();
        for (int cell = 0; cell < header.size(); cell++) {
            if (header.get(cell) != null && header.get(cell).strip().equals(exact)) {
                return cell;
            }
        }
        String key = HeaderNames.normalize(wanted);
        for (int cell = 0; cell < header.size(); cell++) {
            if (!key.isEmpty() && HeaderNames.normalize(header.get(cell)).equals(key)) {
                return cell;
            }
        }
        return -1;
    }

    private static HeaderMapping declared(List<ColumnDefinition> columns, List<String> header, ColumnChoices choices) {
        int[] positions = new int[columns.size()];
        java.util.Arrays.fill(positions, -1);
        boolean[] claimed = new boolean[header.size()];
        mapExplicitly(columns, header, choices, positions, claimed);
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (positions[i] >= 0) {
                continue;   // mapped by the upload: its name and aliases claim no other cell
            }
            byName.putIfAbsent(HeaderNames.normalize(columns.get(i).name()), i);
            for (String alias : columns.get(i).aliases()) {
                byName.putIfAbsent(HeaderNames.normalize(alias), i);
            }
        }
        for (int cell = 0; cell < header.size(); cell++) {
            Integer column = claimed[cell] ? null : byName.get(HeaderNames.normalize(header.get(cell)));
            if (column == null) {
                continue;
            }
            if (positions[column] >= 0) {
                throw new UnreadableFileException("duplicate column: " + columns.get(column).name() + " (header cells "
                        + (positions[column] + 1) + " '" + header.get(positions[column]) + "' and " + (cell + 1) + " '"
                        + header.get(cell) + "')");
            }
            positions[column] = cell;
            claimed[cell] = true;
        }
        List<ColumnDefinition> missing = missingRequired(columns, positions, choices);
        if (!missing.isEmpty()) {
            throw new MissingColumnsException(missing, header, claimed,
                    (int) columns.stream().filter(ColumnDefinition::key).count());
        }
        return new HeaderMapping(positions, List.of());
    }

    private static void mapExplicitly(List<ColumnDefinition> columns, List<String> header, ColumnChoices choices,
                                      int[] positions, boolean[] claimed) {
        for (int i = 0; i < columns.size(); i++) {
            String wanted = choices.map().get(columns.get(i).name());
            if (wanted == null) {
                continue;
            }
            int cell = cellOf(wanted, header);
            if (cell < 0 || claimed[cell]) {
                throw new UnreadableFileException((cell < 0 ? "header not in the file: map." : "header mapped twice: map.")
                        + columns.get(i).name() + "=" + wanted + " (headers found: " + MissingColumnsException.list(header) + ")");
            }
            positions[i] = cell;
            claimed[cell] = true;
        }
    }

    /**
     * The required columns that no header cell gave a position and that take no value without one: no
     * {@code default} and no constant from the upload ({@code set.<column>=}); in declared order. The one place
     * that decides whether a column may be absent from the file.
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
