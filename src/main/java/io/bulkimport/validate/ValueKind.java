package io.bulkimport.validate;

import io.bulkimport.pipeline.ColumnChoices;
import io.bulkimport.pipeline.ColumnDefinition;

/**
 * What a column's values look like, as far as its rules say (an e-mail format, or a {@code type}: dates,
 * timestamps, numbers, whole numbers, true/false values), so that a sample of a file's values can tell which header
 * holds the column. A column that says nothing about its values (text) has no kind. The check is the one validation
 * applies ({@link ValueRules}, the column's {@link ValueReader}), on the value trimmed.
 *
 * @param format the column's type, or {@code email}
 * @param plural how a message names values of this kind ("e-mail addresses")
 * @param reader the typed column's reader; null for e-mail
 */
public record ValueKind(String format, String plural, ValueReader reader) {

    /** The kind of {@code column}'s values, or null when its rules accept any text. */
    public static ValueKind of(ColumnDefinition column) {
        if ("email".equals(column.format())) {
            return new ValueKind("email", "e-mail addresses", null);
        }
        String type = column.type();
        if (type == null) {
            return null;
        }
        String plural = switch (type) {
            case "date" -> "dates";
            case "timestamp" -> "timestamps";
            case "integer" -> "whole numbers";
            case "decimal" -> "numbers";
            default -> "true/false values";
        };
        return new ValueKind(type, plural, TypedColumns.reader(column, ColumnChoices.NONE));
    }

    /** Whether a non-blank value is of this kind. */
    public boolean fits(String value) {
        if (value == null) {
            return false;
        }
        String trimmed = ValueRules.strip(value);
        return reader == null ? EmailAddress.isValid(trimmed) : reader.read(trimmed) instanceof ValueRules.Valid;
    }
}
