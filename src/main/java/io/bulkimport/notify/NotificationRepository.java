package io.bulkimport.notify;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in {@code import_notifications} what became of each webhook and e-mail of an import's event, and logs it.
 * Used as the last step of the notification routes ({@code bean:notificationRepository?method=delivered}) and in
 * their error handling ({@code …?method=failed}). Reads the exchange properties {@code importId}, {@code eventId},
 * {@code channel} and {@code target}; the attempts are 1 + Camel's redelivery counter. A URL is recorded and logged
 * without its query and user info (a receiver's token may be there); no secret is ever recorded.
 */
public class NotificationRepository {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationRepository.class);

    private static final String REDELIVERIES = "notifyRedeliveries";

    private final DataSource dataSource;

    /** @param dataSource the service's database, which has {@code import_notifications} (migration V9) */
    public NotificationRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The webhook or e-mail of this exchange arrived (2xx answer, or accepted by the SMTP server). */
    public void delivered(Exchange exchange) {
        int attempts = attempts(exchange);
        String target = target(exchange);
        LOG.info("import {}: {} to {} delivered (attempt {})", exchange.getProperty(ImportNotifier.IMPORT_ID),
                channel(exchange), target, attempts);
        record(exchange, "delivered", attempts, null);
    }

    /** The webhook or e-mail of this exchange was given up on, after its redeliveries if the failure was transient. */
    public void failed(Exchange exchange) {
        int attempts = attempts(exchange);
        String reason = reason(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        LOG.warn("import {}: {} to {} failed after {} attempt(s): {}", exchange.getProperty(ImportNotifier.IMPORT_ID),
                channel(exchange), target(exchange), attempts, reason);
        record(exchange, "failed", attempts, reason);
    }

    private void record(Exchange exchange, String outcome, int attempts, String reason) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("insert into import_notifications "
                     + "(import_id, event_id, channel, target, outcome, attempts, reason) values (?, ?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, UUID.fromString(String.valueOf(exchange.getProperty(ImportNotifier.IMPORT_ID))));
            s.setString(2, exchange.getProperty(ImportNotifier.EVENT_ID, String.class));
            s.setString(3, channel(exchange));
            s.setString(4, target(exchange));
            s.setString(5, outcome);
            s.setInt(6, attempts);
            s.setString(7, reason);
            s.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            // the log line above stands; a notification never fails anything else
            LOG.warn("import {}: the {} outcome of a notification was not recorded: {}",
                    exchange.getProperty(ImportNotifier.IMPORT_ID), outcome, e.getMessage());
        }
    }

    private static String channel(Exchange exchange) {
        return exchange.getProperty("channel", "webhook", String.class);
    }

    private static String target(Exchange exchange) {
        return withoutSecrets(exchange.getProperty("target", "", String.class));
    }

    /**
     * 1 + the redeliveries: Camel's counter header while the message is on its way; by the time the failure is
     * handled Camel has removed it, so {@link #redelivering} keeps it as a property.
     */
    private static int attempts(Exchange exchange) {
        int header = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        return 1 + Math.max(header, exchange.getProperty(REDELIVERIES, 0, Integer.class));
    }

    /**
     * Called before each redelivery ({@code onRedeliveryRef} in the route's error handling): logs it (Camel's own retry
     * log would show the whole URL, query and all) and keeps Camel's redelivery counter where {@link #failed} can
     * still read it.
     */
    public void redelivering(Exchange exchange) {
        int redelivery = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        exchange.setProperty(REDELIVERIES, redelivery);
        LOG.info("import {}: {} to {} attempt {} failed ({}); trying again", exchange.getProperty(ImportNotifier.IMPORT_ID),
                channel(exchange), target(exchange), redelivery, reason(exchange.getException() != null ? exchange.getException()
                        : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)));
    }

    /** A URL without query, fragment and user info; anything else as it is. */
    static String withoutSecrets(String target) {
        try {
            URI uri = URI.create(target);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return target;
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return target;
        }
    }

    /** What went wrong, for the log and the record: the HTTP status, or the cause's type and message. */
    static String reason(Throwable failure) {
        if (failure == null) {
            return "unknown";
        }
        if (failure instanceof HttpOperationFailedException http) {
            return "HTTP " + http.getStatusCode() + (http.getStatusText() == null ? "" : " " + http.getStatusText());
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return message.length() > 500 ? message.substring(0, 500) + "…" : message;
    }
}
