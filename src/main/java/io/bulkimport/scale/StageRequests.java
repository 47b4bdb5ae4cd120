package io.bulkimport.scale;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.ProducerTemplate;

/**
 * Sends a stage's sealed request to its queue as request-reply (camel-jms {@code InOut}) and gives the reply's bytes,
 * the request watched by {@link ConnectionLoss} until it completes: what {@link BrokerHashing} and
 * {@link BrokerEnrichment} share.
 */
final class StageRequests {

    private final ProducerTemplate producer;
    private final ConnectionLoss connectionLoss;

    StageRequests(ProducerTemplate producer, ConnectionLoss connectionLoss) {
        this.producer = producer;
        this.connectionLoss = connectionLoss;
    }

    /** The reply's body as bytes; fails as the send failed (see {@link #cause}), or when the reply has no bytes. */
    CompletableFuture<byte[]> send(String endpoint, byte[] request) {
        return connectionLoss.track(producer.asyncRequestBody(endpoint, request)).thenApply(reply -> {
            try {
                return reply instanceof byte[] bytes ? bytes
                        : producer.getCamelContext().getTypeConverter().mandatoryConvertTo(byte[].class, reply);
            } catch (NoTypeConversionAvailableException e) {
                throw new BrokerStageException("a reply that is not bytes: " + e.getMessage(), e);
            }
        });
    }

    /** What failed, without the {@link CompletionException} a stage of a future wraps it in. */
    static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
