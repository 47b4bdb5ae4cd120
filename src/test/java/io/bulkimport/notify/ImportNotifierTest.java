package io.bulkimport.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImportNotifierTest {

    @Test
    void the_upload_addresses_come_after_the_configured_ones_each_once() {
        assertThat(ImportNotifier.targets("ops@example.com, audit@example.com", "OPS@example.com,team@example.org", true))
                .containsExactly("ops@example.com", "audit@example.com", "team@example.org");
    }

    @Test
    void a_webhook_url_is_never_cut_at_a_comma() {
        assertThat(ImportNotifier.targets("https://hooks.example.com/a?x=1,2", null, false))
                .containsExactly("https://hooks.example.com/a?x=1,2");
        assertThat(ImportNotifier.targets("", null, false)).isEmpty();
    }
}
