package io.bulkimport.scale;

import jakarta.jms.ExceptionListener;
import jakarta.jms.JMSException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails the requests waiting for their replies when the connection they were sent on is lost for good (the JMS
 * {@link ExceptionListener} of the requests' connection: Artemis calls it once its reconnect attempts are spent), so
 * that the requester does them itself at once instead of waiting out their timeout for replies that cannot come (the
 * temporary reply queue went with the connection). Without it, an import on an instance whose broker's host was
 * killed stood still for {@code broker.request-timeout-ms} (a newcomer's trial: 108 s at 40%).
 */
public final class ConnectionLoss implements ExceptionListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLoss.class);

    private final Set<CompletableFuture<?>> waiting = ConcurrentHashMap.newKeySet();
    private final String broker;

    /** @param broker the broker's URL as it may be logged */
    public ConnectionLoss(String broker) {
        this.broker = broker;
    }

    /** Watches {@code request} until it completes; returns it. */
    public <T> CompletableFuture<T> track(CompletableFuture<T> request) {
        waiting.add(request);
        request.whenComplete((result, failure) -> waiting.remove(request));
        return request;
    }

    @Override
    public void onException(JMSException exception) {
        int failed = 0;
        for (CompletableFuture<?> request : waiting) {
            if (request.completeExceptionally(new BrokerUnreachableException("the connection to the broker " + broker
                    + " was lost: " + BrokerUnreachableException.rootMessage(exception), exception))) {
                failed++;
            }
        }
        LOG.warn("the connection to the broker {} was lost ({}); {} requests waiting for replies are done here instead",
                broker, BrokerUnreachableException.rootMessage(exception), failed);
    }
}
