package io.bulkimport.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkimport.hash.Bcrypt;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The worker's side of stage {@code hash} (queue {@value BrokerSettings#HASH_QUEUE}): opens a request sealed by
 * {@link BrokerHashing} ({@code {"cost": 12, "passwords": [...]}}), hashes each password with bcrypt at the
 * requester's cost on the consuming thread, and answers {@code {"worker": <instance>, "hashes": [...]}} in the same
 * order (hashes are what the database stores, so the answer is not sealed). A request it cannot open fails: the
 * broker delivers it again (to any instance) and, after the broker's last attempt, moves it to its dead-letter queue,
 * still sealed.
 */
public final class HashWorker implements Processor {

    /** The header that names the instance whose worker answered. */
    public static final String WORKER_HEADER = "BulkImportWorker";

    private final ObjectMapper json = new ObjectMapper();
    private final PayloadCipher cipher;
    private final BrokerMetrics metrics;
    private final String instanceId;
    private final int threads;
    private final Map<Integer, Bcrypt> bcrypts = new ConcurrentHashMap<>();

    /** @param threads how many messages this instance works at once (its consumers of the queue) */
    public HashWorker(PayloadCipher cipher, BrokerMetrics metrics, String instanceId, int threads) {
        this.cipher = cipher;
        this.metrics = metrics;
        this.instanceId = instanceId;
        this.threads = threads;
    }

    /** How many messages this instance works at once. */
    public int threads() {
        return threads;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        metrics.started(Boolean.TRUE.equals(exchange.getIn().getHeader("JMSRedelivered", Boolean.class)));
        try {
            JsonNode request = json.readTree(cipher.open("hash", exchange.getIn().getBody(byte[].class)));
            Bcrypt bcrypt = bcrypts.computeIfAbsent(request.path("cost").asInt(), Bcrypt::new);
            List<String> hashes = new ArrayList<>();
            for (JsonNode password : request.path("passwords")) {
                hashes.add(bcrypt.hash(password.asText()));
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("worker", instanceId);
            answer.put("hashes", hashes);
            exchange.getMessage().setBody(json.writeValueAsBytes(answer));
            exchange.getMessage().setHeader(WORKER_HEADER, instanceId);
            metrics.answered(hashes.size());
        } finally {
            metrics.ended();
        }
    }
}
