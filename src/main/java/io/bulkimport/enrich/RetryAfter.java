package io.bulkimport.enrich;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the provider asked us to wait: {@code Retry-After} (seconds or an HTTP date) and OpenAI's
 * {@code x-ratelimit-reset-requests} / {@code x-ratelimit-reset-tokens} ({@code 1s}, {@code 6m0s}, {@code 250ms}).
 * The longest of them wins.
 */
public final class RetryAfter {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private RetryAfter() {
    }

    /** {@code header} gives a header's first value or null. */
    public static Optional<Duration> from(Function<String, String> header, Clock clock) {
        Duration longest = null;
        for (Duration d : new Duration[] {retryAfter(header.apply("Retry-After"), clock),
                resetDuration(header.apply("x-ratelimit-reset-requests")),
                resetDuration(header.apply("x-ratelimit-reset-tokens"))}) {
            if (d != null && (longest == null || d.compareTo(longest) > 0)) {
                longest = d;
            }
        }
        return Optional.ofNullable(longest);
    }

    static Duration retryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(v) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    static Duration resetDuration(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        Matcher m = PART.matcher(v);
        double millis = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return null;
            }
            double n = Double.parseDouble(m.group(1));
            millis += switch (m.group(2)) {
                case "h" -> n * 3_600_000;
                case "m" -> n * 60_000;
                case "s" -> n * 1000;
                default -> n;
            };
            end = m.end();
        }
        if (end == 0 || end != v.length()) {
            try {
                return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return Duration.ofMillis((long) millis);
    }
}
