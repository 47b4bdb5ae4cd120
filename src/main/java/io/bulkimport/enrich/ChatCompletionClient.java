package io.bulkimport.enrich;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;

/**
 * One {@code POST {base-url}/chat/completions} exchange: system prompt, user message, JSON mode; returns the reply's
 * message content. Plain {@link HttpClient} rather than camel-http: the stage needs the status, the rate-limit
 * headers and a per-request timeout in its own retry loop, and nothing here is a route.
 */
public class ChatCompletionClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AiSettings settings;
    private final HttpClient http;
    private final URI endpoint;

    public ChatCompletionClient(AiSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.endpoint = settings.configured() ? URI.create(settings.baseUrl() + "/chat/completions") : null;
    }

    /** The content of the first choice; a {@link ProviderFailure} for anything else. */
    public String complete(String systemPrompt, String userMessage) throws ProviderFailure, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + settings.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(body(systemPrompt, userMessage))).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new ProviderFailure("no answer within " + settings.timeout().toMillis() + " ms", true, null);
        } catch (IOException e) {
            throw new ProviderFailure("connection failed: " + e.getClass().getSimpleName(), true, null);
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw new ProviderFailure("HTTP " + status, true,
                    RetryAfter.from(h -> response.headers().firstValue(h).orElse(null), Clock.systemUTC()).orElse(null));
        }
        if (status != 200) {
            throw new ProviderFailure("HTTP " + status, false, null);
        }
        return content(response.body());
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
}
