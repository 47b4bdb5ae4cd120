package io.bulkimport.validate;

import io.bulkimport.pipeline.ColumnDefinition;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks and normalises one cell against its column's rules. Pure; no I/O. */
public final class ValueRules {

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,18}");
    // ASCII digits and a bounded exponent only: what PostgreSQL's numeric accepts without overflowing
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]{1,4})?");

    private ValueRules() {
    }

    /** The value as it will be stored (null for empty), or a {@link Invalid} with the reason. */
    public static Result apply(ColumnDefinition column, String raw) {
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
        String formatProblem = checkFormat(column.format(), value);
        if (formatProblem != null) {
            return new Invalid(formatProblem);
        }
        if (column.pattern() != null && !column.pattern().matcher(value).matches()) {
            return new Invalid("does not match the pattern " + column.pattern().pattern());
        }
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

    /** Why {@code value} (already trimmed) does not fit {@code format}, or null when it does (or the format is text). */
    static String checkFormat(String format, String value) {
        switch (format) {
            case "email":
                return EmailAddress.isValid(value) ? null : "not a valid email address";
            case "integer":
                return INTEGER.matcher(value).matches() ? null : "not a whole number";
            case "decimal":
                return DECIMAL.matcher(value).matches() && withinNumericRange(value) ? null : "not a number";
            case "boolean":
                return value.matches("(?i)true|false|yes|no|1|0") ? null : "not true or false";
            default:
                return null;
        }
    }

    private static boolean withinNumericRange(String value) {
        try {
            BigDecimal number = new BigDecimal(value);
            return number.precision() - number.scale() <= 131_072 && number.scale() <= 16_383;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public sealed interface Result permits Valid, Invalid {
    }

    public record Valid(String value) implements Result {
    }

    public record Invalid(String reason) implements Result {
    }
}
