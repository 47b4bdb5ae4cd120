package io.bulkimport.validate;

import io.bulkimport.pipeline.ColumnDefinition;

/**
 * What a column's values look like, as far as its rules say (today its {@code format}: e-mail addresses, whole
 * numbers, numbers, true/false values), so that a sample of a file's values can tell which header holds the column.
 * A column that says nothing about its values (text) has no kind. The check is the one validation applies
 * ({@link ValueRules}), on the value trimmed.
 *
 * @param format the column format this kind checks by
 * @param plural how a message names values of this kind ("e-mail addresses")
 */
public record ValueKind(String format, String plural) {

    /** The kind of {@code column}'s values, or null when its rules accept any text. */
    public static ValueKind of(ColumnDefinition column) {
        // the place where a column's type (date, timestamp…) can add its own check
        return switch (column.format()) {
            case "email" -> new ValueKind("email", "e-mail addresses");
            case "integer" -> new ValueKind("integer", "whole numbers");
            case "decimal" -> new ValueKind("decimal", "numbers");
            case "boolean" -> new ValueKind("boolean", "true/false values");
            default -> null;
        };
    }

    /** Whether a non-blank value is of this kind. */
    public boolean fits(String value) {
        return value != null && ValueRules.checkFormat(format, ValueRules.strip(value)) == null;
    }
}
