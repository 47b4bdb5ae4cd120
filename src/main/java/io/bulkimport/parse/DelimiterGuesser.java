package io.bulkimport.parse;

/**
 * Guesses the delimiter from the header line: European Excel writes ';' where the decimal comma
 * would clash, and some tools write tabs into a .csv file.
 */
final class DelimiterGuesser {

    private DelimiterGuesser() {
    }

    /**
     * Counts ',' ';' and tab outside double quotes in the first non-empty line (a quoted newline does
     * not end it) and returns the most frequent; ties and no candidates at all fall back to ','.
     */
    static char guess(CharSequence text) {
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
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
                if (c == ',') {
                    commas++;
                } else if (c == ';') {
                    semicolons++;
                } else if (c == '\t') {
                    tabs++;
                }
            }
            lineHasContent = true;
        }
        if (semicolons > commas && semicolons >= tabs) {
            return ';';
        }
        if (tabs > commas && tabs > semicolons) {
            return '\t';
        }
        return ',';
    }
}
