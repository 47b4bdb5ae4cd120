package io.bulkimport.parse;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.apache.poi.ss.format.CellFormat;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;

/**
 * The text of a cell as a person reads it in Excel, for the cell types that need more than their stored text
 * (ECMA-376 Part 1 §18.3.1.4 {@code c}, §18.18.11 ST_CellType):
 * <ul>
 *   <li>numbers ({@code t="n"}, also formula results) by their {@link NumberFormat}: General as Excel's 15
 *       significant digits without float noise, except whole numbers of more than 15 digits (16-digit ids written by
 *       pandas, openpyxl or a database export), which keep the digits the file holds; dates and times as ISO
 *       {@code yyyy-MM-dd}, {@code HH:mm:ss} or {@code yyyy-MM-dd HH:mm:ss} (1900 or 1904 date system, rounded to the
 *       second); durations and every other format as Excel shows them (Apache POI's DataFormatter, en-US);</li>
 *   <li>ISO 8601 date cells ({@code t="d"}) in the same ISO shapes;</li>
 *   <li>booleans ({@code t="b"}) as {@code TRUE}/{@code FALSE}.</li>
 * </ul>
 * One instance per workbook; safe to use from several threads.
 */
final class ExcelCellText {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final double SECONDS_PER_DAY = 86_400;
    /** Excel keeps 15 significant digits. */
    private static final int EXCEL_DIGITS = 15;

    /** DataFormatter and the Formats it makes are not thread-safe: each thread that formats cells has its own. */
    private static final ThreadLocal<CachedNumberFormats> FORMATS =
            ThreadLocal.withInitial(() -> new CachedNumberFormats(new DataFormatter(Locale.US)));

    private final boolean date1904;

    ExcelCellText(boolean date1904) {
        this.date1904 = date1904;
    }

    /**
     * @param raw the cell's {@code <v>}, as stored (e.g. {@code 43900}, {@code 0.1}, {@code 1.5E-3})
     * @param format the cell's number format
     * @return the text Excel shows; raw itself when it is not a number
     */
    String number(String raw, NumberFormat format) {
        if (format.kind() == NumberFormat.Kind.GENERAL) {
            return general(raw);
        }
        double value;
        try {
            value = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            return raw;
        }
        switch (format.kind()) {
            case DATE:
                return DateUtil.isValidExcelDate(value) ? date(value, format.shape()) : general(raw);
            case ELAPSED:
                return elapsed(value, format);
            default:
                if (isLongWholeNumber(raw) && "0".equals(format.code())) {
                    return general(raw);
                }
                return FORMATS.get().format(value, format.id(), format.code()).strip();
        }
    }

    /**
     * The value a number cell holds, for typed columns: a date-formatted one as its ISO date ({@code 2024-05-03}) or
     * date-time ({@code 2024-05-03T10:15:30}, to the second) in the workbook's date system; any other as General
     * shows it (no grouping, no percent sign, 15 significant digits).
     *
     * @param raw the cell's {@code <v>}, as stored
     */
    String stored(String raw, NumberFormat format) {
        if (format.kind() == NumberFormat.Kind.DATE) {
            try {
                double value = Double.parseDouble(raw);
                if (DateUtil.isValidExcelDate(value)) {
                    LocalDateTime dateTime = DateUtil.getLocalDateTime(value, date1904, true);
                    return dateTime.toLocalTime().equals(LocalTime.MIDNIGHT) ? dateTime.toLocalDate().toString() : dateTime.toString();
                }
            } catch (NumberFormatException e) {
                return raw;
            }
        }
        return general(raw);
    }

