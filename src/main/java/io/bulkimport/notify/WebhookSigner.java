package io.bulkimport.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Signs a webhook as the Standard Webhooks specification (standardwebhooks.com, "Signature scheme") says: the
 * signed content is {@code <webhook-id>.<webhook-timestamp>.<body>}, the signature its HMAC-SHA256 under the key
 * that follows {@code whsec_} in the secret (base64-decoded), sent as {@code webhook-signature: v1,<base64>}.
 *
 * <p>As a route step ({@code bean:webhookSigner}) it reads the message body (the JSON to send) and the exchange
 * property {@code eventId}, and sets the headers {@code webhook-id}, {@code webhook-timestamp} (unix seconds, taken
 * once: a redelivery resends the same id, timestamp and signature, so the receiver can drop repeats) and
 * {@code webhook-signature}. The secret never leaves this object: {@link #toString()} does not show it.
 */
public final class WebhookSigner implements Processor {

    private static final String PREFIX = "whsec_";

    private final byte[] key;

    /**
     * @param secret {@code whsec_} followed by the base64 key (the prefix may be left out); empty for no signature
     * @throws IllegalArgumentException when the part after the prefix is not base64 (the message never shows it)
     */
    public WebhookSigner(String secret) {
        String encoded = secret == null ? "" : secret.strip();
        if (encoded.startsWith(PREFIX)) {
            encoded = encoded.substring(PREFIX.length());
        }
        try {
            this.key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("notify.webhook-secret must be whsec_ followed by base64 (Standard Webhooks)");
        }
    }

    /** Whether a secret was given: without one, webhooks go out with id and timestamp but unsigned. */
    public boolean signs() {
        return key.length > 0;
    }

    /**
     * The {@code webhook-signature} value for one message.
     *
     * @param id        the {@code webhook-id} header
     * @param timestamp the {@code webhook-timestamp} header, unix seconds
     * @param body      the exact body sent
     * @return {@code v1,<base64 HMAC-SHA256>}
     * @throws IllegalStateException when there is no secret
     */
    public String signature(String id, long timestamp, String body) {
        if (!signs()) {
            throw new IllegalStateException("no webhook secret");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Sets the three Standard Webhooks headers and {@code Content-Type: application/json} on the message. */
    @Override
    public void process(Exchange exchange) {
        String id = exchange.getProperty(ImportNotifier.EVENT_ID, String.class);
        long timestamp = exchange.getProperty(ImportNotifier.EVENT_SECONDS, Long.class);
        String body = exchange.getMessage().getBody(String.class);
        exchange.getMessage().setHeader("webhook-id", id);
        exchange.getMessage().setHeader("webhook-timestamp", String.valueOf(timestamp));
        if (signs()) {
            exchange.getMessage().setHeader("webhook-signature", signature(id, timestamp, body));
        }
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    @Override
    public String toString() {
        return signs() ? "WebhookSigner[HMAC-SHA256, secret set]" : "WebhookSigner[no secret]";
    }
}
