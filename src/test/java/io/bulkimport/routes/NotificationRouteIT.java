package io.bulkimport.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.bulkimport.it.WebhookReceiver;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The notification route, {@code routes/notifications.camel.yaml}, in process: a finished import's event reaches the
 * webhook (camel-http) and the mail (camel-mail) steps with the headers and bodies the route file promises (mock
 * endpoints advised in front of them), a real webhook receiver on loopback verifies the Standard Webhooks signature,
 * a real SMTP server (GreenMail) takes the mail, and {@code import_notifications} records both; a 500 is sent again,
 * a 400 is not.
 */
class NotificationRouteIT extends RouteTestSupport {

    /** The Standard Webhooks specification's example secret. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String OPS = "ops@example.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GreenMail smtp;
    private WebhookReceiver hook;
    /** A receiver that answers 500 once, then 200. */
    private WebhookReceiver flaky;
    /** A receiver that answers 400. */
    private WebhookReceiver refusing;
    private MockEndpoint webhook;
    private MockEndpoint email;

    @Override
    protected void startServices() throws Exception {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        hook = new WebhookReceiver(SECRET);
        flaky = new WebhookReceiver(SECRET, 500);
        refusing = new WebhookReceiver(SECRET, 400, 400);
    }

    @Override
    protected void stopServices() {
        smtp.stop();
        hook.close();
        flaky.close();
        refusing.close();
    }

    @Override
    protected Map<String, String> properties() {
        Map<String, String> properties = super.properties();
        properties.put("notify.webhook-url", hook.url("127.0.0.1"));
        properties.put("notify.webhook-secret", SECRET);
        properties.put("notify.email-to", OPS);
        properties.put("notify.smtp.host", "127.0.0.1");
        properties.put("notify.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
        properties.put("notify.base-url", "https://imports.example.com");
        return properties;
    }

    @Override
    protected Map<String, String> extraRouteFiles() {
        return Map.of("route-test.camel.yaml", resource(TEST_PIPELINES));
    }

    @Override
    protected void adviceRoutes(CamelContext camelContext) throws Exception {
        AdviceWith.adviceWith(camelContext, "notify-webhook",
                route -> route.weaveByToUri("http:*").before().to("mock:webhook"));
        AdviceWith.adviceWith(camelContext, "notify-email",
                route -> route.weaveByToUri("smtp:*").before().to("mock:email"));
    }

    @BeforeEach
    void resetMocks() throws Exception {
        db().clean();
        smtp.purgeEmailFromAllMailboxes();
        MockEndpoint.resetMocks(getCamelContext());
        webhook = getCamelContext().getEndpoint("mock:webhook", MockEndpoint.class);
        email = getCamelContext().getEndpoint("mock:email", MockEndpoint.class);
        webhook.setResultWaitTime(10_000);
        email.setResultWaitTime(10_000);
    }

    @Test
    void a_finished_imports_event_is_posted_signed_and_mailed_and_both_are_recorded() throws Exception {
        // given one webhook URL and one address configured
        webhook.expectedMessageCount(1);
        email.expectedMessageCount(1);

        // when an import ends completed_with_errors (row 3 is not an email address)
        UUID id = runImport("route_test", "people.csv", "email\nada@example.com\nnot-an-email\n");

        // then the webhook step got the event with the Standard Webhooks headers, for the configured URL
        webhook.assertIsSatisfied();
        Exchange posted = webhook.getReceivedExchanges().get(0);
        Map<String, Object> headers = posted.getIn().getHeaders();
        assertThat(String.valueOf(headers.get("webhook-id"))).startsWith("msg_")
                .isEqualTo(posted.getProperty("eventId", String.class));
        assertThat(String.valueOf(headers.get("webhook-timestamp"))).matches("[0-9]{10}");
        assertThat(String.valueOf(headers.get("webhook-signature"))).startsWith("v1,");
        assertThat(headers).containsEntry(Exchange.CONTENT_TYPE, "application/json")
                .containsEntry(Exchange.HTTP_URI, hook.url("127.0.0.1"));
        String body = posted.getIn().getBody(String.class);
        JsonNode event = JSON.readTree(body);
        assertThat(event.get("type").asText()).isEqualTo("import.finished");
        assertThat(event.at("/data/id").asText()).isEqualTo(id.toString());
        assertThat(event.at("/data/status").asText()).isEqualTo("completed_with_errors");
        assertThat(event.at("/data/rowsStored").asInt()).isEqualTo(1);
        assertThat(event.at("/data/rowsFailed").asInt()).isEqualTo(1);
        assertThat(event.at("/links/errors").asText()).isEqualTo("https://imports.example.com/api/imports/" + id + "/errors");

        // and the receiver got exactly those bytes and verified the signature with its own copy of the secret
        WebhookReceiver.Delivery delivery = hook.await(d -> true, 1, Duration.ofSeconds(10)).get(0);
        assertThat(delivery.verified()).isTrue();
        assertThat(delivery.body()).isEqualTo(body);
        assertThat(delivery.id()).isEqualTo(headers.get("webhook-id"));

        // and the mail step got the summary for the configured address, and the SMTP server took it
        email.assertIsSatisfied();
        Exchange mailed = email.getReceivedExchanges().get(0);
        String subject = "Import route_test 'people.csv': completed_with_errors";
        assertThat(mailed.getIn().getHeaders()).containsEntry("To", OPS).containsEntry("Subject", subject);
        assertThat(mailed.getIn().getBody(String.class)).contains("Rows failed:    1")
                .contains("Error report: https://imports.example.com/api/imports/" + id + "/errors");
        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo(subject);
        assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(Object::toString).containsExactly(OPS);
        assertThat(mail.getFrom()).extracting(Object::toString).containsExactly("bulk-import@localhost");
        assertThat(GreenMailUtil.getBody(mail)).contains("Rows stored:    1");

        // and both outcomes are recorded
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(notifications(id))
                .containsExactlyInAnyOrder(
                        Map.of("channel", "webhook", "target", hook.url("127.0.0.1"), "outcome", "delivered", "attempts", 1),
                        Map.of("channel", "email", "target", OPS, "outcome", "delivered", "attempts", 1)));
    }