    /**
     * @param raw an ISO 8601 date, date-time or time ({@code 2024-03-17}, {@code 2024-03-17T13:45:30},
     *            fractions of a second and a zone allowed; the zone is dropped, the local time kept)
     * @return the ISO text, or null when raw is not ISO 8601
     */
    String isoDate(String raw, NumberFormat format) {
        String value = raw.strip();
        int t = value.indexOf('T');
        String datePart = t < 0 ? (value.contains(":") ? null : value) : value.substring(0, t);
        String timePart = t < 0 ? (value.contains(":") ? value : null) : withoutZone(value.substring(t + 1));
        try {
            LocalDate date = datePart == null || datePart.isEmpty() ? null : LocalDate.parse(datePart);
            LocalTime time = timePart == null ? null : LocalTime.parse(timePart);
            LocalDateTime dateTime = LocalDateTime.of(date == null ? LocalDate.of(1899, 12, 31) : date,
                    time == null ? LocalTime.MIDNIGHT : time);
            dateTime = roundToSecond(dateTime);
            NumberFormat.Shape shape = format.kind() == NumberFormat.Kind.DATE && format.shape() != NumberFormat.Shape.BY_VALUE
                    ? format.shape()
                    : date == null ? NumberFormat.Shape.TIME : time == null ? NumberFormat.Shape.DATE : NumberFormat.Shape.DATE_TIME;
            return shaped(dateTime, shape);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String bool(String raw) {
        return "1".equals(raw) || "true".equalsIgnoreCase(raw) ? "TRUE" : "FALSE";
    }

    /** General: whole numbers as written (the fast path), long whole numbers digit for digit, others to 15 digits. */
    static String general(String raw) {
        if (isPlainWholeNumber(raw)) {
            return raw;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(raw.strip());
        } catch (NumberFormatException e) {
            return raw;
        }
        if (isLongWholeNumber(raw) || (value.precision() > EXCEL_DIGITS && isWhole(value))) {
            return value.stripTrailingZeros().toPlainString();
        }
        BigDecimal rounded = value.round(new MathContext(EXCEL_DIGITS)).stripTrailingZeros();
        return rounded.signum() == 0 ? "0" : rounded.toPlainString();
    }

    private String date(double value, NumberFormat.Shape shape) {
        LocalDateTime dateTime = DateUtil.getLocalDateTime(value, date1904, true);
        if (shape == NumberFormat.Shape.BY_VALUE) {
            shape = value < 1 ? NumberFormat.Shape.TIME
                    : value == Math.floor(value) ? NumberFormat.Shape.DATE : NumberFormat.Shape.DATE_TIME;
        }
        return shaped(dateTime, shape);
    }

    private static String shaped(LocalDateTime dateTime, NumberFormat.Shape shape) {
        switch (shape) {
            case TIME:
                return dateTime.format(TIME);
            case DATE_TIME:
                return dateTime.format(DATE_TIME);
            default:
                return dateTime.toLocalDate().toString();
        }
    }

    /**
     * A duration as Excel shows it: rounded to the last digit shown, then cut into hours, minutes and seconds.
     * POI's CellFormat cuts whole seconds right (on 200,000 random whole-second values it was exact where
     * DataFormatter's floor read 1% of them a minute short: 4.2 days in [mm]:ss as 6047:00); DataFormatter shows
     * fractions of a second right (CellFormat shows 1 s in [h]:mm:ss.00 as 0:00:01.100).
     */
    private static String elapsed(double days, NumberFormat format) {
        int digits = format.secondFractionDigits();
        double perSecond = Math.pow(10, digits);
        double rounded = Math.round(days * SECONDS_PER_DAY * perSecond) / (SECONDS_PER_DAY * perSecond);
        String shown = digits == 0
                ? CellFormat.getInstance(Locale.US, format.code()).apply(rounded).text
                : FORMATS.get().formatter().formatRawCellContents(rounded, format.id(), format.code());
        return shown.strip();
    }

    private static LocalDateTime roundToSecond(LocalDateTime dateTime) {
        return dateTime.getNano() >= 500_000_000
                ? dateTime.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)
                : dateTime.truncatedTo(ChronoUnit.SECONDS);
    }

    private static String withoutZone(String time) {
        if (time.endsWith("Z") || time.endsWith("z")) {
            return time.substring(0, time.length() - 1);
        }
        int sign = Math.max(time.lastIndexOf('+'), time.lastIndexOf('-'));
        return sign > 0 ? time.substring(0, sign) : time;
    }

    /** A whole number written with more than 15 digits in exponent form ({@code 4.111111111111111E+15}) keeps them too. */
    private static boolean isWhole(BigDecimal value) {
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }

    /** 1 to 15 digits, optional minus, no leading zero: Excel shows it as stored. */
    private static boolean isPlainWholeNumber(String raw) {
        int start = !raw.isEmpty() && raw.charAt(0) == '-' ? 1 : 0;
        int digits = raw.length() - start;
        return digits >= 1 && digits <= EXCEL_DIGITS && (raw.charAt(start) != '0' || digits == 1) && allDigits(raw, start);
    }

    /** More than 15 digits and nothing else (an optional sign): an id that no double can hold. */
    private static boolean isLongWholeNumber(String raw) {
        String value = raw.strip();
        int start = !value.isEmpty() && (value.charAt(0) == '-' || value.charAt(0) == '+') ? 1 : 0;
        return value.length() - start > EXCEL_DIGITS && allDigits(value, start);
    }

    private static boolean allDigits(String value, int from) {
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
