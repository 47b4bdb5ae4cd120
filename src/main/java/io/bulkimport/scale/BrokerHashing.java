package io.bulkimport.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkimport.hash.Bcrypt;
import io.bulkimport.hash.PasswordHashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requester's side of stage {@code hash} through the broker: a batch's passwords go in messages of
 * {@code broker.hash-chunk} to queue {@value BrokerSettings#HASH_QUEUE}, sealed ({@link PayloadCipher}), as
 * request-reply (camel-jms {@code InOut}: a temporary reply queue, correlation by message id), at most
 * {@code broker.in-flight-per-batch} of them waiting at a time; whichever instance's worker is free takes the next
 * ({@link HashWorker}). Each hash is told as its reply arrives, so percent and ETA move per password as in-process.
 *
 * <p>A reply that does not come within {@code broker.request-timeout-ms} (its worker died and the broker lost the
 * message, or every worker is gone) makes the requester send the same passwords again, up to {@code broker.max-sends}
 * times; the message itself expires from the queue when its requester stops waiting (camel-jms sets its time to live
 * to the request timeout), so an expired request is not hashed for nobody. Hashing twice is harmless: only the reply
 * the requester is waiting for is used, and the batch stores once (its checkpoint). After the last send the stage
 * fails with a reason naming the broker, and the batch is redelivered and dead-lettered as any failing batch.
 *
 * <p>A broker that cannot be reached at all (the send itself fails: the broker, or the instance hosting the
 * embedded one, is gone) does not stop the import: the message's passwords are hashed here, on this instance's own
 * pool ({@code local}), with a WARN, and the next messages try the broker again.
 */
public final class BrokerHashing implements PasswordHashing {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerHashing.class);

    private final ObjectMapper json = new ObjectMapper();
    private final PayloadCipher cipher;
    private final BrokerSettings settings;
    private final BrokerMetrics metrics;
    private final PasswordHashing local;
    private final StageRequests requests;
    private final String endpoint;
    /** Runs the hashing of messages that could not be sent: it waits for this instance's hash pool, so not a shared pool. */
    private final java.util.concurrent.ExecutorService fallback =
            java.util.concurrent.Executors.newCachedThreadPool(io.bulkimport.pipeline.DaemonThreadFactory.daemon("hash-here"));

    /** @param local this instance's own hashing, for when the broker cannot be reached */
    public BrokerHashing(ProducerTemplate producer, PayloadCipher cipher, BrokerSettings settings, BrokerMetrics metrics,
                         PasswordHashing local, ConnectionLoss connectionLoss) {
        this.requests = new StageRequests(producer, connectionLoss);
        this.cipher = cipher;
        this.settings = settings;
        this.metrics = metrics;
        this.local = local;
        this.endpoint = "jms:queue:" + BrokerSettings.HASH_QUEUE + "?exchangePattern=InOut&jmsMessageType=Bytes"
                + "&requestTimeout=" + settings.requestTimeout().toMillis();
    }

    @Override
    public void hashAll(List<String> passwords, Bcrypt bcrypt, Hashed hashed) throws InterruptedException {
        Semaphore window = new Semaphore(settings.inFlightPerBatch());
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        try {
            for (int from = 0; from < passwords.size(); from += settings.hashChunk()) {
                window.acquire();
                int start = from;
                List<String> part = passwords.subList(from, Math.min(passwords.size(), from + settings.hashChunk()));
                CompletableFuture<Void> done = send(part, bcrypt, 1).thenAccept(hashes -> {
                    for (int j = 0; j < hashes.size(); j++) {
                        hashed.hashed(start + j, hashes.get(j));
                    }
                });
                done.whenComplete((ignored, failure) -> window.release());
                parts.add(done);
                if (parts.stream().anyMatch(CompletableFuture::isCompletedExceptionally)) {
                    break;   // no use sending the rest: the stage fails (below) and the batch is redelivered whole
                }
            }
            CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            Throwable cause = StageRequests.cause(e.getCause());
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
        } finally {
            parts.forEach(part -> part.cancel(false));
        }
    }

    /** One message, sent again on a missing reply until {@code broker.max-sends}; completes with its hashes in order. */
    private CompletableFuture<List<String>> send(List<String> part, Bcrypt bcrypt, int attempt) {
        byte[] request;
        try {
            request = cipher.seal("hash", json.writeValueAsBytes(Map.of("cost", bcrypt.cost(), "passwords", part)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return requests.send(endpoint, request).handle((reply, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(hashes(reply, part.size()));
            }
            Throwable cause = StageRequests.cause(failure);
            if (!BrokerUnreachableException.timedOut(cause)) {
                metrics.doneHere();
                LOG.warn("stage hash: the broker {} cannot be reached ({}); hashing {} passwords on this instance",
                        settings.safeUrl(), BrokerUnreachableException.rootMessage(cause), part.size());
                return CompletableFuture.supplyAsync(() -> hashHere(part, bcrypt), fallback);
            }
            if (attempt >= settings.maxSends()) {
                String why = BrokerUnreachableException.timedOut(cause)
                        ? "no worker answered within " + BrokerSettings.seconds(settings.requestTimeout()) + " s"
                        : BrokerUnreachableException.rootMessage(cause);
                return CompletableFuture.<List<String>>failedFuture(new BrokerStageException("stage hash through the broker "
                        + settings.safeUrl() + " failed after " + attempt + " sends: " + why, null));
            }
            metrics.resent();
            LOG.warn("stage hash: {} (send {} of {}); sending its {} passwords again", BrokerUnreachableException.timedOut(cause)
                    ? "no reply within " + BrokerSettings.seconds(settings.requestTimeout()) + " s"
                    : BrokerUnreachableException.rootMessage(cause), attempt,
                    settings.maxSends(), part.size());
            return send(part, bcrypt, attempt + 1);
        }).thenCompose(next -> next);
    }

    private List<String> hashHere(List<String> part, Bcrypt bcrypt) {
        String[] hashes = new String[part.size()];
        try {
            local.hashAll(part, bcrypt, (i, hash) -> hashes[i] = hash);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStageException("stage hash: interrupted while hashing here", e);
        }
        return List.of(hashes);
    }

    private List<String> hashes(byte[] reply, int expected) {
        try {
            JsonNode answer = json.readTree(reply);
            List<String> hashes = new ArrayList<>();
            answer.path("hashes").forEach(h -> hashes.add(h.asText()));
            if (hashes.size() != expected || !hashes.stream().allMatch(Bcrypt::isHash)) {
                throw new BrokerStageException("stage hash: worker " + answer.path("worker").asText("?")
                        + " answered " + hashes.size() + " values for " + expected + " passwords, or values that are not"
                        + " bcrypt hashes", null);
            }
            return hashes;
        } catch (IOException e) {
            throw new BrokerStageException("stage hash: a reply that is not JSON: " + e.getMessage(), e);
        }
    }
}
