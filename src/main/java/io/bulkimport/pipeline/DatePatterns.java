package io.bulkimport.pipeline;

import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Date patterns as integration engineers write them ({@code dd/MM/yyyy}), compiled for strict reading: the
 * {@link DateTimeFormatter} pattern letters, with {@code y} (year-of-era) read as {@code u} (proleptic year), because
 * {@link ResolverStyle#STRICT} cannot resolve a year-of-era without an era (java.time DateTimeFormatter docs,
 * "Resolving"). Strict: {@code 31/02/2024} is no date, not the 2nd of March.
 */
public final class DatePatterns {

    private DatePatterns() {
    }

    /**
     * @param pattern a DateTimeFormatter pattern ({@code dd/MM/yyyy}, {@code yyyy-MM-dd'T'HH:mm})
     * @return the strict formatter, English month and day names
     * @throws IllegalArgumentException naming the pattern when it is not one
     */
    public static DateTimeFormatter compile(String pattern) {
        try {
            return DateTimeFormatter.ofPattern(yearAsProleptic(pattern), Locale.ENGLISH)
                    .withResolverStyle(ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a date pattern '" + pattern + "': " + e.getMessage(), e);
        }
    }

    /** Several patterns, comma-separated (how {@code dateFormat=} gives them), blanks dropped. */
    public static List<String> split(String patterns) {
        return Arrays.stream(patterns.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    /**
     * The order of day, month and year in a pattern: {@code dd/MM/yyyy} → {@code dmy}; letters inside quotes do not
     * count; a part the pattern lacks is left out.
     */
    public static String order(String pattern) {
        StringBuilder order = new StringBuilder(3);
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
                continue;
            }
            char part = quoted ? 0 : c == 'd' ? 'd' : c == 'M' || c == 'L' ? 'm' : c == 'y' || c == 'u' ? 'y' : 0;
            if (part != 0 && order.indexOf(String.valueOf(part)) < 0) {
                order.append(part);
            }
        }
        return order.toString();
    }

    private static String yearAsProleptic(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length());
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            }
            out.append(!quoted && c == 'y' ? 'u' : c);
        }
        return out.toString();
    }
}
