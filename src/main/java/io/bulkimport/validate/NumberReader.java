package io.bulkimport.validate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * {@code type: decimal} and {@code type: integer}: a number written with the column's decimal and grouping
 * separators ({@code locale}, its {@link DecimalFormatSymbols}, or {@code decimalSeparator}/{@code groupingSeparator};
 * without either {@code .} and {@code ,}), becomes a plain {@link BigDecimal} text ({@code 1234.56}). Allowed around
 * it: white space, currency symbols (Unicode category Sc: €, $, £…) and a leading sign ({@code -}, {@code +}, {@code −}).
 * Grouping separators, when used, must group the whole part by three ({@code 1.234.567,8}); an exponent
 * ({@code 1.5e3}) is allowed. A locale whose grouping is a space (fr: U+202F) also accepts a space or no-break space.
 * An integer must be whole and fit PostgreSQL's bigint; a decimal must fit its numeric (PostgreSQL docs, 8.1.2).
 */
final class NumberReader implements ValueReader {

    private final boolean integer;
    private final char decimal;
    private final char grouping;
    private final boolean spaceGrouping;
    private final ValueRules.Invalid invalid;

    /**
     * @param integer   whole numbers only
     * @param locale    the locale whose separators to use; null for {@code .} and {@code ,}
     * @param decimal   the decimal separator over the locale's, null for the locale's
     * @param grouping  the grouping separator over the locale's, null for the locale's
     * @param label     how the error names the reading ({@code de-DE}); null to name the decimal separator
     */
    NumberReader(boolean integer, Locale locale, String decimal, String grouping, String label) {
        DecimalFormatSymbols symbols = locale == null ? null : DecimalFormatSymbols.getInstance(locale);
        this.integer = integer;
        this.decimal = decimal != null ? decimal.charAt(0) : symbols != null ? symbols.getDecimalSeparator() : '.';
        this.grouping = grouping != null ? grouping.charAt(0) : symbols != null ? symbols.getGroupingSeparator() : ',';
        this.spaceGrouping = space(this.grouping);
        String example = "1" + this.grouping + "234" + (integer ? "" : this.decimal + "56");
        String named = label != null ? label : "decimal separator '" + this.decimal + "'";
        invalid = new ValueRules.Invalid((integer ? "not a whole number (" : "not a number (") + named + ", e.g. " + example + ")");
    }

    @Override
    public ValueRules.Result read(String text) {
        String plain = plain(text);
        return plain == null ? invalid : checked(plain);
    }

    @Override
    public ValueRules.Result readStored(String stored) {
        return checked(stored);
    }

    private ValueRules.Result checked(String plain) {
        BigDecimal number;
        try {
            number = new BigDecimal(plain);
        } catch (NumberFormatException e) {
            return invalid;
        }
        if (integer) {
            BigDecimal whole = number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
            if (whole.scale() > 0 || whole.precision() - whole.scale() > 19) {
                return invalid;
            }
            BigInteger value = whole.toBigIntegerExact();
            return value.bitLength() < 64 ? new ValueRules.Valid(value.toString()) : invalid;
        }
        if (number.precision() - number.scale() > 131_072 || number.scale() > 16_383) {
            return invalid;
        }
        return new ValueRules.Valid(number.toPlainString());
    }

    /** The number in BigDecimal's syntax, or null when the text is not one as this column writes numbers. */
    private String plain(String text) {
        int start = skipAround(text, 0, 1);
        int end = skipAround(text, text.length() - 1, -1) + 1;
        StringBuilder out = new StringBuilder(end - start + 1);
        if (start < end && (text.charAt(start) == '-' || text.charAt(start) == '+' || text.charAt(start) == '\u2212')) {
            out.append(text.charAt(start) == '+' ? '+' : '-');
            start = skipAround(text, start + 1, 1);
        }
        int digits = 0;
        int sinceGroup = -1;   // digits since the last grouping separator, -1 before the first
        int i = start;
        for (; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                out.append(c);
                digits++;
                sinceGroup = sinceGroup < 0 ? -1 : sinceGroup + 1;
            } else if (c == grouping || (spaceGrouping && space(c))) {
                if (digits == 0 || (sinceGroup >= 0 && sinceGroup != 3) || (sinceGroup < 0 && digits > 3)) {
                    return null;
                }
                sinceGroup = 0;
            } else {
                break;
            }
        }
        if (digits == 0 && (i >= end || text.charAt(i) != decimal) || (sinceGroup >= 0 && sinceGroup != 3)) {
            return null;
        }
        if (i < end && text.charAt(i) == decimal) {
            out.append('.');
            int fraction = 0;
            for (i++; i < end && text.charAt(i) >= '0' && text.charAt(i) <= '9'; i++) {
                out.append(text.charAt(i));
                fraction++;
            }
            if (digits + fraction == 0) {
                return null;
            }
        }
        if (i < end && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int exponent = i + 1 < end && (text.charAt(i + 1) == '-' || text.charAt(i + 1) == '+') ? i + 2 : i + 1;
            if (end - exponent < 1 || end - exponent > 4 || !allDigits(text, exponent, end)) {
                return null;
            }
            out.append(text, i, end);
            i = end;
        }
        return i == end ? out.toString() : null;
    }

    /** From {@code i} in direction {@code step}, past white space and currency symbols. */
    private static int skipAround(String text, int i, int step) {
        while (i >= 0 && i < text.length()
                && (space(text.charAt(i)) || Character.getType(text.charAt(i)) == Character.CURRENCY_SYMBOL)) {
            i += step;
        }
        return i;
    }

    private static boolean space(char c) {
        return Character.isWhitespace(c) || c == '\u00A0' || c == '\u2007' || c == '\u202F';
    }

    private static boolean allDigits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
