package io.bulkimport.validate;

import io.bulkimport.pipeline.ColumnDefinition;
import java.util.Locale;

/**
 * Checks and normalises one cell against its column's rules. Pure; no I/O. A typed column's value is read by its
 * {@link ValueReader} into canonical text ({@link TypedColumns}); a value it cannot read is an error that shows the
 * value after what was expected: {@code not a date (dd/MM/yyyy or yyyy-MM-dd): 31/02/2024}.
 */
public final class ValueRules {

    private ValueRules() {
    }

    /**
     * {@link #apply(ColumnDefinition, String, TypedColumns, int, String)} with the column's own type rules (a reader
     * made for this one call: for tests and single values, not for a file's rows).
     */
    public static Result apply(ColumnDefinition column, String raw) {
        return apply(column, raw, TypedColumns.reader(column, io.bulkimport.pipeline.ColumnChoices.NONE), null);
    }

    /**
     * @param typed  the import's readers ({@link TypedColumns#of})
     * @param index  the column's position among the pipeline's columns
     * @param stored the cell's stored value when the file keeps one next to its text (a spreadsheet's number or
     *               date cell, {@code io.bulkimport.parse.Row#storedValue}), else null; a typed column reads it
     *               instead of the text
     * @return the value as it will be stored (null for empty), or a {@link Invalid} with the reason
     */
    public static Result apply(ColumnDefinition column, String raw, TypedColumns typed, int index, String stored) {
        return apply(column, raw, typed.reader(index), stored);
    }

    private static Result apply(ColumnDefinition column, String raw, ValueReader reader, String stored) {
        String value = raw == null ? "" : raw;
        String unstorable = unstorable(value);
        if (unstorable != null) {
            return new Invalid(unstorable);
        }
        if (column.trim()) {
            value = strip(value);
        }
        if (value.isEmpty() && column.defaultValue() != null) {
            value = column.defaultValue();
        }
        if (value.isEmpty()) {
            return column.required() ? new Invalid("required value is empty") : new Valid(null);
        }
        if (column.lowercase()) {
            value = value.toLowerCase(Locale.ROOT);
        }
        if (column.maxLength() != null && value.codePointCount(0, value.length()) > column.maxLength()) {
            return new Invalid("longer than " + column.maxLength() + " characters");
        }
        if (reader == null && "email".equals(column.format()) && !EmailAddress.isValid(value)) {
            return new Invalid("not a valid email address");
        }
        if (reader == null && "currency".equals(column.format())) {
            String code = CurrencyCode.of(value);
            if (code == null) {
                return new Invalid(CurrencyCode.REASON + ": " + (column.secret() ? SecretMask.value(value) : value));
            }
            value = code;
        }
        String read = value;
        if (reader != null) {
            Result typed = stored != null ? reader.readStored(stored) : reader.read(value);
            if (typed instanceof Invalid invalid) {
                return new Invalid(invalid.reason() + ": " + (column.secret() ? SecretMask.value(value) : value));
            }
            read = ((Valid) typed).value();
        }
        // the pattern is about the value as written; allowed values about the value as stored
        if (column.pattern() != null && !column.pattern().matcher(value).matches()) {
            return new Invalid("does not match the pattern " + column.pattern().pattern());
        }
        value = read;
        if (!column.allowed().isEmpty()) {
            String given = value;
            return column.allowed().stream().filter(a -> a.equalsIgnoreCase(given)).findFirst()
                    .<Result>map(Valid::new)
                    .orElseGet(() -> new Invalid("must be one of " + String.join(", ", column.allowed())));
        }
        return new Valid(value);
    }

    /** Why a raw cell cannot be stored as text at all, or null when it can. */
    public static String unstorable(String value) {
        if (value.indexOf('\0') >= 0) {
            return "contains a NUL character, which cannot be stored";
        }
        if (value.contains(io.bulkimport.parse.CsvRowReader.INVALID_BYTES)) {
            return "contains bytes that are not valid in the file's encoding";
        }
        return io.bulkimport.parse.CellError.reason(value);
    }

    /** Like {@link String#strip()}, and also removes no-break spaces, which spreadsheets like to leave behind. */
    static String strip(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && blank(value.charAt(start))) {
            start++;
        }
        while (end > start && blank(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean blank(char c) {
        return Character.isWhitespace(c) || c == '\u00A0' || c == '\u2007' || c == '\u202F';
    }

    public sealed interface Result permits Valid, Invalid {
    }

    public record Valid(String value) implements Result {
    }

    public record Invalid(String reason) implements Result {
    }
}
