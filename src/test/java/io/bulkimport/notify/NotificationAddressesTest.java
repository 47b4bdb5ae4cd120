package io.bulkimport.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NotificationAddressesTest {

    private final NotificationAddresses addresses = new NotificationAddresses(" hooks.example.com, Receiver.Example.org ");

    @Test
    void accepts_a_url_to_an_allowed_host_on_any_port_and_case() {
        assertThat(addresses.checkUrl("https://HOOKS.example.com:8443/in?team=7")).isEqualTo("https://HOOKS.example.com:8443/in?team=7");
        assertThat(addresses.checkUrl("http://receiver.example.org/x")).isEqualTo("http://receiver.example.org/x");
    }

    @Test
    void refuses_internal_hosts_and_names_the_allowed_ones() {
        assertThatThrownBy(() -> addresses.checkUrl("http://169.254.169.254/latest/meta-data"))
                .hasMessage("notifyUrl host '169.254.169.254' is not allowed: webhooks of an upload go only to the hosts in "
                        + "notify.allowed-hosts (hooks.example.com, receiver.example.org)");
        assertThatThrownBy(() -> addresses.checkUrl("http://hooks.example.com.evil.test/")).hasMessageContaining("not allowed");
        assertThatThrownBy(() -> addresses.checkUrl("http://hooks.example.com@127.0.0.1/")).hasMessage("notifyUrl must not hold a user name or password");
    }

    @Test
    void refuses_other_schemes_user_info_and_nonsense() {
        assertThatThrownBy(() -> addresses.checkUrl("file:///etc/passwd")).hasMessage("notifyUrl must be an http:// or https:// URL with a host name");
        assertThatThrownBy(() -> addresses.checkUrl("https://u:p@hooks.example.com/")).hasMessage("notifyUrl must not hold a user name or password");
        assertThatThrownBy(() -> addresses.checkUrl("http://exa mple")).hasMessageStartingWith("notifyUrl is not a URL");
    }

    @Test
    void without_allowed_hosts_no_url_is_accepted() {
        assertThatThrownBy(() -> new NotificationAddresses("").checkUrl("https://hooks.example.com/"))
                .hasMessageEndingWith("(none set)");
    }

    @Test
    void email_addresses_are_plain_and_may_be_several() {
        assertThat(addresses.checkEmail("ops@example.com, ada@example.org")).containsExactly("ops@example.com", "ada@example.org");
        assertThatThrownBy(() -> addresses.checkEmail("Ops <ops@example.com>")).hasMessage("notifyEmail 'Ops <ops@example.com>' is not an e-mail address");
        assertThatThrownBy(() -> addresses.checkEmail("ops@example.com\r\nBcc: x@evil.test")).hasMessageContaining("is not an e-mail address");
    }
}
