package io.bulkimport.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A pipeline as declared in its route file ({@code routes/<name>.camel.yaml}, section {@code beans}):
 * the table it fills, its columns and its defaults. Without columns the pipeline is a catch-all that keeps
 * every row as a JSON object of header name to value.
 */
public class PipelineDefinition {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Set<String> STRATEGIES = Set.of("skip", "update", "merge");

    private String name;
    private String table;
    private String description = "";
    private int batchSize = 1000;
    private String duplicates = "skip";
    private String columns = "";
    private List<ColumnDefinition> columnDefinitions = List.of();
    private Character escape;
    private java.nio.charset.Charset encoding;
    private String maxErrors = "";
    private String onTooManyErrors = "";

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = requireIdentifier("name", name);
    }

    public String getTable() {
        return table == null ? name : table;
    }

    public void setTable(String table) {
        this.table = requireIdentifier("table", table);
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description == null ? "" : description.trim();
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("batchSize must be between 1 and 100000, was " + batchSize);
        }
        this.batchSize = batchSize;
    }

    public String getDuplicates() {
        return duplicates;
    }

    public void setDuplicates(String duplicates) {
        this.duplicates = requireStrategy(duplicates);
    }

    /** The escape character of the pipeline's CSV files as written in the route file, or "" for none. */
    public String getEscape() {
        return escape == null ? "" : String.valueOf(escape);
    }

    /**
     * Route property {@code escape}: the character that escapes a quote, the delimiter or itself inside a cell
     * ({@code escape: "\"} for MySQL-style {@code "}); uploads may override it with {@code escape=}.
     */
    public void setEscape(String escape) {
        this.escape = io.bulkimport.parse.CsvDialect.escapeOf(escape);
    }

    /** The escape character, or null for none. */
    public Character escapeCharacter() {
        return escape;
    }

    /** The charset of the pipeline's CSV files as written in the route file, or "" when each file decides. */
    public String getEncoding() {
        return encoding == null ? "" : encoding.name();
    }

    /**
     * Route property {@code encoding}: the charset every CSV file of this pipeline is read in ({@code windows-1252},
     * {@code utf-8}, …), instead of deciding it from each file; uploads may override it with {@code charset=}.
     */
    public void setEncoding(String encoding) {
        this.encoding = io.bulkimport.parse.CsvDialect.charsetOf(encoding);
    }

    /** The canonical name of the forced charset, or null when each file decides. */
    public String encodingName() {
        return encoding == null ? null : encoding.name();
    }

    /** The default error budget of the pipeline's imports as written in the route file, or "" for none. */
    public String getMaxErrors() {
        return maxErrors;
    }

    /**
     * Route property {@code maxErrors}: failed rows that stop an import, a count ({@code 100}) or a percentage of the
     * rows read ({@code 5%}); blank for no limit. Uploads override it with {@code maxErrors=} ({@link ErrorBudget}).
     *
     * @throws IllegalArgumentException when it is neither a count nor a percentage
     */
    public void setMaxErrors(String maxErrors) {
        ErrorBudget.parse(maxErrors, null);
        this.maxErrors = maxErrors == null ? "" : maxErrors.strip();
    }

    /** What going past the error budget means by default, as written in the route file, or "" for {@code stop}. */
    public String getOnTooManyErrors() {
        return onTooManyErrors;
    }

    /**
     * Route property {@code onTooManyErrors}: {@code stop} (the default: what was stored stays) or {@code rollback}
     * (everything the import stored is rolled back). Uploads override it with {@code onTooManyErrors=}.
     *
     * @throws IllegalArgumentException when it is neither
     */
    public void setOnTooManyErrors(String onTooManyErrors) {
        ErrorBudget.parse(null, onTooManyErrors);
        this.onTooManyErrors = onTooManyErrors == null ? "" : onTooManyErrors.strip();
    }

    /**
     * The error budget of an import, each of its two parts given by the upload (non-blank) or else by this
     * pipeline's route.
     *
     * @throws IllegalArgumentException naming the parameter when the upload's value is not valid
     */
    public ErrorBudget errorBudget(String uploadMaxErrors, String uploadOnTooManyErrors) {
        return ErrorBudget.parse(uploadMaxErrors == null || uploadMaxErrors.isBlank() ? maxErrors : uploadMaxErrors,
                uploadOnTooManyErrors == null || uploadOnTooManyErrors.isBlank() ? onTooManyErrors : uploadOnTooManyErrors);
    }

    /** The column declarations as YAML text, one {@code name: { rules }} entry per column. */
    public String getColumns() {
        return columns;
    }

    public void setColumns(String columns) {
        List<ColumnDefinition> parsed = ColumnDeclarations.parse(columns == null ? "" : columns);
        for (ColumnDefinition column : parsed) {
            requireIdentifier("column", column.name());
        }
        if (!parsed.isEmpty() && parsed.stream().noneMatch(ColumnDefinition::key)) {
            throw new IllegalArgumentException("declare at least one column with key: true; it decides what a duplicate is");
        }
        this.columns = columns == null ? "" : columns;
        this.columnDefinitions = parsed;
    }

    public List<ColumnDefinition> columnDefinitions() {
        return columnDefinitions;
    }

    /** true for a catch-all pipeline that stores every row as JSON */
    public boolean schemaless() {
        return columnDefinitions.isEmpty();
    }

    public List<ColumnDefinition> keyColumns() {
        return columnDefinitions.stream().filter(ColumnDefinition::key).toList();
    }

    public static String requireStrategy(String strategy) {
        String s = strategy == null ? "" : strategy.trim().toLowerCase(java.util.Locale.ROOT);
        if (!STRATEGIES.contains(s)) {
            throw new IllegalArgumentException("duplicates must be one of skip, update, merge; was '" + strategy + "'");
        }
        return s;
    }

    /** What {@code GET /api/pipelines} shows of this pipeline. */
    public Map<String, Object> describe() {
        return Map.of("name", name, "table", getTable(), "description", description, "batchSize", batchSize,
                "duplicates", duplicates, "columns", columnDefinitions.stream().map(ColumnDeclarations::describe).toList());
    }

    private static String requireIdentifier(String what, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be a lower-case SQL identifier ([a-z_][a-z0-9_]*), was '" + value + "'");
        }
        return value;
    }
}
