package io.bulkimport.parse;

/**
 * Guesses the delimiter from the header line: European Excel writes ';' where the decimal comma
 * would clash, some tools write tabs into a .csv file, and database and mainframe exports use '|'.
 */
final class DelimiterGuesser {

    /** The candidates in order of preference: a tie goes to the earlier one. */
    private static final char[] CANDIDATES = {',', ';', '\t', '|'};

    private DelimiterGuesser() {
    }

    /**
     * Counts ',' ';' tab and '|' outside double quotes in the first non-empty line (a quoted newline does
     * not end it) and returns the most frequent; ties go to the earlier of ',' ';' tab '|', and a line
     * without any of them gives ','.
     */
    static char guess(CharSequence text) {
        int[] counts = new int[CANDIDATES.length];
        boolean inQuotes = false;
        boolean lineHasContent = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                // a doubled quote toggles twice, which is exactly right
                inQuotes = !inQuotes;
            } else if (!inQuotes) {
                if (c == '\n' || c == '\r') {
                    if (lineHasContent) {
                        break;
                    }
                    continue;
                }
                count(c, counts);
            }
            lineHasContent = true;
        }
        int best = 0;
        for (int k = 1; k < CANDIDATES.length; k++) {
            if (counts[k] > counts[best]) {
                best = k;
            }
        }
        return CANDIDATES[best];
    }

    private static void count(char c, int[] counts) {
        for (int k = 0; k < CANDIDATES.length; k++) {
            if (c == CANDIDATES[k]) {
                counts[k]++;
                return;
            }
        }
    }
}
