package io.bulkimport.enrich;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * One {@code POST {ai.base-url}/chat/completions} exchange through camel-http: system prompt, user message, JSON
 * mode; returns the reply's message content. The endpoint answers every status (no exception for 4xx/5xx), so the
 * caller's retry loop ({@link ResilientChatClient}) sees the status and the rate-limit headers; HttpClient's own
 * automatic retries are switched off ({@link #CONFIGURER}), so every request the provider sees went through the
 * rate limit, and retries live in one place.
 */
public class ChatCompletionClient {

    /** Registry name of the {@link HttpClientConfigurer} the AI endpoints use. */
    public static final String CONFIGURER = "aiHttpClientConfigurer";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProducerTemplate http;
    private final AiSettings settings;

    /** {@code http} is a producer template of the running context; null only for tests that override complete. */
    public ChatCompletionClient(ProducerTemplate http, AiSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    /** HttpClient without automatic retries: a POST the provider answered 429 or 503 must not be sent again unseen. */
    public static HttpClientConfigurer noAutomaticRetries() {
        return builder -> builder.disableAutomaticRetries();
    }

    /**
     * The content of the first choice.
     *
     * @param timeout connect and answer timeout of this request
     * @param ticket  the request's admission: told when the body is on the wire and when the exchange ended
     * @throws ProviderFailure retryable for 429, 5xx, timeouts and broken connections (with the wait the provider
     *                         asked for), not retryable for any other status or an answer that is not a completion
     */
    public String complete(String systemPrompt, String userMessage, Duration timeout, RequestAdmission.Ticket ticket)
            throws ProviderFailure, InterruptedException {
        Exchange reply;
        try {
            reply = http.request(endpoint(timeout), exchange -> {
                Message in = exchange.getIn();
                in.setHeader(Exchange.HTTP_METHOD, "POST");
                in.setHeader(Exchange.CONTENT_TYPE, "application/json");
                in.setHeader("Authorization", "Bearer " + settings.apiKey());
                in.setBody(new SentTimeEntity(body(systemPrompt, userMessage), ticket));
            });
        } finally {
            ticket.finished();
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
        Exception failed = reply.getException();
        if (failed != null) {
            throw failure(failed, timeout);
        }
        Message answer = reply.getMessage();
        int status = answer.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status == 429 || status >= 500) {
            throw new ProviderFailure("HTTP " + status, true,
                    RetryAfter.from(h -> answer.getHeader(h, String.class), Clock.systemUTC()).orElse(null));
        }
        if (status != 200) {
            throw new ProviderFailure("HTTP " + status, false, null);
        }
        return content(answer.getBody(String.class));
    }

    private String endpoint(Duration timeout) {
        long ms = timeout.toMillis();
        return settings.baseUrl() + "/chat/completions?throwExceptionOnFailure=false&connectTimeout=" + ms
                + "&responseTimeout=" + ms + "&soTimeout=" + ms + "&httpClientConfigurer=#" + CONFIGURER;
    }

    private static ProviderFailure failure(Exception e, Duration timeout) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof IOException)) {
            cause = cause.getCause();
        }
        if (cause instanceof InterruptedIOException) {
            // SocketTimeoutException, HttpClient's ConnectTimeoutException
            return new ProviderFailure("no answer within " + timeout.toMillis() + " ms", true, null);
        }
        if (cause != null) {
            return new ProviderFailure("connection failed: " + cause.getClass().getSimpleName(), true, null);
        }
        return new ProviderFailure("request failed: " + e.getClass().getSimpleName(), true, null);
    }

    String body(String systemPrompt, String userMessage) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model());
        body.putArray("messages")
                .add(JSON.createObjectNode().put("role", "system").put("content", systemPrompt))
                .add(JSON.createObjectNode().put("role", "user").put("content", userMessage));
        body.putObject("response_format").put("type", "json_object");
        return body.toString();
    }

    /** A 200 whose envelope is not a chat completion counts like a bad answer: the rows are tried again, smaller. */
    static String content(String body) throws ProviderFailure {
        if (body == null) {
            throw new ProviderFailure("the answer is empty", false, null);
        }
        try {
            JsonNode content = JSON.readTree(body).path("choices").path(0).path("message").path("content");
            if (!content.isTextual()) {
                throw new ProviderFailure("the answer has no choices[0].message.content", false, null);
            }
            return content.asText();
        } catch (JsonProcessingException e) {
            throw new ProviderFailure("the answer is not JSON", false, null);
        }
    }

    /** The JSON body; once HttpClient has written and flushed it, the request is on the wire: the ticket learns so. */
    private static final class SentTimeEntity extends HttpEntityWrapper {
        private final RequestAdmission.Ticket ticket;

        SentTimeEntity(String json, RequestAdmission.Ticket ticket) {
            super(new StringEntity(json, ContentType.APPLICATION_JSON));
            this.ticket = ticket;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            super.writeTo(out);
            out.flush();
            ticket.sent();
        }
    }
}
