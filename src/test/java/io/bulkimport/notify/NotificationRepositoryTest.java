package io.bulkimport.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

class NotificationRepositoryTest {

    @Test
    void a_url_is_recorded_without_query_and_user_info() {
        assertThat(NotificationRepository.withoutSecrets("https://bot:pw@hooks.example.com:8443/in/abc?token=s3cr3t#x"))
                .isEqualTo("https://hooks.example.com:8443/in/abc");
        assertThat(NotificationRepository.withoutSecrets("ops@example.com")).isEqualTo("ops@example.com");
    }

    @Test
    void the_reason_is_the_http_status_or_the_root_cause() {
        assertThat(NotificationRepository.reason(new HttpOperationFailedException("http://h/x?token=s", 503,
                "Service Unavailable", null, null, "body"))).isEqualTo("HTTP 503 Service Unavailable");
        assertThat(NotificationRepository.reason(new IllegalStateException("wrapped", new ConnectException("Connection refused"))))
                .isEqualTo("ConnectException: Connection refused");
        assertThat(NotificationRepository.reason(null)).isEqualTo("unknown");
    }
}
