package io.bulkimport.validate;

/**
 * The email check of the {@code email} format, written out as a scan because a regular expression here was the
 * hottest frame of a large import: practical rather than RFC 5322 complete — one @, a local part that is an RFC 5321
 * dot-string (atoms of the usual characters joined by single dots: no leading, trailing or doubled dot), and a
 * domain of at least two labels, each 1-63 letters, digits or inner hyphens (so no trailing dot either). Quoted
 * local parts ({@code "john doe"@example.com}) are not supported: they are reported as invalid.
 */
final class EmailAddress {

    private static final String ATOM_SPECIALS = "!#$%&'*+/=?^_`{|}~-";

    private EmailAddress() {
    }

    static boolean isValid(String value) {
        int at = value.indexOf('@');
        return at > 0 && isDotString(value, at) && isDomain(value, at + 1);
    }

    /** RFC 5321 Dot-string = Atom *("." Atom): every dot stands between two atom characters. */
    private static boolean isDotString(String value, int end) {
        boolean afterDot = true;   // the start counts as one: a leading dot is refused
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (c == '.') {
                if (afterDot) {
                    return false;
                }
                afterDot = true;
            } else if (isAsciiLetterOrDigit(c) || ATOM_SPECIALS.indexOf(c) >= 0) {
                afterDot = false;
            } else {
                return false;
            }
        }
        return !afterDot;
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
