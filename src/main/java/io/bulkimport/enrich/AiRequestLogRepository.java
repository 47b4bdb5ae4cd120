package io.bulkimport.enrich;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Table {@code ai_request_log}: the log of requests admitted to the AI provider, per limit, shared by every instance
 * on the database. All times are the database's {@code clock_timestamp()}, in microseconds since the epoch, so
 * instances on machines with different clocks agree; {@link RequestRateLimiter#earliestStart} decides on them.
 */
final class AiRequestLogRepository {

    /** Advisory lock class of the limits (two-int keys; the import locks use one bigint key, another key space). */
    private static final int LOCK_CLASS = 0x41495251;

    /**
     * What one try found.
     *
     * @param admitted   the admitted request's id, null when not admitted
     * @param waitMicros when not admitted: how long until the rule allows a start, as far as the log says now
     * @param boundOpen  when not admitted: a request in the way has not come back yet, its bound may narrow sooner
     * @param byPipeline when not admitted: the longest wait is a pipeline's own limit, not the first (provider-wide)
     *                   one, so requests of other pipelines may be admitted meanwhile
     */
    record Decision(UUID admitted, long waitMicros, boolean boundOpen, boolean byPipeline) {
    }

    private final DataSource dataSource;

    AiRequestLogRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * In one transaction holding each limit's advisory lock (in the order given: the provider's first): the log of
     * the limits is read, and a request is admitted (one row per limit) if every limit's rule allows a start now.
     *
     * @param provisional the request's latest arrival until it is written, from its admission: a request whose
     *                    instance crashed stops counting after that
     * @throws SQLException when the database fails; nothing was admitted then
     */
    Decision tryAdmit(List<RequestRateLimiter> limits, Duration provisional) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (RequestRateLimiter limit : limits) {
                    try (PreparedStatement s = c.prepareStatement("select pg_advisory_xact_lock(?, hashtext(?))")) {
                        s.setInt(1, LOCK_CLASS);
                        s.setString(2, limit.name());
                        s.execute();
                    }
                }
                long now = now(c);
                Decision decision = decide(c, limits, now, true);
                if (decision.waitMicros() > 0) {
                    c.rollback();
                    return decision;
                }
                UUID id = UUID.randomUUID();
                long bound = now + provisional.toNanos() / 1000;
                try (PreparedStatement s = c.prepareStatement("insert into ai_request_log "
                        + "(request_id, limit_name, admitted_at, latest_arrival) values (?, ?, ?, ?)")) {
                    for (RequestRateLimiter limit : limits) {
                        s.setObject(1, id);
                        s.setString(2, limit.name());
                        s.setObject(3, time(now));
                        s.setObject(4, time(bound));
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                c.commit();
                return new Decision(id, 0, false, false);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * How long until {@code limit} alone would allow a start, read without a lock and admitting nothing (a waiting
     * caller's first look; {@link #tryAdmit} decides).
     */
    Decision peek(RequestRateLimiter limit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return decide(c, List.of(limit), now(c), false);
        }
    }

    /** The request was written now: it arrives by now + {@code margin}, if that is earlier than its bound. */
    void sent(UUID request, Duration margin) throws SQLException {
        narrow(request, "sent_at = clock_timestamp(), latest_arrival = least(latest_arrival, clock_timestamp() "
                + "+ make_interval(secs => ?))", margin);
    }

    /** The request's answer or failure came back now: it arrived by now, if that is earlier than its bound. */
    void finished(UUID request) throws SQLException {
        narrow(request, "finished_at = clock_timestamp(), latest_arrival = least(latest_arrival, clock_timestamp() "
                + "+ make_interval(secs => ?))", Duration.ZERO);
    }

    private void narrow(UUID request, String set, Duration margin) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("update ai_request_log set " + set + " where request_id = ?")) {
            s.setDouble(1, margin.toNanos() / 1e9);
            s.setObject(2, request);
            s.executeUpdate();
        }
    }

    private static Decision decide(Connection c, List<RequestRateLimiter> limits, long now, boolean prune)
            throws SQLException {
        long wait = 0;
        boolean open = false;
        boolean byPipeline = false;
        for (RequestRateLimiter limit : limits) {
            long window = limit.window().toNanos() / 1000;
            if (prune) {
                // a row that ended more than two windows ago shares no window with any start from now on
                try (PreparedStatement s = c.prepareStatement(
                        "delete from ai_request_log where limit_name = ? and latest_arrival < ?")) {
                    s.setString(1, limit.name());
                    s.setObject(2, time(now - 2 * window));
                    s.executeUpdate();
                }
            }
            List<long[]> rows = rows(c, limit.name(), now - window);
            Long lastStart = rows.stream().mapToLong(r -> r[0]).boxed().max(Long::compare).orElse(null);
            long at = RequestRateLimiter.earliestStart(now, lastStart,
                    rows.stream().mapToLong(r -> r[1]).toArray(), limit.permits(), window);
            long spaced = lastStart == null ? now : Math.max(now, lastStart + window / limit.permits());
            if (at - now > wait) {
                wait = at - now;
                // held back by bounds, not only by the spacing: one of them may still narrow
                open = at > spaced && rows.stream().anyMatch(r -> r[2] == 1);
                byPipeline = limit != limits.get(0);
            }
        }
        return new Decision(null, wait, open, byPipeline);
    }

    /** {admitted_at, latest_arrival, 1 if not yet finished} of the limit's rows whose bound is at or after {@code from}. */
    private static List<long[]> rows(Connection c, String limit, long from) throws SQLException {
        List<long[]> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select admitted_at, latest_arrival, finished_at is null "
                + "from ai_request_log where limit_name = ? and latest_arrival >= ?")) {
            s.setString(1, limit);
            s.setObject(2, time(from));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new long[] {micros(r.getObject(1, OffsetDateTime.class)),
                            micros(r.getObject(2, OffsetDateTime.class)), r.getBoolean(3) ? 1 : 0});
                }
            }
        }
        return rows;
    }

    private static long now(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select clock_timestamp()");
             ResultSet r = s.executeQuery()) {
            r.next();
            return micros(r.getObject(1, OffsetDateTime.class));
        }
    }

    static long micros(OffsetDateTime time) {
        Instant i = time.toInstant();
        return Math.multiplyExact(i.getEpochSecond(), 1_000_000L) + i.getNano() / 1_000;
    }

    static OffsetDateTime time(long micros) {
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L), ZoneOffset.UTC);
    }
}
