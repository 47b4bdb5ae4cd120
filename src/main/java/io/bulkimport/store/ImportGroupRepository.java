package io.bulkimport.store;

import io.bulkimport.pipeline.ImportOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@code import_groups} (migration V14) and the group columns of {@code import_jobs} ({@code group_id},
 * {@code duplicate_of}): a group's row, which jobs are its files, and its end. A group's status is stored as
 * {@code running} until its last file has ended ({@link #finish}), or as {@code cancelled}/{@code rolled_back} when a
 * person asked for that; the figures are always those of its jobs. SQL with bound parameters only.
 */
public class ImportGroupRepository {

    /** One row of {@code import_groups}. */
    public record Group(UUID id, String pipeline, String source, String name, ImportOptions options, String status,
                        int filesTotal, Instant createdAt, Instant finishedAt, Instant notifiedAt) {
    }

    private static final String COLUMNS = "id, pipeline, source, name, options::text, status, files_total, created_at, "
            + "finished_at, notified_at";

    private final DataSource dataSource;

    public ImportGroupRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts a new group ({@code running}) of {@code filesTotal} files. */
    public void create(UUID id, String pipeline, String source, String name, ImportOptions options, int filesTotal) {
        update("insert into import_groups (id, pipeline, source, name, options, files_total) values (?, ?, ?, ?, ?::jsonb, ?)",
                id, pipeline, source, name, ImportJobRepository.json(options.asMap()), filesTotal);
    }

    /** Makes job {@code jobId} a file of the group; {@code duplicateOf} the earlier job with the same bytes, or null. */
    public void addFile(UUID groupId, UUID jobId, UUID duplicateOf) {
        update("update import_jobs set group_id = ?, duplicate_of = ? where id = ?", groupId, duplicateOf, jobId);
    }

    public Optional<Group> find(UUID id) {
        return groups("select " + COLUMNS + " from import_groups where id = ?", id).stream().findFirst();
    }

    /** The newest groups first, at most {@code limit}. */
    public List<Group> recent(int limit) {
        return groups("select " + COLUMNS + " from import_groups order by created_at desc limit ?", limit);
    }

    /** The group a job is a file of, if any. */
    public Optional<UUID> groupOf(UUID jobId) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement("select group_id from import_jobs where id = ?")) {
                s.setObject(1, jobId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getObject(1, UUID.class)) : Optional.<UUID>empty();
                }
            }
        });
    }

    /** The group's jobs in the order they came, each with the job it duplicates (or null). */
    public List<Map.Entry<UUID, UUID>> files(UUID groupId) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "select id, duplicate_of from import_jobs where group_id = ? order by created_at, file_name, id")) {
                s.setObject(1, groupId);
                try (ResultSet rs = s.executeQuery()) {
                    List<Map.Entry<UUID, UUID>> files = new ArrayList<>();
                    while (rs.next()) {
                        files.add(new java.util.AbstractMap.SimpleImmutableEntry<>(rs.getObject(1, UUID.class),
                                rs.getObject(2, UUID.class)));
                    }
                    return files;
                }
            }
        });
    }

    /** True while a file of the group is queued or running. */
    public boolean hasUnfinishedFiles(UUID groupId) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "select exists (select 1 from import_jobs where group_id = ? and status in ('queued', 'running'))")) {
                s.setObject(1, groupId);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
    }

    /** A person's word on the group ({@code cancelled}, {@code rolled_back}): it stands over what its files say. */
    public void setStatus(UUID groupId, String status) {
        update("update import_groups set status = ? where id = ?", status, groupId);
    }

    /**
     * Ends the group once: its status becomes {@code status} unless a person set one, and {@code finished_at} is
     * set. False when it had ended before (another file's end, or another instance, came first).
     */
    public boolean finish(UUID groupId, String status) {
        return update("update import_groups set status = case when status = 'running' then ? else status end, "
                + "finished_at = now() where id = ? and finished_at is null", status, groupId) == 1;
    }

    /** Claims the group's one completion notification; false when it was claimed before (even before a restart). */
    public boolean claimNotification(UUID groupId) {
        return update("update import_groups set notified_at = now() where id = ? and finished_at is not null "
                + "and notified_at is null", groupId) == 1;
    }

    /** Groups whose end or notification a crash may have cut off: not ended, or ended and not notified. */
    public List<UUID> needingCompletion() {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "select id from import_groups where finished_at is null or notified_at is null")) {
                try (ResultSet rs = s.executeQuery()) {
                    List<UUID> ids = new ArrayList<>();
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                    return ids;
                }
            }
        });
    }

    private List<Group> groups(String sql, Object... params) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind(s, params);
                try (ResultSet rs = s.executeQuery()) {
                    List<Group> groups = new ArrayList<>();
                    while (rs.next()) {
                        groups.add(new Group(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                                ImportOptions.fromMap(ImportJobRepository.parseMap(rs.getString(5))), rs.getString(6),
                                rs.getInt(7), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)),
                                instant(rs.getTimestamp(10))));
                    }
                    return groups;
                }
            }
        });
    }

    private int update(String sql, Object... params) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind(s, params);
                return s.executeUpdate();
            }
        });
    }

    private <T> T query(ImportJobRepository.SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("database error on import_groups: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
