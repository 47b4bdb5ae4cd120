package io.bulkimport.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2025-01-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void reads_retry_after_in_seconds() {
        assertThat(RetryAfter.from(Map.of("Retry-After", "7")::get, NOW)).contains(Duration.ofSeconds(7));
    }

    @Test
    void reads_retry_after_as_an_http_date() {
        assertThat(RetryAfter.from(Map.of("Retry-After", "Wed, 01 Jan 2025 12:00:30 GMT")::get, NOW))
                .contains(Duration.ofSeconds(30));
    }

    @Test
    void a_date_in_the_past_means_no_wait() {
        assertThat(RetryAfter.retryAfter("Wed, 01 Jan 2025 11:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void reads_openai_reset_durations() {
        assertThat(RetryAfter.resetDuration("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryAfter.resetDuration("6m0s")).isEqualTo(Duration.ofMinutes(6));
        assertThat(RetryAfter.resetDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(RetryAfter.resetDuration("1h2m3.5s")).isEqualTo(Duration.ofMillis(3_723_500));
        assertThat(RetryAfter.resetDuration("0.5")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void ignores_what_it_cannot_read() {
        assertThat(RetryAfter.from(Map.of("Retry-After", "soon", "x-ratelimit-reset-tokens", "3 parsecs")::get, NOW)).isEmpty();
        assertThat(RetryAfter.from(Map.<String, String>of()::get, NOW)).isEmpty();
    }

    @Test
    void the_longest_of_the_headers_wins() {
        Map<String, String> headers = Map.of("Retry-After", "2", "x-ratelimit-reset-requests", "1s",
                "x-ratelimit-reset-tokens", "6m0s");
        assertThat(RetryAfter.from(headers::get, NOW)).contains(Duration.ofMinutes(6));
    }
}
