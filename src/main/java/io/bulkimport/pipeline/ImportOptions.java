package io.bulkimport.pipeline;

import io.bulkimport.parse.CsvDialect;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the user chose for one import. Stored with the job so a resumed import cuts the same batches and reads the
 * file the same way.
 *
 * @param duplicates skip, update or merge
 * @param batchSize  rows per batch
 * @param dryRun     validate and count, write nothing
 * @param force      import even if a byte-identical file was already imported
 * @param createNew  false: only rows whose key already exists in the table are stored, the others are reported
 *                   (needs the {@code existingKeysOnly} stage in the pipeline's route)
 * @param sheet      the worksheet of an Excel file to read, by name or 1-based position; null for the first
 * @param escape     the escape character of a CSV file ({@link CsvDialect#escape()}); null for none
 * @param charset    the charset of a CSV file: forced by the upload or the pipeline, else decided at intake over the
 *                   whole file ({@link #withCharset}); null only until then, and in jobs registered before it was kept
 * @param notifyUrl  a webhook this upload's completion event also goes to (its host checked against
 *                   {@code notify.allowed-hosts} by the API before it gets here); null for none
 * @param notifyEmail e-mail addresses (comma-separated) this upload's completion summary also goes to; null for none
 * @param columns    the upload's mapping, constant columns and date/number reading ({@link ColumnChoices})
 * @param errorBudget how many failed rows stop the import, and whether stopping rolls it back ({@link ErrorBudget})
 */
public record ImportOptions(String duplicates, int batchSize, boolean dryRun, boolean force, boolean createNew,
                            String sheet, Character escape, String charset, String notifyUrl, String notifyEmail,
                            ColumnChoices columns, ErrorBudget errorBudget) {

    public ImportOptions {
        duplicates = PipelineDefinition.requireStrategy(duplicates);
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("batchSize must be between 1 and 100000, was " + batchSize);
        }
        columns = columns == null ? ColumnChoices.NONE : columns;
        errorBudget = errorBudget == null ? ErrorBudget.NONE : errorBudget;
    }

    /** Options without column choices or an error budget, as every import had before they existed. */
    public ImportOptions(String duplicates, int batchSize, boolean dryRun, boolean force, boolean createNew,
                         String sheet, Character escape, String charset, String notifyUrl, String notifyEmail) {
        this(duplicates, batchSize, dryRun, force, createNew, sheet, escape, charset, notifyUrl, notifyEmail,
                ColumnChoices.NONE, ErrorBudget.NONE);
    }

    /** Options without addresses to notify, as every import had before {@code notifyUrl} existed. */
    public ImportOptions(String duplicates, int batchSize, boolean dryRun, boolean force, boolean createNew,
                         String sheet, Character escape, String charset) {
        this(duplicates, batchSize, dryRun, force, createNew, sheet, escape, charset, null, null);
    }

    /** Options that create new rows, as every import did before {@code createNew} existed. */
    public ImportOptions(String duplicates, int batchSize, boolean dryRun, boolean force) {
        this(duplicates, batchSize, dryRun, force, true, null, null, null);
    }

    /** Options that read CSV text as RFC 4180 says, as every import did before {@code escape} existed. */
    public ImportOptions(String duplicates, int batchSize, boolean dryRun, boolean force, boolean createNew, String sheet) {
        this(duplicates, batchSize, dryRun, force, createNew, sheet, null, null);
    }

    /** The pipeline's defaults, its route's error budget included (a file dropped in the inbox). */
    public static ImportOptions defaultsOf(PipelineDefinition pipeline) {
        return new ImportOptions(pipeline.getDuplicates(), pipeline.getBatchSize(), false, false, true, null,
                pipeline.escapeCharacter(), pipeline.encodingName(), null, null, ColumnChoices.NONE,
                pipeline.errorBudget(null, null));
    }

    /**
     * Reads options given as request parameters; absent ones take the pipeline's defaults ({@code maxErrors} and
     * {@code onTooManyErrors} each on its own: the upload's value wins over the route's).
     *
     * @throws IllegalArgumentException naming the parameter and its value when one is not valid
     */
    public static ImportOptions from(PipelineDefinition pipeline, Map<String, String> params) {
        String duplicates = params.getOrDefault("duplicates", pipeline.getDuplicates());
        String batchSize = params.get("batchSize");
        int size;
        try {
            size = batchSize == null || batchSize.isBlank() ? pipeline.getBatchSize() : Integer.parseInt(batchSize.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("batchSize must be a whole number, was '" + batchSize + "'");
        }
        String sheet = params.get("sheet");
        String createNew = params.get("createNew");
        Character escape = params.containsKey("escape") ? CsvDialect.escapeOf(params.get("escape")) : pipeline.escapeCharacter();
        String charsetParam = params.get("charset");
        String charset = charsetParam == null || charsetParam.isBlank() ? pipeline.encodingName()
                : CsvDialect.charsetOf(charsetParam).name();
        return new ImportOptions(duplicates, size, bool(params, "dryRun"), bool(params, "force"),
                createNew == null || bool(params, "createNew"), sheet == null || sheet.isBlank() ? null : sheet.strip(), escape,
                charset, blankToNull(params.get("notifyUrl")), blankToNull(params.get("notifyEmail")),
                ColumnChoices.from(pipeline, params), pipeline.errorBudget(params.get("maxErrors"), params.get("onTooManyErrors")));
    }

    /** These options with {@code force} set: the import is not refused as a duplicate of an earlier import of the file. */
    public ImportOptions forced() {
        return new ImportOptions(duplicates, batchSize, dryRun, true, createNew, sheet, escape, charset, notifyUrl,
                notifyEmail, columns, errorBudget);
    }

    /** These options with other column choices (a saved mapping resolved, say). */
    public ImportOptions withColumns(ColumnChoices chosen) {
        return new ImportOptions(duplicates, batchSize, dryRun, force, createNew, sheet, escape, charset, notifyUrl,
                notifyEmail, chosen, errorBudget);
    }

    /** These options with the charset intake decided for the file, unless one was forced. */
    public ImportOptions withCharset(java.nio.charset.Charset decided) {
        return charset != null ? this
                : new ImportOptions(duplicates, batchSize, dryRun, force, createNew, sheet, escape, decided.name(),
                        notifyUrl, notifyEmail, columns, errorBudget);
    }

    /** How the reader must read the file's text. */
    public CsvDialect dialect() {
        return new CsvDialect(charset == null ? null : java.nio.charset.Charset.forName(charset), escape);
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("duplicates", duplicates);
        m.put("batchSize", batchSize);
        m.put("dryRun", dryRun);
        m.put("force", force);
        m.put("createNew", createNew);
        if (sheet != null) {
            m.put("sheet", sheet);
        }
        if (escape != null) {
            m.put("escape", String.valueOf(escape));
        }
        if (charset != null) {
            m.put("charset", charset);
        }
        if (notifyUrl != null) {
            m.put("notifyUrl", notifyUrl);
        }
        if (notifyEmail != null) {
            m.put("notifyEmail", notifyEmail);
        }
        m.putAll(columns.asMap());
        m.putAll(errorBudget.asMap());
        return m;
    }

    /**
     * Reads options stored with a job; keys added later (createNew, sheet, escape, charset, notifyUrl, notifyEmail, the
     * column choices, the error budget) take their defaults when absent.
     */
    public static ImportOptions fromMap(Map<String, Object> m) {
        return new ImportOptions(String.valueOf(m.get("duplicates")), ((Number) m.get("batchSize")).intValue(),
                Boolean.TRUE.equals(m.get("dryRun")), Boolean.TRUE.equals(m.get("force")),
                !Boolean.FALSE.equals(m.get("createNew")), m.get("sheet") == null ? null : String.valueOf(m.get("sheet")),
                m.get("escape") == null ? null : String.valueOf(m.get("escape")).charAt(0),
                m.get("charset") == null ? null : String.valueOf(m.get("charset")),
                m.get("notifyUrl") == null ? null : String.valueOf(m.get("notifyUrl")),
                m.get("notifyEmail") == null ? null : String.valueOf(m.get("notifyEmail")),
                ColumnChoices.fromMap(m), ErrorBudget.fromMap(m));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * A flag parameter: absent is false, present without a value is true, else true/1/yes/on or false/0/no/off (any
     * case); anything else is refused, so that a misspelt {@code dryRun=ture} does not import for real.
     */
    private static boolean bool(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null) {
            return false;
        }
        switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "", "true", "1", "yes", "on":
                return true;
            case "false", "0", "no", "off":
                return false;
            default:
                throw new IllegalArgumentException(name + " must be true or false (also 1/0, yes/no, on/off), was '" + v + "'");
        }
    }
}
