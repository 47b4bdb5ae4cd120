package io.bulkimport.pipeline;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One declared column of a pipeline: how a header finds it and what a valid value looks like.
 *
 * @param name      the table column and the canonical header name
 * @param key       part of the duplicate key
 * @param required  an empty value is an error
 * @param format    {@code text} (default), {@code email}, {@code currency} (an ISO 4217 code), or a type: {@code date}, {@code timestamp},
 *                  {@code decimal}, {@code integer}, {@code boolean} ({@code format: integer} is the older spelling
 *                  of {@code type: integer}; both land here)
 * @param lowercase the value is lower-cased (after trimming) before it is checked and stored
 * @param trim      surrounding white space is removed (always on for key and format columns)
 * @param maxLength longest accepted value, in characters; null for no limit
 * @param pattern   a regular expression the whole value must match; null for none
 * @param allowed   the only accepted values (compared case-insensitively, stored as declared); empty for any
 * @param defaultValue used when the cell is empty or the column is absent; null for none
 * @param aliases   other header spellings that mean this column
 * @param secret    the value never leaves the process as written: error reports show it as {@code ***}
 * @param typeRules how a typed column reads its values ({@link TypeRules#NONE} for the defaults and untyped columns)
 */
public record ColumnDefinition(String name, boolean key, boolean required, String format, boolean lowercase,
                               boolean trim, Integer maxLength, Pattern pattern, List<String> allowed,
                               String defaultValue, List<String> aliases, boolean secret, TypeRules typeRules) {

    public static final List<String> FORMATS = List.of("text", "email", "currency", "integer", "decimal", "boolean", "date", "timestamp");

    public ColumnDefinition {
        aliases = List.copyOf(aliases);
        allowed = List.copyOf(allowed);
        typeRules = typeRules == null ? TypeRules.NONE : typeRules;
    }

    /** A column with the default type rules. */
    public ColumnDefinition(String name, boolean key, boolean required, String format, boolean lowercase,
                            boolean trim, Integer maxLength, Pattern pattern, List<String> allowed,
                            String defaultValue, List<String> aliases, boolean secret) {
        this(name, key, required, format, lowercase, trim, maxLength, pattern, allowed, defaultValue, aliases, secret,
                TypeRules.NONE);
    }

    /** A column that is not secret. */
    public ColumnDefinition(String name, boolean key, boolean required, String format, boolean lowercase,
                            boolean trim, Integer maxLength, Pattern pattern, List<String> allowed,
                            String defaultValue, List<String> aliases) {
        this(name, key, required, format, lowercase, trim, maxLength, pattern, allowed, defaultValue, aliases, false);
    }

    /** The column's type ({@code date}, {@code timestamp}, {@code decimal}, {@code integer}, {@code boolean}), null for text. */
    public String type() {
        return TypeRules.TYPES.contains(format) ? format : null;
    }

    /** The cast that turns this column's text (how values travel to PostgreSQL) into its SQL type. */
    public String sqlCast() {
        switch (format) {
            case "integer":
                return "::bigint";
            case "decimal":
                return "::numeric";
            case "boolean":
                return "::boolean";
            case "date":
                return "::date";
            case "timestamp":
                return "::timestamptz";
            default:
                return "";
        }
    }
}
