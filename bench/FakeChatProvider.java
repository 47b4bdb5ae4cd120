import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Usage: java bench/FakeChatProvider.java [PER_MINUTE] [LATENCY_MS] [EVERY_NTH_429] [RETRY_AFTER_S]
 *                                        (defaults: 120 300 0 2)
 *
 * An OpenAI-compatible {@code POST /v1/chat/completions} on loopback (a free port, printed as {@code port N} once it
 * listens) for the benchmarks, answering the items pipeline's requests after LATENCY_MS: every item in the user
 * message gets {@code improved_description} and {@code quality_tier: silver}. It enforces its own rate limit as a
 * provider does: more than PER_MINUTE requests in a sliding minute get {@code 429} with {@code Retry-After} (the
 * seconds until a slot frees). With EVERY_NTH_429 > 0, every Nth request also gets {@code 429} with
 * {@code Retry-After: RETRY_AFTER_S} (a provider whose shared quota runs out now and then). No dependencies; prints
 * one line per minute and a summary on exit: requests, answered, 429s.
 */
public class FakeChatProvider {

    private static final Pattern ID = Pattern.compile("\\\\\"id\\\\\":\\\\\"(\\d+)\\\\\"");

    public static void main(String[] args) throws Exception {
        int perMinute = arg(args, 0, 120);
        int latency = arg(args, 1, 300);
        int everyNth = arg(args, 2, 0);
        int retryAfter = arg(args, 3, 2);
        ArrayDeque<Long> window = new ArrayDeque<>();
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                int n = requests.incrementAndGet();
                long wait = admit(window, perMinute);
                if (wait > 0 || (everyNth > 0 && n % everyNth == 0)) {
                    limited.incrementAndGet();
                    long seconds = wait > 0 ? Math.max(1, (wait + 999_999_999L) / 1_000_000_000L) : retryAfter;
                    exchange.getResponseHeaders().add("Retry-After", Long.toString(seconds));
                    send(exchange, 429, "{\"error\":{\"message\":\"rate limit reached, retry after " + seconds + " s\"}}");
                    return;
                }
                sleep(latency);
                send(exchange, 200, completion(body));
                answered.incrementAndGet();
            }
        });
        server.start();
        System.out.println("port " + server.getAddress().getPort());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.printf(
                "requests %d, answered %d, 429 %d%n", requests.get(), answered.get(), limited.get())));
        while (true) {
            Thread.sleep(60_000);
            System.out.printf("requests %d, answered %d, 429 %d%n", requests.get(), answered.get(), limited.get());
        }
    }

    /** 0 when the request fits the sliding minute (and takes its place), else the nanoseconds until it would. */
    private static synchronized long admit(ArrayDeque<Long> window, int perMinute) {
        long now = System.nanoTime();
        while (!window.isEmpty() && now - window.peekFirst() >= 60_000_000_000L) {
            window.pollFirst();
        }
        if (window.size() >= perMinute) {
            return window.peekFirst() + 60_000_000_000L - now;
        }
        window.addLast(now);
        return 0;
    }

    private static String completion(String body) {
        StringBuilder results = new StringBuilder();
        Matcher m = ID.matcher(body);
        while (m.find()) {
            results.append(results.length() == 0 ? "" : ",").append("{\\\"id\\\":\\\"").append(m.group(1))
                    .append("\\\",\\\"improved_description\\\":\\\"A better description of item ").append(m.group(1))
                    .append("\\\",\\\"quality_tier\\\":\\\"silver\\\"}");
        }
        return "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"results\\\":[" + results + "]}\"}}]}";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
