package io.bulkimport.validate;

import io.bulkimport.pipeline.ColumnChoices;
import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.DatePatterns;
import io.bulkimport.pipeline.TypeRules;
import java.util.List;
import java.util.Locale;

/**
 * The value readers of one import's columns: each typed column's rules, with the upload's {@code locale=} (over
 * the decimal and integer columns' {@code locale} and separators) and {@code dateFormat=} (over the date and
 * timestamp columns' {@code formats}). Made once per import; the formatters inside are compiled once.
 */
public final class TypedColumns {

    private final ValueReader[] readers;

    private TypedColumns(ValueReader[] readers) {
        this.readers = readers;
    }

    /**
     * @param columns the pipeline's columns
     * @param choices the upload's choices ({@link ColumnChoices#NONE} for none)
     * @throws IllegalArgumentException when a rule or a choice cannot be used (checked at start and upload already)
     */
    public static TypedColumns of(List<ColumnDefinition> columns, ColumnChoices choices) {
        ValueReader[] readers = new ValueReader[columns.size()];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = reader(columns.get(i), choices);
        }
        return new TypedColumns(readers);
    }

    /** Whether column {@code index} is typed (an array look-up: asked for every cell). */
    public boolean typed(int index) {
        return readers[index] != null;
    }

    /** The reader of column {@code index}; null for an untyped column. */
    ValueReader reader(int index) {
        return readers[index];
    }

    /** The reader of a column, null when it is not typed. */
    static ValueReader reader(ColumnDefinition column, ColumnChoices choices) {
        String type = column.type();
        if (type == null) {
            return null;
        }
        TypeRules rules = column.typeRules();
        switch (type) {
            case "date":
            case "timestamp":
                List<String> formats = choices.dateFormat() != null ? DatePatterns.split(choices.dateFormat()) : rules.formats();
                return new DateReader("timestamp".equals(type), formats, rules.zone(), rules.dateOrder());
            case "decimal":
            case "integer":
                boolean upload = choices.locale() != null;
                String tag = upload ? choices.locale() : rules.locale();
                Locale locale = tag == null ? null : TypeRules.locale(tag);
                String decimal = upload ? null : rules.decimalSeparator();
                String grouping = upload ? null : rules.groupingSeparator();
                String label = decimal != null || grouping != null ? null : tag != null ? tag : "en";
                return new NumberReader("integer".equals(type), locale, decimal, grouping, label);
            default:
                return new BooleanReader(rules.trueValues(), rules.falseValues());
        }
    }
}