    @Test
    void a_webhook_answered_500_is_sent_again_with_the_same_id_and_signature() throws Exception {
        // given an event as the service sends it to direct:import-finished, for a receiver that answers 500 once
        UUID id = UUID.randomUUID();
        String body = "{\"type\":\"import.finished\",\"timestamp\":\"" + Instant.now() + "\",\"data\":{\"id\":\"" + id + "\"}}";
        webhook.expectedMessageCount(1);
        email.expectedMessageCount(0);

        // when
        sendEvent(id, body, flaky);

        // then it was posted twice, the same bytes, id and signature, both verified; no mail; delivered at attempt 2
        List<WebhookReceiver.Delivery> deliveries = flaky.await(d -> true, 2, Duration.ofSeconds(10));
        assertThat(deliveries).extracting(WebhookReceiver.Delivery::answered).containsExactly(500, 200);
        assertThat(deliveries).allSatisfy(d -> assertThat(d.verified()).isTrue());
        assertThat(deliveries).extracting(WebhookReceiver.Delivery::body).containsOnly(body);
        assertThat(deliveries.get(1).signature()).isEqualTo(deliveries.get(0).signature());
        assertThat(deliveries.get(1).id()).isEqualTo(deliveries.get(0).id());
        webhook.assertIsSatisfied();
        email.assertIsSatisfied();
        assertThat(notifications(id)).containsExactly(
                Map.of("channel", "webhook", "target", flaky.url("127.0.0.1"), "outcome", "delivered", "attempts", 2));
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void a_webhook_answered_400_is_recorded_failed_at_once() throws Exception {
        // given a receiver that refuses the event
        UUID id = UUID.randomUUID();
        String body = "{\"type\":\"import.finished\",\"data\":{\"id\":\"" + id + "\"}}";

        // when
        sendEvent(id, body, refusing);

        // then it was posted once, not again, and recorded as failed with the status
        assertThat(refusing.await(d -> true, 1, Duration.ofSeconds(10))).hasSize(1);
        assertThat(notifications(id)).containsExactly(
                Map.of("channel", "webhook", "target", refusing.url("127.0.0.1"), "outcome", "failed", "attempts", 1));
        assertThat(db().rows("select reason from import_notifications where import_id = ?", id))
                .extracting(r -> r.get("reason")).containsExactly("HTTP 400 Bad Request");
        assertThat(refusing.deliveries()).hasSize(1);
    }

    /** Sends an event to direct:import-finished with the properties the service sets, for one webhook and no mail. */
    private void sendEvent(UUID id, String body, WebhookReceiver receiver) {
        getCamelContext().createProducerTemplate().send("direct:import-finished", exchange -> {
            exchange.setProperty("importId", id.toString());
            exchange.setProperty("eventId", "msg_routetest" + id.toString().replace("-", ""));
            exchange.setProperty("eventSeconds", Instant.now().getEpochSecond());
            exchange.setProperty("eventType", "import.finished");
            exchange.setProperty("status", "completed");
            exchange.setProperty("webhookBody", body);
            exchange.setProperty("webhookUrls", List.of(receiver.url("127.0.0.1")));
            exchange.setProperty("emailTo", List.of());
            exchange.getMessage().setBody(body);
        });
    }

    private List<Map<String, Object>> notifications(UUID id) {
        return db().rows("select channel, target, outcome, attempts from import_notifications where import_id = ?", id);
    }
}
