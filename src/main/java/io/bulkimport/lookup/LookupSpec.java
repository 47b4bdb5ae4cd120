package io.bulkimport.lookup;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What stage {@code lookup} fetches for a pipeline, declared in its route file: the reference table, its key
 * column, and which of its columns fill which pipeline columns ({@code name:lead_name, company}).
 */
public class LookupSpec {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private String pipeline;
    private String table;
    private String key;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private String notFound = "unknown id";

    public String getPipeline() {
        return pipeline;
    }

    public void setPipeline(String pipeline) {
        this.pipeline = pipeline;
    }

    public String getTable() {
        return table;
    }

    public void setTable(String table) {
        this.table = identifier("table", table);
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = identifier("key", key);
    }

    /** Reference column to pipeline column, as {@code source:target} pairs (or just {@code name} for the same name). */
    public void setFields(String spec) {
        fields.clear();
        Arrays.stream(spec.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(pair -> {
            String[] parts = pair.split(":");
            fields.put(identifier("field", parts[0].strip()), identifier("field", parts[parts.length - 1].strip()));
        });
    }

    public Map<String, String> fields() {
        return fields;
    }

    public String getNotFound() {
        return notFound;
    }

    /** The reason reported for a row whose id the reference table does not have. */
    public void setNotFound(String notFound) {
        this.notFound = notFound;
    }

    private static String identifier(String what, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException("lookup " + what + " must be a lower-case SQL identifier, was '" + value + "'");
        }
        return value;
    }
}
