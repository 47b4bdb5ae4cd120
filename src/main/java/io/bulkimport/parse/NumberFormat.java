package io.bulkimport.parse;

import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.DateUtil;

/**
 * One number format of a workbook (ECMA-376 Part 1 §18.8.30, {@code numFmt}) and how a cell with it is read:
 * <ul>
 *   <li>{@link Kind#GENERAL} (also {@code @}, text): the number as stored, see {@link ExcelCellText};</li>
 *   <li>{@link Kind#DATE}: an ISO date, time or both, as the format shows a date, a time or both
 *       ({@link Shape}); the locale date ids 27–36 and 50–58 that East-Asian Excel writes without a format
 *       code are dates whose shape comes from the value;</li>
 *   <li>{@link Kind#ELAPSED}: a duration ({@code [h]:mm:ss}, any {@code [h]}, {@code [m]} or {@code [s]}),
 *       as Excel shows it: {@code 36:00:00};</li>
 *   <li>{@link Kind#FORMATTED}: everything else as Excel shows it (Apache POI's DataFormatter, en-US):
 *       {@code 00000} zip codes, percentages, fractions, decimals, grouping, currency.</li>
 * </ul>
 *
 * @param id the format id (built-in 0–163, custom from 164)
 * @param code the format code, null when the workbook gives none
 */
record NumberFormat(int id, String code, Kind kind, Shape shape) {

    enum Kind { GENERAL, DATE, ELAPSED, FORMATTED }

    /** What a date format shows: a date, a time of day, both, or (locale ids without a code) what the value holds. */
    enum Shape { DATE, TIME, DATE_TIME, BY_VALUE }

    static final NumberFormat GENERAL = new NumberFormat(0, "General", Kind.GENERAL, null);

    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|\\\\.|_.|\\*.");
    private static final Pattern BRACKETS = Pattern.compile("\\[[^\\]]*\\]");
    private static final Pattern ELAPSED = Pattern.compile("\\[(h+|m+|s+)\\]", Pattern.CASE_INSENSITIVE);

    /**
     * @param id a cell style's numFmtId
     * @param code its format code: the workbook's {@code numFmt}, or POI's built-in code for the id; null or a
     *             POI placeholder ({@code reserved-0x1B}) when neither knows it
     */
    static NumberFormat of(int id, String code) {
        if (isLocaleDateId(id) && (code == null || code.startsWith("reserved"))) {
            return new NumberFormat(id, null, Kind.DATE, Shape.BY_VALUE);
        }
        if (code == null || code.isBlank() || code.equalsIgnoreCase("General") || code.equals("@")) {
            return new NumberFormat(id, code, Kind.GENERAL, null);
        }
        String firstSection = bare(code.split(";", 2)[0]);
        if (ELAPSED.matcher(QUOTED.matcher(code).replaceAll("")).find()) {
            return new NumberFormat(id, code, Kind.ELAPSED, null);
        }
        if (DateUtil.isADateFormat(id, code)) {
            return new NumberFormat(id, code, Kind.DATE, shape(firstSection));
        }
        return new NumberFormat(id, code, Kind.FORMATTED, null);
    }

    /** ECMA-376 Part 1 §18.8.30: ids 27–36 and 50–58 are the date and time formats of the ja, ko, zh locales. */
    static boolean isLocaleDateId(int id) {
        return (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
    }

    /** Letters that show a date (y, d, era e/g, or m when no hour or second is near) or a time (h, s, AM/PM). */
    private static Shape shape(String bare) {
        boolean time = bare.indexOf('h') >= 0 || bare.indexOf('s') >= 0 || bare.contains("am/pm") || bare.contains("a/p");
        boolean date = bare.indexOf('y') >= 0 || bare.indexOf('d') >= 0 || bare.indexOf('e') >= 0 || bare.indexOf('g') >= 0
                || (!time && bare.indexOf('m') >= 0);
        return date && time ? Shape.DATE_TIME : time ? Shape.TIME : Shape.DATE;
    }

    /** The code without quoted text, escaped or fill characters and [bracketed] colours, locales and conditions. */
    private static String bare(String section) {
        return BRACKETS.matcher(QUOTED.matcher(section).replaceAll("")).replaceAll("").toLowerCase(Locale.ROOT);
    }

    /** Digits shown after the seconds' decimal point ({@code ss.00} → 2), 0 to 3. */
    int secondFractionDigits() {
        int dot = code == null ? -1 : code.toLowerCase(Locale.ROOT).indexOf("s.0");
        if (dot < 0) {
            return 0;
        }
        int digits = 0;
        for (int i = dot + 2; i < code.length() && code.charAt(i) == '0' && digits < 3; i++) {
            digits++;
        }
        return digits;
    }
}
