package io.bulkimport.scale;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances that work stage messages, as each last said it was alive (table {@code broker_workers}): each
 * instance writes its own line every {@value #BEAT_SECONDS} s (host, stages, hash threads, and its counts from
 * {@link BrokerMetrics}, all stages together); {@code GET /api/queue} lists those seen within {@value #RECENT_SECONDS} s.
 */
public final class WorkerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerRegistry.class);
    /** How often an instance says it is alive, in seconds. */
    public static final int BEAT_SECONDS = 5;
    /** A worker not heard of for this many seconds is not listed. */
    public static final int RECENT_SECONDS = 30;

    private final DataSource dataSource;
    private final String instanceId;
    private final int threads;
    private final Map<String, BrokerMetrics> stages = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Instant startedAt = Instant.now();
    private volatile java.util.function.BooleanSupplier connected = () -> true;
    private volatile Boolean wasConnected;
    private volatile boolean lastRegistered = true;

    /** @param threads this instance's hash threads, shown as its {@code threads} */
    public WorkerRegistry(DataSource dataSource, String instanceId, int threads) {
        this.dataSource = dataSource;
        this.instanceId = instanceId;
        this.threads = threads;
    }

    /** A stage this instance's workers take, with its counts. */
    public void add(String stage, BrokerMetrics metrics) {
        stages.put(stage, metrics);
    }

    /** A name for this instance when none is configured: host name and process id ({@code web-1/4711}). */
    public static String defaultInstanceId() {
        return hostName() + "/" + ProcessHandle.current().pid();
    }

    /**
     * Whether this instance's workers are taking messages now (registered with their queue at the broker): only then
     * is its line written, so that {@code GET /api/queue} does not list an instance whose login the broker refused,
     * or whose broker is gone.
     */
    public void connectedWhen(java.util.function.BooleanSupplier connected) {
        this.connected = connected;
    }

    /**
     * Writes this instance's line if its workers are connected (a change either way is logged once); a database that
     * is away only delays it (logged at DEBUG).
     */
    public void beat() {
        // a listener re-making its consumer after a failed message is not registered for a moment: two beats in a row
        boolean registered = connected.getAsBoolean();
        boolean now = registered || lastRegistered;
        lastRegistered = registered;
        if (wasConnected == null || wasConnected != now) {
            if (now) {
                LOG.info("this instance's workers take messages from the broker ({})", String.join(", ", stages.keySet()));
            } else if (wasConnected != null) {
                LOG.warn("this instance's workers are not connected to the broker: GET /api/queue leaves it out until they are");
            }
            wasConnected = now;
        }
        if (!now) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("insert into broker_workers (instance_id, host, stages, threads,"
                     + " started_at, last_seen_at, consumed, rows_done, redelivered) values (?, ?, ?, ?, ?, now(), ?, ?, ?)"
                     + " on conflict (instance_id) do update set host = excluded.host, stages = excluded.stages,"
                     + " threads = excluded.threads, started_at = excluded.started_at, last_seen_at = now(),"
                     + " consumed = excluded.consumed, rows_done = excluded.rows_done, redelivered = excluded.redelivered")) {
            s.setString(1, instanceId);
            s.setString(2, hostName());
            s.setString(3, String.join(",", stages.keySet()));
            s.setInt(4, threads);
            s.setTimestamp(5, Timestamp.from(startedAt));
            s.setLong(6, stages.values().stream().mapToLong(BrokerMetrics::consumed).sum());
            s.setLong(7, stages.values().stream().mapToLong(BrokerMetrics::rows).sum());
            s.setLong(8, stages.values().stream().mapToLong(BrokerMetrics::redelivered).sum());
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.debug("worker line not written: {}", e.getMessage());
        }
    }

    /**
     * The workers seen within {@value #RECENT_SECONDS} s, this one included, each as {@code instance, host, stages,
     * threads, startedAt, lastSeen, consumed, rows, redelivered}, by instance.
     *
     * @throws SQLException when the database cannot be read
     */
    public List<Map<String, Object>> recent() throws SQLException {
        List<Map<String, Object>> workers = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select instance_id, host, stages, threads, started_at, last_seen_at,"
                     + " consumed, rows_done, redelivered from broker_workers where last_seen_at > now() - ?::interval"
                     + " order by instance_id")) {
            s.setString(1, Duration.ofSeconds(RECENT_SECONDS).toSeconds() + " seconds");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> worker = new LinkedHashMap<>();
                    worker.put("instance", rs.getString(1));
                    worker.put("host", rs.getString(2));
                    worker.put("stages", List.of(rs.getString(3).split(",")));
                    worker.put("threads", rs.getInt(4));
                    worker.put("startedAt", rs.getTimestamp(5).toInstant().toString());
                    worker.put("lastSeen", rs.getTimestamp(6).toInstant().toString());
                    worker.put("consumed", rs.getLong(7));
                    worker.put("rows", rs.getLong(8));
                    worker.put("redelivered", rs.getLong(9));
                    workers.add(worker);
                }
            }
        }
        return workers;
    }

    public String instanceId() {
        return instanceId;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
