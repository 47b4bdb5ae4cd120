package io.bulkimport.pipeline;

import java.text.DecimalFormatSymbols;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a typed column ({@code type: date|timestamp|decimal|integer|boolean}) reads its values, as the route declares
 * it (routes/README.md, "Column rules"). Unset rules are null or empty and mean the documented defaults.
 *
 * @param formats           date and timestamp patterns ({@link DatePatterns}); empty for ISO 8601 only
 * @param zone              the zone of a timestamp written without an offset (a {@link ZoneId}); null for UTC
 * @param locale            a BCP 47 tag whose decimal and grouping separators numbers are read by; null for
 *                          {@code .} and {@code ,}
 * @param decimalSeparator  one character, over the locale's
 * @param groupingSeparator one character, over the locale's
 * @param trueValues        the spellings of true (case-insensitive); empty for the defaults
 * @param falseValues       the spellings of false (case-insensitive); empty for the defaults
 * @param dateOrder         {@code dmy}, {@code mdy} or {@code ymd}: which reading wins when a value reads as two
 *                          different dates; null to reject such a value as ambiguous
 */
public record TypeRules(List<String> formats, String zone, String locale, String decimalSeparator,
                        String groupingSeparator, List<String> trueValues, List<String> falseValues, String dateOrder) {

    /** The types, stored as PostgreSQL {@code date}, {@code timestamptz}, {@code numeric}, {@code bigint}, {@code boolean}. */
    public static final List<String> TYPES = List.of("date", "timestamp", "decimal", "integer", "boolean");
    /** The column rules that belong to types, with the types each applies to. */
    static final Map<String, Set<String>> RULES = Map.of(
            "formats", Set.of("date", "timestamp"), "zone", Set.of("timestamp"), "dateOrder", Set.of("date", "timestamp"),
            "locale", Set.of("decimal", "integer"), "decimalSeparator", Set.of("decimal", "integer"),
            "groupingSeparator", Set.of("decimal", "integer"), "trueValues", Set.of("boolean"),
            "falseValues", Set.of("boolean"));
    private static final Set<String> ORDERS = Set.of("dmy", "mdy", "ymd");

    /** No rules: every default. */
    public static final TypeRules NONE = new TypeRules(List.of(), null, null, null, null, List.of(), List.of(), null);

    public TypeRules {
        formats = List.copyOf(formats);
        trueValues = List.copyOf(trueValues);
        falseValues = List.copyOf(falseValues);
    }

    /**
     * Reads and checks a column's type rules.
     *
     * @param type  one of {@link #TYPES}
     * @param rules the column's rules (all of them; those of {@link #RULES} are read here)
     * @throws IllegalArgumentException naming the column and the rule that is wrong
     */
    static TypeRules from(String column, String type, Map<?, ?> rules) {
        for (Map.Entry<String, Set<String>> rule : RULES.entrySet()) {
            if (rules.containsKey(rule.getKey()) && !rule.getValue().contains(type)) {
                throw new IllegalArgumentException("column " + column + ": " + rule.getKey() + " applies to type "
                        + String.join(" or ", rule.getValue().stream().sorted().toList()) + ", not " + type);
            }
        }
        List<String> formats = list(rules.get("formats"));
        formats.forEach(p -> check(column, () -> DatePatterns.compile(p)));
        String zone = string(rules.get("zone"));
        if (zone != null) {
            check(column, () -> {
                try {
                    ZoneId.of(zone);
                } catch (DateTimeException e) {
                    throw new IllegalArgumentException("zone '" + zone + "' is not a time zone (e.g. Europe/Paris, UTC)");
                }
            });
        }
        String locale = string(rules.get("locale"));
        if (locale != null) {
            check(column, () -> locale(locale));
        }
        String decimal = separator(column, "decimalSeparator", rules);
        String grouping = separator(column, "groupingSeparator", rules);
        if (decimal != null && decimal.equals(grouping)) {
            throw new IllegalArgumentException("column " + column + ": decimalSeparator and groupingSeparator must differ");
        }
        List<String> trueValues = list(rules.get("trueValues"));
        List<String> falseValues = list(rules.get("falseValues"));
        trueValues.stream().filter(t -> falseValues.stream().anyMatch(t::equalsIgnoreCase)).findFirst().ifPresent(both -> {
            throw new IllegalArgumentException("column " + column + ": '" + both + "' is in both trueValues and falseValues");
        });
        String order = string(rules.get("dateOrder"));
        if (order != null && !ORDERS.contains(order)) {
            throw new IllegalArgumentException("column " + column + ": dateOrder must be one of dmy, mdy, ymd, was '" + order + "'");
        }
        return new TypeRules(formats, zone, locale, decimal, grouping, trueValues, falseValues, order);
    }

    /**
     * @param tag an IETF BCP 47 language tag ({@code de-DE}, {@code fr}, {@code en-US})
     * @return the locale, one the JDK has number symbols for
     * @throws IllegalArgumentException when the tag is malformed or names a locale the JDK does not know
     */
    public static Locale locale(String tag) {
        Locale locale = Locale.forLanguageTag(tag.strip());
        boolean known = !locale.getLanguage().isEmpty()
                && Arrays.stream(DecimalFormatSymbols.getAvailableLocales()).anyMatch(l -> l.getLanguage().equals(locale.getLanguage()));
        if (!known) {
            throw new IllegalArgumentException("unknown locale '" + tag + "': give a BCP 47 language tag such as de-DE, fr-FR or en-US");
        }
        return locale;
    }

    /** The rules as GET /api/pipelines shows them: only those set. */
    Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "formats", formats.isEmpty() ? null : formats);
        put(out, "zone", zone);
        put(out, "locale", locale);
        put(out, "decimalSeparator", decimalSeparator);
        put(out, "groupingSeparator", groupingSeparator);
        put(out, "trueValues", trueValues.isEmpty() ? null : trueValues);
        put(out, "falseValues", falseValues.isEmpty() ? null : falseValues);
        put(out, "dateOrder", dateOrder);
        return out;
    }

    private static void put(Map<String, Object> out, String name, Object value) {
        if (value != null) {
            out.put(name, value);
        }
    }

    private static void check(String column, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("column " + column + ": " + e.getMessage(), e);
        }
    }

    private static String separator(String column, String name, Map<?, ?> rules) {
        String value = rules.containsKey(name) ? String.valueOf(rules.get(name)) : null;
        if (value != null && (value.length() != 1 || Character.isDigit(value.charAt(0)))) {
            throw new IllegalArgumentException("column " + column + ": " + name + " must be one character that is not a digit, was '" + value + "'");
        }
        return value;
    }

    private static String string(Object value) {
        return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).strip();
    }

    private static List<String> list(Object node) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof List<?> l) {
            return l.stream().map(String::valueOf).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        return List.of(String.valueOf(node).strip());
    }
}
