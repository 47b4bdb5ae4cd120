package io.bulkimport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What the import queue needs from {@code import_jobs}: the jobs to queue again when the service starts, and the names
 * and states of the jobs it holds, for {@code GET /api/queue}. Failures of the database come out as
 * {@link IllegalStateException} with the {@link SQLException} as cause.
 */
public class QueuedJobRepository {

    private final DataSource dataSource;

    public QueuedJobRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The unfinished jobs whose file waits in the work folder (uploads, and the files of every group, zip entries
     * included), to queue again at start: those that were running first (their committed batches are skipped), then
     * the queued ones in the order they were registered. An inbox file that is not part of a group is not listed: it
     * is still in its inbox folder, whose route takes it again.
     */
    public List<Waiting> toResume() {
        List<Waiting> jobs = new ArrayList<>();
        query("select id, group_id from import_jobs where status in ('queued', 'running') "
                + "and (source = 'upload' or group_id is not null) order by (status = 'running') desc, created_at, id",
                List.of(), rs -> jobs.add(new Waiting(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))));
        return jobs;
    }

    /** The pipeline, file name, status and start of each of {@code ids} that exists. */
    public Map<UUID, Described> describe(Collection<UUID> ids) {
        Map<UUID, Described> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        query("select id, pipeline, file_name, status, started_at from import_jobs where id = any(?)", List.copyOf(ids),
                rs -> found.put(rs.getObject(1, UUID.class), new Described(rs.getString(2), rs.getString(3),
                        rs.getString(4), instant(rs.getTimestamp(5)))));
        return found;
    }

    private void query(String sql, List<UUID> ids, RowHandler rows) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (!ids.isEmpty()) {
                s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.accept(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database error on import_jobs: " + e.getMessage(), e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** A job to queue again, with its group (null for a single file). */
    public record Waiting(UUID id, UUID groupId) {
    }

    /** A queued or running job as {@code GET /api/queue} names it; {@code status} is its database status. */
    public record Described(String pipeline, String fileName, String status, Instant startedAt) {
    }

    @FunctionalInterface
    private interface RowHandler {
        void accept(ResultSet rs) throws SQLException;
    }
}
