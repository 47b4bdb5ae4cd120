package io.bulkimport.api;

import java.util.regex.Pattern;

/**
 * Neutralises cells that a spreadsheet would run as a formula ({@code =cmd|' /C calc'!A0} and friends) by
 * prefixing a quote, as OWASP advises for CSV exports. Plain numbers such as {@code -12.5} stay as they are.
 */
final class SpreadsheetSafe {

    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

    private SpreadsheetSafe() {
    }

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        boolean risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return risky && !NUMBER.matcher(value).matches() ? "'" + value : value;
    }
}
