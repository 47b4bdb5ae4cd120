package io.bulkimport.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    @Test
    void no_url_and_no_embedded_port_keeps_every_stage_in_process() {
        assertThat(settings("", 0).enabled()).isFalse();
    }

    @Test
    void an_embedded_port_alone_means_the_broker_on_this_machine() {
        BrokerSettings settings = settings("", 61616);
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.url()).isEqualTo("tcp://localhost:61616");
        // a URL given wins: an instance may host the broker under another name for the others
        assertThat(settings("tcp://broker:61616", 61616).url()).isEqualTo("tcp://broker:61616");
    }

    @Test
    void a_password_in_the_url_is_masked_for_the_log() {
        assertThat(settings("tcp://broker:61616?user=app&password=s3cret&ha=true", 0).safeUrl())
                .isEqualTo("tcp://broker:61616?user=app&password=***&ha=true");
    }

    @Test
    void settings_that_cannot_work_are_refused_at_start() {
        assertThatThrownBy(() -> settings("", 70_000)).hasMessageContaining("broker.embedded-port");
        assertThatThrownBy(() -> new BrokerSettings("tcp://b:1", "", "", 0, "a", Duration.ofSeconds(1), 0, 8, 8))
                .hasMessageContaining("broker.max-sends");
        assertThatThrownBy(() -> new BrokerSettings("tcp://b:1", "", "", 0, "a", Duration.ZERO, 3, 8, 8))
                .hasMessageContaining("broker.request-timeout-ms");
    }

    @Test
    void durations_in_log_lines_read_as_seconds() {
        assertThat(BrokerSettings.seconds(Duration.ofMillis(1500))).isEqualTo("1.5");
        assertThat(BrokerSettings.seconds(Duration.ofSeconds(2))).isEqualTo("2");
        assertThat(BrokerSettings.seconds(Duration.ofMillis(120_400))).isEqualTo("120");
    }

    private static BrokerSettings settings(String url, int port) {
        return new BrokerSettings(url, "", "", port, "instance", Duration.ofSeconds(120), 3, 8, 8);
    }
}
