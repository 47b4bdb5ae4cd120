package io.bulkimport.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on loopback (JDK HTTP server) that does what a receiver of Standard Webhooks must: verifies
 * {@code webhook-signature} against its own copy of the secret, and refuses a timestamp more than five minutes away.
 * It answers with the scripted statuses first (e.g. one 500; {@link #STALL}: no answer for 5 s), then 200, and keeps
 * every request it got. Shared by the end-to-end ITs and the in-process route tests ({@code io.bulkimport.routes}).
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received, and whether its signature and timestamp verified. */
    public record Delivery(String id, String timestamp, String signature, String contentType, String body, boolean verified,
                    int answered) {
    }

    /** A scripted answer that is none: the request is held for 5 s, longer than the service waits. */
    public static final int STALL = 0;

    private final HttpServer server;
    private final byte[] key;
    private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    /**
     * Starts the receiver on a free loopback port.
     *
     * @param secret       the {@code whsec_} secret the sender signs with
     * @param firstAnswers statuses to answer the first requests with, in order ({@link #STALL}: none); then 200
     */
    public WebhookReceiver(String secret, Integer... firstAnswers) throws IOException {
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        script.addAll(List.of(firstAnswers));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            String body = new String(bytes, StandardCharsets.UTF_8);
            var h = exchange.getRequestHeaders();
            Integer scripted = script.poll();
            int status = scripted == null ? 200 : scripted;
            deliveries.add(new Delivery(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"),
                    h.getFirst("webhook-signature"), h.getFirst("Content-Type"), body,
                    verify(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), h.getFirst("webhook-signature"), body),
                    status));
            if (status == STALL) {
                ServiceProcess.sleep(5000);
                status = 200;
            }
            try {
                exchange.sendResponseHeaders(status, -1);
            } catch (IOException e) {
                // the caller gave up waiting (a stall)
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    /** The Standard Webhooks check: any {@code v1,} signature in the header matches, the timestamp is recent. */
    private boolean verify(String id, String timestamp, String signatures, String body) {
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        long seconds = Long.parseLong(timestamp);
        if (Math.abs(Instant.now().getEpochSecond() - seconds) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            for (String signature : signatures.split(" ")) {
                if (signature.startsWith("v1,")
                        && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The receiver's URL, path {@code /hook}, with {@code host} as the host name. */
    public String url(String host) {
        return "http://" + host + ":" + server.getAddress().getPort() + "/hook";
    }

    /** Every request received so far, in order. */
    public List<Delivery> deliveries() {
        return new ArrayList<>(deliveries);
    }

    /** The deliveries whose event is about this import. */
    public List<Delivery> forImport(String importId) {
        return deliveries().stream().filter(d -> importId.equals(data(d).get("id"))).toList();
    }

    /** The {@code data} object of a delivery's event: the job JSON. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> data(Delivery delivery) {
        return (Map<String, Object>) ApiClient.json(delivery.body()).get("data");
    }

    /** Waits until at least {@code count} deliveries match; fails the test after the timeout. */
    public List<Delivery> await(Predicate<Delivery> which, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Delivery> matching = deliveries().stream().filter(which).toList();
            if (matching.size() >= count) {
                return matching;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " deliveries in " + timeout + ", got " + matching);
            }
            ServiceProcess.sleep(100);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
