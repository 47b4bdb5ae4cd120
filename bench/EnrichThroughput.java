import com.sun.net.httpserver.HttpServer;
import io.bulkimport.enrich.AiCacheRepository;
import io.bulkimport.enrich.AiSettings;
import io.bulkimport.enrich.ChatCompletionClient;
import io.bulkimport.enrich.EnrichmentItem;
import io.bulkimport.enrich.EnrichmentMetrics;
import io.bulkimport.enrich.EnrichmentSpec;
import io.bulkimport.enrich.EnrichmentSpecs;
import io.bulkimport.enrich.ResilientChatClient;
import io.bulkimport.enrich.RowsEnricher;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Usage: java -cp target/bulk-import.jar bench/EnrichThroughput.java [PER_MINUTE] [ROWS] [LATENCY_MS] [ROWS_PER_REQUEST] [MAX_CONCURRENT]
 *
 * Stage enrich's provider side (the service's own RowsEnricher, ResilientChatClient, rate limiter and semaphore)
 * against a fake OpenAI-compatible server on loopback that answers every request after LATENCY_MS. The cache is
 * an empty in-memory stand-in, so every row is asked for. Prints the request rate over the run vs the limit and
 * the requests per row. Defaults: 600/min, 4000 rows, 200 ms, 20 rows per request, 4 in flight.
 */
public class EnrichThroughput {

    public static void main(String[] args) throws Exception {
        int perMinute = arg(args, 0, 600);
        int rows = arg(args, 1, 4000);
        int latency = arg(args, 2, 200);
        int rowsPerRequest = arg(args, 3, 20);
        int maxConcurrent = arg(args, 4, 4);
        ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
        HttpServer server = fake(latency, arrivals);
        AiSettings settings = new AiSettings("http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "bench-key",
                "bench-model", rowsPerRequest, perMinute, maxConcurrent, Duration.ofSeconds(30), 5, Duration.ofMillis(500),
                Duration.ofSeconds(30), Duration.ofMillis(250));
        EnrichmentMetrics metrics = new EnrichmentMetrics(() -> null);
        // the request goes through camel-http as in the service: a bare context with the same HttpClient configurer
        org.apache.camel.impl.DefaultCamelContext camel = new org.apache.camel.impl.DefaultCamelContext();
        camel.getRegistry().bind(ChatCompletionClient.CONFIGURER, ChatCompletionClient.noAutomaticRetries());
        camel.start();
        ChatCompletionClient client = new ChatCompletionClient(camel.createProducerTemplate(), settings);
        Path prompt = Files.createTempFile("bench-prompt", ".txt");
        Files.writeString(prompt, "Improve each item. Answer {\"results\": [...]}.");
        EnrichmentSpec spec = new EnrichmentSpec();
        spec.setPipeline("items");
        spec.setInputFields("title,description");
        spec.setOutputFields("improved_description");
        spec.setPrompt(prompt.toString());
        RowsEnricher enricher = new RowsEnricher(new ResilientChatClient(client, settings, ResilientChatClient.admission(settings),
                metrics), new NoCache(), settings, new EnrichmentSpecs(() -> List.of(spec), settings, System.out::println),
                Executors.newFixedThreadPool(maxConcurrent * 4), metrics);
        List<EnrichmentItem> items = new ArrayList<>();
        for (int i = 1; i <= rows; i++) {
            items.add(new EnrichmentItem(Integer.toString(i), Map.of("title", "item " + i, "description", "thing number " + i)));
        }
        long start = System.nanoTime();
        Map<String, Map<String, String>> out = enricher.enrich(spec, items, (f, v) -> true).byId();
        double seconds = (System.nanoTime() - start) / 1e9;
        server.stop(0);
        List<Long> t = arrivals.stream().sorted().toList();
        double span = (t.get(t.size() - 1) - t.get(0)) / 1e9;
        double rate = (t.size() - 1) / span * 60;
        System.out.printf("limit %d/min, %d rows, %d ms latency, %d rows/request, %d in flight%n", perMinute, rows, latency,
                rowsPerRequest, maxConcurrent);
        System.out.printf("requests %d, rows enriched %d in %.1f s%n", t.size(), out.size(), seconds);
        System.out.printf("request rate %.1f/min = %.3f x the limit (target >= 0.95)%n", rate, rate / perMinute);
        System.out.printf("requests per row %.4f (target <= %.4f)%n", (double) t.size() / rows, 1.0 / 10);
        System.exit(out.size() == rows ? 0 : 1);
    }

    private static HttpServer fake(int latency, ConcurrentLinkedQueue<Long> arrivals) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(Executors.newFixedThreadPool(32));
        Pattern id = Pattern.compile("\\\\\"id\\\\\":\\\\\"(\\d+)\\\\\"");
        server.createContext("/v1/chat/completions", exchange -> {
            arrivals.add(System.nanoTime());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder results = new StringBuilder();
            Matcher m = id.matcher(body);
            while (m.find()) {
                results.append(results.length() == 0 ? "" : ",").append("{\\\"id\\\":\\\"").append(m.group(1))
                        .append("\\\",\\\"improved_description\\\":\\\"better\\\"}");
            }
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] reply = ("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"results\\\":["
                    + results + "]}\"}}]}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** Nothing cached, nothing kept: every row costs its share of a request. */
    static final class NoCache extends AiCacheRepository {
        NoCache() {
            super(null);
        }

        @Override
        public Map<String, Map<String, String>> find(String model, String promptHash, Collection<String> inputHashes) {
            return Map.of();
        }

        @Override
        public void store(String model, String promptHash, Map<String, Map<String, String>> outputs) {
        }
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
