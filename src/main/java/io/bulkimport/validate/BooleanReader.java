package io.bulkimport.validate;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code type: boolean}: the column's {@code trueValues} and {@code falseValues}, compared ignoring case, become
 * {@code true} and {@code false}. The defaults are the English words and letters and 1/0, on/off, and the yes and
 * no of German, French, Spanish and Italian (routes/README.md, "Column rules").
 */
final class BooleanReader implements ValueReader {

    static final List<String> DEFAULT_TRUE = List.of("true", "yes", "y", "1", "on", "ja", "oui", "si", "sí", "vrai");
    static final List<String> DEFAULT_FALSE = List.of("false", "no", "n", "0", "off", "nein", "non", "faux");

    private static final ValueRules.Valid TRUE = new ValueRules.Valid("true");
    private static final ValueRules.Valid FALSE = new ValueRules.Valid("false");

    private final Map<String, ValueRules.Valid> values = new HashMap<>();
    private final ValueRules.Invalid invalid;

    /**
     * @param trueValues  empty for {@link #DEFAULT_TRUE}
     * @param falseValues empty for {@link #DEFAULT_FALSE}
     * @throws IllegalArgumentException when a spelling is both true and false
     */
    BooleanReader(List<String> trueValues, List<String> falseValues) {
        List<String> yes = trueValues.isEmpty() ? DEFAULT_TRUE : trueValues;
        List<String> no = falseValues.isEmpty() ? DEFAULT_FALSE : falseValues;
        yes.forEach(v -> values.put(v.toLowerCase(Locale.ROOT), TRUE));
        for (String v : no) {
            if (values.put(v.toLowerCase(Locale.ROOT), FALSE) == TRUE) {
                throw new IllegalArgumentException("'" + v + "' is in both trueValues and falseValues");
            }
        }
        // what a spreadsheet's boolean cell (t="b") reads as, whatever spellings the column lists
        values.putIfAbsent("true", TRUE);
        values.putIfAbsent("false", FALSE);
        invalid = new ValueRules.Invalid("not true or false (" + shown(yes) + " or " + shown(no) + ")");
    }

    @Override
    public ValueRules.Result read(String text) {
        ValueRules.Valid value = values.get(text.toLowerCase(Locale.ROOT));
        return value != null ? value : invalid;
    }

    private static String shown(List<String> spellings) {
        return String.join("/", spellings.subList(0, Math.min(4, spellings.size()))) + (spellings.size() > 4 ? "/…" : "");
    }
}
