package io.bulkimport.scale;

import java.time.Duration;

/**
 * The scale-out settings ({@code broker.*}, issue #16). With no broker URL and no embedded port, every stage runs in
 * this process, as without them.
 *
 * @param url              the broker's URL ({@code tcp://broker:61616}, ActiveMQ Artemis core protocol); empty with an
 *                         embedded port means {@code tcp://localhost:<port>}
 * @param user             the broker login, empty for none
 * @param password         its password (never logged)
 * @param embeddedPort     &gt; 0: this instance hosts an embedded Artemis broker on that port (development, tests)
 * @param instanceId       how this instance names itself to the others ({@code /api/queue}, the replies it sends)
 * @param requestTimeout   how long a requester waits for one message's reply before it sends the message again
 * @param maxSends         how often a requester sends one message before the stage fails (then the batch is
 *                         redelivered and dead-lettered as any failing batch)
 * @param hashChunk        passwords per message: small enough that every instance gets a share of one batch
 * @param inFlightPerBatch messages of one batch waiting for their replies at a time
 */
public record BrokerSettings(String url, String user, String password, int embeddedPort, String instanceId,
                             Duration requestTimeout, int maxSends, int hashChunk, int inFlightPerBatch) {

    /** The queue of stage {@code hash}'s requests. */
    public static final String HASH_QUEUE = "bulkimport.hash";
    /** The queue of stage {@code enrich}'s requests. */
    public static final String ENRICH_QUEUE = "bulkimport.enrich";

    public BrokerSettings {
        url = url == null ? "" : url.strip();
        user = user == null ? "" : user.strip();
        password = password == null ? "" : password;
        if (embeddedPort < 0 || embeddedPort > 65_535) {
            throw new IllegalArgumentException("broker.embedded-port must be between 0 and 65535, was " + embeddedPort);
        }
        if (url.isEmpty() && embeddedPort > 0) {
            url = "tcp://localhost:" + embeddedPort;
        }
        if (maxSends < 1 || hashChunk < 1 || inFlightPerBatch < 1) {
            throw new IllegalArgumentException("broker.max-sends, broker.hash-chunk and broker.in-flight-per-batch must be"
                    + " at least 1");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("broker.request-timeout-ms must be positive");
        }
    }

    /** A duration as a person reads it in a log line: whole seconds, or tenths under ten ({@code 1.5}). */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis >= 10_000 || millis % 1000 == 0 ? Long.toString(millis / 1000)
                : java.math.BigDecimal.valueOf(millis / 100, 1).stripTrailingZeros().toPlainString();
    }

    /** Whether the heavy stages go through a broker. */
    public boolean enabled() {
        return !url.isEmpty();
    }

    /** The URL with any password in it masked, for log lines. */
    public String safeUrl() {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
