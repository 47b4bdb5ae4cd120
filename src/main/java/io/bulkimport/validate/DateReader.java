package io.bulkimport.validate;

import io.bulkimport.pipeline.DatePatterns;
import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code type: date} and {@code type: timestamp}: a value read by the column's {@code formats} (java.time
 * DateTimeFormatter patterns, strict: {@link DatePatterns}) becomes ISO 8601 text: {@code 2024-05-03} for a date,
 * {@code 2024-05-03T14:30:00+02:00} for a timestamp. A timestamp written without an offset is in the column's
 * {@code zone} (UTC without one); one with its own offset or zone keeps it; one without a time starts at midnight.
 * Without {@code formats}, a date is {@code yyyy-MM-dd} and a timestamp ISO 8601 ({@code 2024-05-03T14:30},
 * seconds, fraction and offset optional) or {@code yyyy-MM-dd HH:mm[:ss]}.
 *
 * <p>Every format is tried: a value that two of them read as different dates ({@code 03/05/2024} by
 * {@code dd/MM/yyyy} and {@code MM/dd/yyyy}) is ambiguous, an error naming both readings, unless {@code dateOrder}
 * ({@code dmy}, {@code mdy}, {@code ymd}) says which one wins.
 */
final class DateReader implements ValueReader {

    static final List<String> DEFAULT_DATE = List.of("yyyy-MM-dd");
    private static final String ISO_TIMESTAMP = "yyyy-MM-dd'T'HH:mm:ss";
    static final List<String> DEFAULT_TIMESTAMP = List.of(ISO_TIMESTAMP, "yyyy-MM-dd HH:mm[:ss]");

    private final boolean timestamp;
    private final List<String> patterns;
    private final DateTimeFormatter[] formatters;
    private final String[] orders;
    private final ZoneId zone;
    private final String dateOrder;
    private final ValueRules.Invalid invalid;

    /**
     * @param timestamp a timestamp column (else a date column)
     * @param patterns  the formats, empty for the defaults
     * @param zone      a zone id for timestamps without an offset, null for UTC
     * @param dateOrder which reading of an ambiguous value wins, null for none
     * @throws IllegalArgumentException when a pattern is not one
     */
    DateReader(boolean timestamp, List<String> patterns, String zone, String dateOrder) {
        this.timestamp = timestamp;
        this.patterns = patterns.isEmpty() ? (timestamp ? DEFAULT_TIMESTAMP : DEFAULT_DATE) : List.copyOf(patterns);
        this.formatters = new DateTimeFormatter[this.patterns.size()];
        this.orders = new String[this.patterns.size()];
        for (int i = 0; i < formatters.length; i++) {
            String pattern = this.patterns.get(i);
            // the ISO default is the JDK's own, which takes any fraction of a second and an optional offset or zone
            formatters[i] = timestamp && patterns.isEmpty() && ISO_TIMESTAMP.equals(pattern)
                    ? DateTimeFormatter.ISO_DATE_TIME : DatePatterns.compile(pattern);
            orders[i] = DatePatterns.order(pattern);
        }
        this.zone = zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
        this.dateOrder = dateOrder;
        invalid = new ValueRules.Invalid((timestamp ? "not a timestamp (" : "not a date (")
                + String.join(" or ", this.patterns) + ")");
    }

    @Override
    public ValueRules.Result read(String text) {
        String first = null;
        int firstAt = -1;
        List<String> others = null;
        for (int i = 0; i < formatters.length; i++) {
            String reading = reading(formatters[i], text);
            if (reading == null || reading.equals(first)) {
                continue;
            }
            if (first == null) {
                first = reading;
                firstAt = i;
            } else {
                if (others == null) {
                    others = new ArrayList<>(2);
                    others.add(first);
                    others.add(String.valueOf(firstAt));
                }
                others.add(reading);
                others.add(String.valueOf(i));
            }
        }
        if (first == null) {
            return invalid;
        }
        return others == null ? new ValueRules.Valid(first) : ambiguous(others);
    }

    @Override
    public ValueRules.Result readStored(String stored) {
        try {
            TemporalAccessor parsed = stored.indexOf('T') < 0 && stored.indexOf(':') < 0
                    ? DateTimeFormatter.ISO_LOCAL_DATE.parse(stored) : DateTimeFormatter.ISO_DATE_TIME.parse(stored);
            return new ValueRules.Valid(canonical(parsed));
        } catch (DateTimeException e) {
            return invalid;
        }
    }

    /** The value as the formatter reads it, canonical; null when it does not (without an exception when it can). */
    private String reading(DateTimeFormatter formatter, String text) {
        ParsePosition position = new ParsePosition(0);
        if (formatter.parseUnresolved(text, position) == null || position.getIndex() != text.length()) {
            return null;
        }
        try {
            return canonical(formatter.parse(text));
        } catch (DateTimeException e) {
            return null;   // it has the shape but is no date: 31/02/2024
        }
    }

    private String canonical(TemporalAccessor parsed) {
        LocalDate date = LocalDate.from(parsed);
        if (!timestamp) {
            return date.toString();
        }
        LocalTime time = parsed.isSupported(ChronoField.HOUR_OF_DAY) ? LocalTime.from(parsed) : LocalTime.MIDNIGHT;
        ZoneId own = parsed.query(TemporalQueries.zone());
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(LocalDateTime.of(date, time).atZone(own != null ? own : zone));
    }

    /** @param readings reading, format index, reading, format index… */
    private ValueRules.Result ambiguous(List<String> readings) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < readings.size(); i += 2) {
            int format = Integer.parseInt(readings.get(i + 1));
            if (dateOrder != null && orders[format].equals(dateOrder)) {
                return new ValueRules.Valid(readings.get(i));
            }
            shown.add(readings.get(i) + " by " + patterns.get(format));
        }
        return new ValueRules.Invalid("ambiguous " + (timestamp ? "timestamp" : "date") + " (" + String.join(" or ", shown)
                + "; set the column's dateOrder, or dateFormat= on the upload)");
    }
}
