package io.bulkimport.validate;

/**
 * The email check of the {@code email} format, written out as a scan because a regular expression here was the
 * hottest frame of a large import: practical rather than RFC 5322 complete — one @, a local part of the usual
 * characters, and a domain of at least two labels, each 1-63 letters, digits or inner hyphens.
 */
final class EmailAddress {

    private static final String LOCAL_SPECIALS = ".!#$%&'*+/=?^_`{|}~-";

    private EmailAddress() {
    }

    static boolean isValid(String value) {
        int at = value.indexOf('@');
        if (at <= 0) {
            return false;
        }
        for (int i = 0; i < at; i++) {
            char c = value.charAt(i);
            if (!isAsciiLetterOrDigit(c) && LOCAL_SPECIALS.indexOf(c) < 0) {
                return false;
            }
        }
        return isDomain(value, at + 1);
    }

    private static boolean isDomain(String value, int start) {
        int labels = 0;
        int labelStart = start;
        for (int i = start; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == '.') {
                if (!isLabel(value, labelStart, i)) {
                    return false;
                }
                labels++;
                labelStart = i + 1;
            }
        }
        return labels >= 2;
    }

    private static boolean isLabel(String value, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 63 || !isAsciiLetterOrDigit(value.charAt(from)) || !isAsciiLetterOrDigit(value.charAt(to - 1))) {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            char c = value.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
