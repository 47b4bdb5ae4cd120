package io.bulkimport.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible provider on loopback for the tests: real HTTP, the real {@code /v1/chat/completions}
 * protocol in JSON mode. It answers each item with {@code improved_description = "Better: " + title} and tier
 * {@code silver}, can be told to fail particular requests (500, 429 with Retry-After, a stall past the client's
 * timeout, a non-JSON or a partial answer) or everything, and records every request: arrival time, the titles it
 * carried, the Authorization header, and how often each title was answered.
 */
public final class FakeAiProvider implements AutoCloseable {

    public enum Fault { ERROR_500, RATE_LIMITED_429, STALL, NOT_JSON, PARTIAL }

    /** One request as it arrived. */
    public record Request(long arrivedNanos, List<String> titles, String authorization, Fault fault) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32);
    private final AtomicInteger count = new AtomicInteger();
    private final Map<Integer, Fault> script = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<Request> requests = new ConcurrentLinkedDeque<>();
    private final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
    private volatile boolean failAll;
    private volatile Duration latency = Duration.ZERO;
    private volatile Duration latencyJitter = Duration.ZERO;
    private volatile Duration stall = Duration.ofSeconds(5);
    private volatile int retryAfterSeconds = 2;

    public FakeAiProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(threads);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The request with this arrival number (1 = the first from now on counting all requests) gets the fault. */
    public void failRequest(int number, Fault fault) {
        script.put(number, fault);
    }

    public void failAll(boolean on) {
        failAll = on;
    }

    public void latency(Duration d) {
        latency = d;
    }

    /** Each answer also waits a random part of {@code d}, so answers come back in a varying time. */
    public void latencyJitter(Duration d) {
        latencyJitter = d;
    }

    /**
     * The provider's own count: the most requests that arrived in any window of {@code window}, both ends included
     * (a strict sliding window over arrival times), of those {@code which} selects.
     */
    public int maxArrivalsInAnyWindow(Duration window, java.util.function.Predicate<Request> which) {
        List<Long> times = requests.stream().filter(which).map(Request::arrivedNanos).sorted().toList();
        int max = 0;
        int from = 0;
        for (int to = 0; to < times.size(); to++) {
            while (times.get(to) - times.get(from) > window.toNanos()) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }

    public void stall(Duration d) {
        stall = d;
    }

    public void retryAfterSeconds(int s) {
        retryAfterSeconds = s;
    }

    public int requestCount() {
        return count.get();
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    public int answeredCount(String title) {
        AtomicInteger n = answered.get(title);
        return n == null ? 0 : n.get();
    }

    public boolean everSent(String title) {
        return requests.stream().anyMatch(r -> r.titles().contains(title));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long arrived = System.nanoTime();
            int number = count.incrementAndGet();
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            JsonNode items = JSON.readTree(body.path("messages").path(1).path("content").asText());
            List<String> titles = new ArrayList<>();
            items.forEach(i -> titles.add(i.has("lead_name") ? i.path("lead_name").asText() : i.path("title").asText()));
            Fault fault = failAll ? Fault.ERROR_500 : script.remove(number);
            requests.add(new Request(arrived, titles, exchange.getRequestHeaders().getFirst("Authorization"), fault));
            sleep(latency.plusMillis(latencyJitter.isZero() ? 0
                    : java.util.concurrent.ThreadLocalRandom.current().nextLong(latencyJitter.toMillis() + 1)));
            if (fault == Fault.ERROR_500) {
                send(exchange, 500, "{\"error\":{\"message\":\"injected\"}}");
            } else if (fault == Fault.RATE_LIMITED_429) {
                exchange.getResponseHeaders().add("Retry-After", String.valueOf(retryAfterSeconds));
                send(exchange, 429, "{\"error\":{\"message\":\"rate limited\"}}");
            } else if (fault == Fault.STALL) {
                sleep(stall);
                send(exchange, 500, "{}");
            } else if (fault == Fault.NOT_JSON) {
                send(exchange, 200, completion("Sure! Here are your improved items: ..."));
            } else {
                send(exchange, 200, completion(answer(items, fault == Fault.PARTIAL)));
            }
        }
    }

    private String answer(JsonNode items, boolean partial) {
        ObjectNode content = JSON.createObjectNode();
        ArrayNode results = content.putArray("results");
        int keep = partial ? Math.max(0, items.size() - 5) : items.size();
        for (int i = 0; i < keep; i++) {
            JsonNode item = items.get(i);
            if (item.has("lead_name")) {
                // a lead to score: the score is derived from the name, so a test can predict it
                String name = item.path("lead_name").asText();
                results.addObject().put("id", item.path("id").asText()).put("score", Math.floorMod(name.hashCode(), 101))
                        .put("reasoning", "Scored " + name + " of " + item.path("company").asText());
                answered.computeIfAbsent(name, t -> new AtomicInteger()).incrementAndGet();
                continue;
            }
            String title = item.path("title").asText();
            results.addObject().put("id", item.path("id").asText()).put("improved_description", "Better: " + title)
                    .put("quality_tier", "silver");
            answered.computeIfAbsent(title, t -> new AtomicInteger()).incrementAndGet();
        }
        return content.toString();
    }

    private static String completion(String content) {
        ObjectNode reply = JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion");
        reply.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
                .putObject("message").put("role", "assistant").put("content", content);
        return reply.toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException clientGone) {
            // the client timed out and closed the connection (a stall)
        }
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
