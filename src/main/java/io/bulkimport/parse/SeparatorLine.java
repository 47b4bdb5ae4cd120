package io.bulkimport.parse;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Excel's delimiter hint: a first line {@code sep=;} names the file's delimiter (any one character: {@code ,} {@code ;}
 * tab {@code |} …) and is not part of the table. Excel hides that line, so the header below it is row 1.
 *
 * <p>Also accepted as other tools write it: quoted ({@code "sep=;"}), followed by more delimiters
 * ({@code sep=;;;;} or {@code "sep=;";;} when the file was saved again with empty cells), trailing spaces, upper case,
 * and stray U+FEFF before it (a file saved twice with a BOM). Only the very first line counts, as in Excel.
 */
final class SeparatorLine {

    /** group 1: an optional opening quote; group 2: the delimiter; then the same quote, repeated delimiters, a line break */
    private static final Pattern HINT = Pattern.compile("\uFEFF*(\"?)(?i:sep)=([^\r\n])\\1(?:\\2)*[ \t]*(?:\r\n|\n|\r|$)");

    /**
     * @param delimiter the delimiter the line names
     * @param length    characters the line takes, its line break included: the parser starts after them
     */
    record Found(char delimiter, int length) {
    }

    private SeparatorLine() {
    }

    /** Looks for the hint at the start of the text (a BOM already removed); empty when the first line is no hint. */
    static Optional<Found> find(CharSequence text) {
        Matcher m = HINT.matcher(text);
        if (!m.lookingAt() || !usable(m.group(2).charAt(0))) {
            return Optional.empty();
        }
        return Optional.of(new Found(m.group(2).charAt(0), m.end()));
    }

    /** A quote, a letter, a digit, a space or a bad byte cannot separate cells; a tab can. */
    private static boolean usable(char c) {
        return c == '\t' || !(c == '"' || Character.isLetterOrDigit(c) || Character.isWhitespace(c) || Character.isISOControl(c)
                || c == '\uFFFD' || c == CsvRowReader.INVALID_BYTES.charAt(0));
    }
}
