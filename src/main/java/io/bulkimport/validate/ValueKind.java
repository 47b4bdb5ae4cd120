package io.bulkimport.validate;

import io.bulkimport.pipeline.ColumnChoices;
import io.bulkimport.pipeline.ColumnDefinition;

/**
 * What a column's values look like, as far as its rules say (an e-mail or currency format, or a {@code type}: dates,
 * timestamps, numbers, whole numbers, true/false values), so that a sample of a file's values can tell which header
 * holds the column. A column that says nothing about its values (text) has no kind. The check is the one validation
 * applies ({@link ValueRules}, the column's {@link ValueReader}), on the value trimmed.
 *
 * @param format the column's type, or {@code email} or {@code currency}
 * @param plural how a message names values of this kind ("e-mail addresses")
 * @param reader the typed column's reader; null for e-mail and currency
 */
public record ValueKind(String format, String plural, ValueReader reader) {

    /** The kind of {@code column}'s values, or null when its rules accept any text. */
    public static ValueKind of(ColumnDefinition column) {
        if ("email".equals(column.format())) {
            return new ValueKind("email", "e-mail addresses", null);
        }
        if ("currency".equals(column.format())) {
            return new ValueKind("currency", "currency codes", null);
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
        if (reader != null) {
            return reader.read(trimmed) instanceof ValueRules.Valid;
        }
        return "currency".equals(format) ? CurrencyCode.of(trimmed) != null : EmailAddress.isValid(trimmed);
    }
}
