package io.bulkimport.parse;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * What an import already knows about how to read a CSV file, so the reader need not guess it.
 *
 * @param charset the file's charset: decided at intake over the whole file, or forced by the upload's {@code charset=}
 *                or the pipeline's {@code encoding}; null when not known yet (the reader then reads the whole file once
 *                to decide, see {@link EncodingDetector})
 * @param escape  the character that makes the next one plain text inside a cell ({@code \"} a quote, {@code \\} itself,
 *                {@code \,} the delimiter, {@code \n} {@code \r} {@code \t} a line feed, carriage return, tab), as MySQL
 *                and other database exports write it (commons-csv {@code setEscape}); null for none: RFC 4180, a quote
 *                inside a quoted cell is doubled
 */
public record CsvDialect(Charset charset, Character escape) {

    /** Nothing known: the charset is decided from the file, and there is no escape character. */
    public static final CsvDialect DEFAULT = new CsvDialect(null, null);

    /** The characters that give a CSV file its structure, which must be single ASCII bytes in a charset this reader reads. */
    private static final String STRUCTURE = "\r\n\t ,;|\"=sep";

    /**
     * Reads a charset option ({@code charset=windows-1252} on an upload, {@code encoding: windows-1252} in a route file).
     *
     * @param name a charset name or alias Java knows ({@code utf-8}, {@code windows-1252}, {@code cp1252},
     *             {@code iso-8859-1}, {@code latin1}, {@code utf-16le} …); empty for none
     * @return the charset, or null when the file decides
     * @throws IllegalArgumentException naming the value, when Java does not know it, or when it is neither
     *                                  ASCII-based nor UTF-16 (UTF-32, EBCDIC: not read here)
     */
    public static Charset charsetOf(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        Charset charset;
        try {
            charset = Charset.forName(name.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown charset: '" + name + "'");
        }
        boolean utf16 = charset.equals(StandardCharsets.UTF_16) || EncodingDetector.isUtf16(charset);
        if (!utf16 && !(charset.canEncode() && Arrays.equals(STRUCTURE.getBytes(charset), STRUCTURE.getBytes(StandardCharsets.US_ASCII)))) {
            throw new IllegalArgumentException("charset " + charset.name() + " is not read here: use an ASCII-based charset"
                    + " (utf-8, windows-1252, iso-8859-1, …) or utf-16; was '" + name + "'");
        }
        return charset;
    }

    /**
     * Reads an escape option ({@code escape=\} on an upload, {@code escape: "\\"} in a route file).
     *
     * @param value one character, or empty or {@code none} for no escape character
     * @return the character, or null for none
     * @throws IllegalArgumentException naming the value, when it is longer, or a letter, digit, white space, quote or
     *                                  line break (those are text or structure, never an escape)
     */
    public static Character escapeOf(String value) {
        if (value == null || value.isEmpty() || value.strip().toLowerCase(Locale.ROOT).equals("none")) {
            return null;
        }
        char c = value.charAt(0);
        if (value.length() != 1 || c == '"' || Character.isLetterOrDigit(c) || Character.isWhitespace(c) || Character.isISOControl(c)) {
            throw new IllegalArgumentException("escape must be one character such as \\ (not a letter, digit, space, quote or"
                    + " line break), or none; was '" + value + "'");
        }
        return c;
    }
}
