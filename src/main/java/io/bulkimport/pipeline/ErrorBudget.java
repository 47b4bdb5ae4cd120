package io.bulkimport.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many failed rows an import may have before it stops ({@code maxErrors=<n>} or {@code maxErrors=<p>%}), and
 * what stopping means ({@code onTooManyErrors=stop|rollback}). The same idea as Spring Batch's skip limit.
 *
 * @param maxCount   most failed rows allowed; null when the budget is a percentage or there is none
 * @param maxPercent most failed rows allowed as a percentage of the rows read (0-100); null when the budget is a
 *                   count or there is none
 * @param rollback   past the budget, everything the import stored is rolled back (else what is stored stays)
 */
public record ErrorBudget(Long maxCount, Double maxPercent, boolean rollback) {

    /** No budget: every bad row is reported and the import goes on. */
    public static final ErrorBudget NONE = new ErrorBudget(null, null, false);

    public ErrorBudget {
        if (maxCount != null && maxCount < 0) {
            throw new IllegalArgumentException("maxErrors must not be negative, was " + maxCount);
        }
        if (maxPercent != null && (maxPercent.isNaN() || maxPercent < 0 || maxPercent > 100)) {
            throw new IllegalArgumentException("maxErrors as a percentage must be between 0% and 100%, was " + maxPercent + "%");
        }
        if (maxCount != null && maxPercent != null) {
            throw new IllegalArgumentException("maxErrors is a count or a percentage, not both");
        }
    }

    /**
     * Reads {@code maxErrors} ({@code 25}, {@code 5%}, {@code 0.5%}; blank or null for none) and
     * {@code onTooManyErrors} ({@code stop}, the default, or {@code rollback}).
     *
     * @throws IllegalArgumentException naming the parameter and its value when one is not valid
     */
    public static ErrorBudget parse(String maxErrors, String onTooManyErrors) {
        boolean rollback = rollback(onTooManyErrors);
        if (maxErrors == null || maxErrors.isBlank()) {
            return rollback ? new ErrorBudget(null, null, true) : NONE;
        }
        String v = maxErrors.strip();
        try {
            if (v.endsWith("%")) {
                return new ErrorBudget(null, Double.parseDouble(v.substring(0, v.length() - 1).strip()), rollback);
            }
            return new ErrorBudget(Long.parseLong(v), null, rollback);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("maxErrors must be a whole number of rows (25) or a percentage (5%), was '" + v + "'");
        }
    }

    /** Whether there is a limit at all. */
    public boolean limited() {
        return maxCount != null || maxPercent != null;
    }

    /** The budget as written: {@code 25} or {@code 5%}; null for none. */
    public String maxErrors() {
        if (maxCount != null) {
            return String.valueOf(maxCount);
        }
        return maxPercent == null ? null : (maxPercent == Math.rint(maxPercent) ? String.valueOf(maxPercent.longValue())
                : String.valueOf(maxPercent)) + "%";
    }

    /** The budget as stored with the job (keys absent when there is none). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (limited()) {
            m.put("maxErrors", maxErrors());
        }
        if (rollback) {
            m.put("onTooManyErrors", "rollback");
        }
        return m;
    }

    /** Reads a budget stored with a job by {@link #asMap()}; a job stored before budgets existed has none. */
    public static ErrorBudget fromMap(Map<String, Object> m) {
        Object max = m.get("maxErrors");
        Object on = m.get("onTooManyErrors");
        return parse(max == null ? null : String.valueOf(max), on == null ? null : String.valueOf(on));
    }

    private static boolean rollback(String onTooManyErrors) {
        if (onTooManyErrors == null || onTooManyErrors.isBlank() || onTooManyErrors.strip().equalsIgnoreCase("stop")) {
            return false;
        }
        if (onTooManyErrors.strip().equalsIgnoreCase("rollback")) {
            return true;
        }
        throw new IllegalArgumentException("onTooManyErrors must be stop or rollback, was '" + onTooManyErrors.strip() + "'");
    }
}
