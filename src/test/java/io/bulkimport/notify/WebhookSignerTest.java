package io.bulkimport.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void signs_the_example_of_the_standard_webhooks_specification() {
        // given the secret, id, timestamp and payload of the specification's worked example
        WebhookSigner signer = new WebhookSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        // when / then the signature is the one the specification gives
        assertThat(signer.signature("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void a_secret_without_the_prefix_is_the_same_key() {
        assertThat(new WebhookSigner("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").signature("msg_1", 1, "{}"))
                .isEqualTo(new WebhookSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").signature("msg_1", 1, "{}"));
    }

    @Test
    void refuses_a_secret_that_is_not_base64_without_repeating_it() {
        assertThatThrownBy(() -> new WebhookSigner("whsec_not*base64!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("notify.webhook-secret must be whsec_ followed by base64 (Standard Webhooks)");
    }

    @Test
    void without_a_secret_it_does_not_sign_and_says_so_without_a_key() {
        WebhookSigner signer = new WebhookSigner("");
        assertThat(signer.signs()).isFalse();
        assertThat(new WebhookSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").toString()).doesNotContain("MfKQ");
    }
}
