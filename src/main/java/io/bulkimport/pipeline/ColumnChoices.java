package io.bulkimport.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one upload says about the pipeline's columns, on top of the route's column rules: which header each column
 * is read from, a value for columns the file leaves empty, and how to read dates and numbers.
 *
 * @param mapping    the name of a saved mapping to apply ({@code mapping=<name>}); null for none
 * @param map        column name → the header as it appears in the file ({@code map.<column>=<header>}); these win
 *                   over the saved mapping's entries and over the route's aliases
 * @param set        column name → the value for every row whose cell is empty or missing ({@code set.<column>=<value>})
 * @param locale     an IETF BCP 47 language tag ({@code de-DE}) that decimal columns read their separators by; null for
 *                   each column's own rule
 * @param dateFormat a {@link java.time.format.DateTimeFormatter} pattern (or several, comma-separated) that date and
 *                   timestamp columns read by instead of their own {@code formats}; null for those
 */
public record ColumnChoices(String mapping, Map<String, String> map, Map<String, String> set, String locale,
                            String dateFormat) {

    /** An upload that chose nothing. */
    public static final ColumnChoices NONE = new ColumnChoices(null, Map.of(), Map.of(), null, null);

    public ColumnChoices {
        map = Map.copyOf(map);
        set = Map.copyOf(set);
    }

    /**
     * Reads {@code mapping}, {@code map.*}, {@code set.*}, {@code locale} and {@code dateFormat} from request
     * parameters (names are case-sensitive; values are stripped, blank ones ignored).
     *
     * @throws IllegalArgumentException naming every {@code map.}/{@code set.} column the pipeline does not declare,
     *                                  with the columns it does; for a {@code locale} that is no known BCP 47 tag; for
     *                                  a {@code dateFormat} pattern that java.time cannot read
     */
    public static ColumnChoices from(PipelineDefinition pipeline, Map<String, String> params) {
        Map<String, String> map = prefixed(params, "map.");
        Map<String, String> set = prefixed(params, "set.");
        requireDeclared(pipeline, map, set);
        String locale = blankToNull(params.get("locale"));
        String dateFormat = blankToNull(params.get("dateFormat"));
        requireReadable(locale, dateFormat);
        return new ColumnChoices(blankToNull(params.get("mapping")), map, set, locale, dateFormat);
    }

    private static void requireReadable(String locale, String dateFormat) {
        if (locale != null) {
            try {
                TypeRules.locale(locale);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("locale: " + e.getMessage(), e);
            }
        }
        if (dateFormat != null) {
            try {
                List<String> patterns = DatePatterns.split(dateFormat);
                if (patterns.isEmpty()) {
                    throw new IllegalArgumentException("no pattern in '" + dateFormat + "'");
                }
                patterns.forEach(DatePatterns::compile);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("dateFormat: " + e.getMessage()
                        + " (give java.time patterns such as dd/MM/yyyy, comma-separated)", e);
            }
        }
    }

    /** These choices with a saved mapping's entries under the upload's own {@code map.} entries (those win). */
    public ColumnChoices withSavedMapping(Map<String, String> saved) {
        Map<String, String> merged = new LinkedHashMap<>(saved);
        merged.putAll(map);
        return new ColumnChoices(mapping, merged, set, locale, dateFormat);
    }

    /** Whether the upload chose anything at all. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** The choices as stored with the job (keys absent when not chosen). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (mapping != null) {
            m.put("mapping", mapping);
        }
        if (!map.isEmpty()) {
            m.put("map", new TreeMap<>(map));
        }
        if (!set.isEmpty()) {
            m.put("set", new TreeMap<>(set));
        }
        if (locale != null) {
            m.put("locale", locale);
        }
        if (dateFormat != null) {
            m.put("dateFormat", dateFormat);
        }
        return m;
    }

    /** Reads choices stored with a job by {@link #asMap()}; a job stored before they existed chose nothing. */
    public static ColumnChoices fromMap(Map<String, Object> m) {
        return new ColumnChoices(string(m.get("mapping")), strings(m.get("map")), strings(m.get("set")),
                string(m.get("locale")), string(m.get("dateFormat")));
    }

    private static Map<String, String> prefixed(Map<String, String> params, String prefix) {
        Map<String, String> out = new TreeMap<>();
        params.forEach((name, value) -> {
            if (name.startsWith(prefix) && name.length() > prefix.length() && value != null && !value.isBlank()) {
                out.put(name.substring(prefix.length()).strip(), value.strip());
            }
        });
        return out;
    }

    private static void requireDeclared(PipelineDefinition pipeline, Map<String, String> map, Map<String, String> set) {
        List<String> chosen = new ArrayList<>();
        map.keySet().forEach(column -> chosen.add("map." + column));
        set.keySet().forEach(column -> chosen.add("set." + column));
        if (chosen.isEmpty()) {
            return;
        }
        if (pipeline.schemaless()) {
            throw new IllegalArgumentException("pipeline " + pipeline.getName() + " keeps every column as the file "
                    + "names it: map. and set. do not apply (" + String.join(", ", chosen) + ")");
        }
        List<String> declared = pipeline.columnDefinitions().stream().map(ColumnDefinition::name).toList();
        List<String> unknown = chosen.stream().filter(p -> !declared.contains(p.substring(4))).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown column" + (unknown.size() == 1 ? "" : "s") + " in "
                    + String.join(", ", unknown) + "; pipeline " + pipeline.getName() + " has " + String.join(", ", declared));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> out = new TreeMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }
}
