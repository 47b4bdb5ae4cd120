package io.bulkimport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What the inbox door of a zip archive needs to know of a group ({@code import_groups}, V14) from its files' jobs: the
 * group still running for a zip of a name (to resume it after a restart rather than register the zip again), its files
 * not finished yet, and how it ended. Read from {@code import_jobs} so that it holds whatever keeps the group row.
 */
public class InboxGroupRepository {

    private final DataSource dataSource;

    public InboxGroupRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** How a group's files stand: {@code open} queued or running, {@code failed} failed, of {@code total}. */
    public record Files(int total, int open, int failed) {

        public boolean finished() {
            return open == 0;
        }

        /** Every file failed (or there was none): the zip goes to {@code .failed/}. */
        public boolean allFailed() {
            return failed == total;
        }
    }

    /** The newest group of the inbox zip {@code name} in {@code pipeline} that has a file queued or running. */
    public Optional<UUID> unfinished(String pipeline, String name) {
        List<UUID> ids = ids("select g.id from import_groups g where g.pipeline = ? and g.source = 'inbox' and g.name = ? "
                + "and exists (select 1 from import_jobs j where j.group_id = g.id and j.status in ('queued', 'running')) "
                + "order by g.created_at desc limit 1", pipeline, name);
        return ids.stream().findFirst();
    }

    /** The group's jobs that are queued or running, in the order they were registered. */
    public List<UUID> openJobs(UUID groupId) {
        return ids("select id from import_jobs where group_id = ? and status in ('queued', 'running') order by created_at, id",
                groupId);
    }

    public Files files(UUID groupId) {
        String sql = "select count(*), count(*) filter (where status in ('queued', 'running')), "
                + "count(*) filter (where status = 'failed') from import_jobs where group_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, groupId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Files(rs.getInt(1), rs.getInt(2), rs.getInt(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database error on import_jobs: " + e.getMessage(), e);
        }
    }

    private List<UUID> ids(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("database error on import_groups: " + e.getMessage(), e);
        }
    }
}
