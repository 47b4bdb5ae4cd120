package io.bulkimport.parse;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.text.Format;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.NumberToTextConverter;

/**
 * Formats numbers exactly as {@link DataFormatter#formatRawCellContents(double, int, String)} does, without its cost
 * per cell: that method first asks {@code DateUtil.isADateFormat}, a chain of regular expressions, for every cell
 * (JFR: a third of its time, and the largest single cost of reading a 1M-row workbook with two formatted columns),
 * though a format's answer never changes. So the {@link Format} DataFormatter builds for a format code is taken
 * once, through its public {@link DataFormatter#createFormat(Cell)} (with a stand-in cell that only carries the
 * style), and applied as formatRawCellContents applies it. A code whose Format does not give formatRawCellContents'
 * text for a set of probe values (DataFormatter's own special formats, such as {@code 000-00-0000}, or codes with
 * sections it hands to CellFormat) keeps going through formatRawCellContents.
 * One instance per thread: the Formats are not thread-safe.
 */
final class CachedNumberFormats {

    private static final double[] PROBES = {0, 1, -1, 0.5, -0.25, 7.125, 1234.5678, -98765.4321, 123456789, 1e-7, 3e15};

    private final DataFormatter formatter;
    private final Map<String, Optional<Format>> formats = new HashMap<>();

    CachedNumberFormats(DataFormatter formatter) {
        this.formatter = formatter;
    }

    DataFormatter formatter() {
        return formatter;
    }

    /** @return what formatRawCellContents returns for the value, id and code */
    String format(double value, int id, String code) {
        Optional<Format> cached = formats.computeIfAbsent(code, c -> probed(id, c));
        return cached.isPresent() ? apply(cached.get(), value) : formatter.formatRawCellContents(value, id, code);
    }

    private Optional<Format> probed(int id, String code) {
        Format format;
        try {
            format = formatter.createFormat(styledCell(id, code));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (format == null) {
            return Optional.empty();
        }
        for (double probe : PROBES) {
            if (!apply(format, probe).equals(formatter.formatRawCellContents(probe, id, code))) {
                return Optional.empty();
            }
        }
        return Optional.of(format);
    }

    /** The steps of formatRawCellContents after it has its Format (POI 5.5). */
    private static String apply(Format format, double value) {
        String text = NumberToTextConverter.toText(value);
        String result = text.indexOf('E') > -1 ? format.format(value) : format.format(new BigDecimal(text));
        if (result.indexOf('E') > -1 && !result.contains("E-")) {
            result = result.replaceFirst("E", "E+");
        }
        return result;
    }

    /** A cell that answers only what createFormat asks: its style's format id and code, and a value. */
    private static Cell styledCell(int id, String code) {
        CellStyle style = (CellStyle) Proxy.newProxyInstance(CellStyle.class.getClassLoader(), new Class<?>[] {CellStyle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getDataFormat" -> (short) id;
                    case "getDataFormatString" -> code;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (Cell) Proxy.newProxyInstance(Cell.class.getClassLoader(), new Class<?>[] {Cell.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getCellStyle" -> style;
                    case "getNumericCellValue" -> 1.0;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
