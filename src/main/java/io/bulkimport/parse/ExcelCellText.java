package io.bulkimport.parse;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;

/**
 * A cell as text a person would read it: numbers without float noise (15 significant digits, as Excel shows them),
 * dates as ISO dates (with the time when there is one), percentages with their %, formulas by their cached value,
 * booleans as TRUE/FALSE, errors as Excel writes them.
 */
final class ExcelCellText {

    /** Excel's built-in date and time formats, by id. */
    private static final Set<Integer> DATE_FORMAT_IDS = Set.of(14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private ExcelCellText() {
    }

    static String of(Cell cell, boolean date1904) {
        CellType type = cell.getType();
        String raw = cell.getRawValue();
        if (type == null || type == CellType.EMPTY || raw == null) {
            return "";
        }
        switch (type) {
            case NUMBER:
                return number(cell, raw);
            case BOOLEAN:
                return "1".equals(raw) || "true".equalsIgnoreCase(raw) ? "TRUE" : "FALSE";
            case FORMULA:
                return isNumber(raw) ? number(cell, raw) : raw;
            default:
                return cell.getText() == null ? raw : cell.getText();
        }
    }

    private static String number(Cell cell, String raw) {
        BigDecimal value;
        try {
            value = new BigDecimal(raw.trim());
        } catch (NumberFormatException e) {
            return raw;
        }
        String format = cell.getDataFormatString() == null ? "" : cell.getDataFormatString();
        if (isDateFormat(cell.getDataFormatId(), format)) {
            return date(cell);
        }
        if (format.contains("%")) {
            return plain(value.movePointRight(2)) + "%";
        }
        return plain(value);
    }

    private static String plain(BigDecimal value) {
        BigDecimal rounded = value.round(MathContext.DECIMAL64).round(new MathContext(15)).stripTrailingZeros();
        return rounded.signum() == 0 ? "0" : rounded.toPlainString();
    }

    private static String date(Cell cell) {
        LocalDateTime dateTime = cell.asDate();
        if (dateTime == null) {
            return cell.getRawValue();
        }
        dateTime = dateTime.withNano(0);
        if (dateTime.toLocalDate().getYear() < 1900) {
            return dateTime.format(TIME);
        }
        return dateTime.toLocalTime().toSecondOfDay() == 0 ? dateTime.toLocalDate().toString() : dateTime.format(DATE_TIME);
    }

    /** A custom format is a date when it has date or time letters outside quotes and [colour] brackets. */
    static boolean isDateFormat(Integer id, String format) {
        if (id != null && DATE_FORMAT_IDS.contains(id)) {
            return true;
        }
        String bare = format.replaceAll("\"[^\"]*\"", "").replaceAll("\\[[^\\]]*\\]", "").toLowerCase(Locale.ROOT);
        return !bare.contains("general") && bare.matches(".*[ymdhs].*") && !bare.matches(".*[#0?].*");
    }

    private static boolean isNumber(String raw) {
        return raw.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    }
}
