package io.bulkimport.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkimport.pipeline.ImportOptions;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.ImportStatus;
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

/** {@code import_jobs} and {@code import_batches}: the jobs, their counters and their batch checkpoints. */
public class ImportJobRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, pipeline, source, file_name, file_path, sha256, size_bytes, options::text, "
            + "header::text, status, total_rows, total_rows_exact, rows_read, rows_stored, rows_duplicate, rows_failed, "
            + "batches_done, batches_total, created_at, started_at, finished_at, last_error";

    private final DataSource dataSource;

    public ImportJobRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts a new job, with its total when one is known at registration (a CSV file's rows counted at intake). */
    public void create(ImportJob job) {
        durably("insert into import_jobs (id, pipeline, source, file_name, file_path, sha256, size_bytes, options, status, "
                        + "total_rows, total_rows_exact, batches_total) values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)",
                job.id(), job.pipeline(), job.source(), job.fileName(), job.filePath(), job.sha256(), job.sizeBytes(),
                json(job.options().asMap()), job.status().dbValue(), job.totalRows(), job.totalRowsExact(),
                job.batchesTotal());
    }

    public Optional<ImportJob> find(UUID id) {
        List<ImportJob> jobs = query("select " + COLUMNS + " from import_jobs where id = ?", id);
        return jobs.stream().findFirst();
    }

    /** Active jobs first, then the most recent ones. */
    public List<ImportJob> recent(int limit) {
        return query("select " + COLUMNS + " from import_jobs order by (status in ('queued', 'running')) desc, "
                + "created_at desc limit ?", limit);
    }

    /**
     * Jobs of a pipeline for a byte-identical file that are not over yet, or that finished with their rows kept. A
     * finished dry run kept no rows: the real import of the file it checked is not a duplicate of it.
     */
    public Optional<ImportJob> findSameFile(String pipeline, String sha256) {
        return query("select " + COLUMNS + " from import_jobs where pipeline = ? and sha256 = ? and (status in "
                + "('queued', 'running') or (status in ('completed', 'completed_with_errors') "
                + "and not coalesce((options ->> 'dryRun')::boolean, false))) and duplicate_of is null "
                + "order by created_at desc limit 1",
                pipeline, sha256).stream().findFirst();
    }

    /** The files of a group (issue #14), in the order they came. */
    public List<ImportJob> ofGroup(UUID groupId) {
        return query("select " + COLUMNS + " from import_jobs where group_id = ? order by created_at, file_name, id", groupId);
    }

    public List<ImportJob> unfinished(String source) {
        return query("select " + COLUMNS + " from import_jobs where status in ('queued', 'running') and source = ? "
                + "order by created_at", source);
    }

    /**
     * Marks a queued (or resumed) job running; false when it ended meanwhile (a group's cancel finishes its queued
     * files while one may be starting), and then it must not run.
     */
    public boolean markRunning(UUID id, List<String> header) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement("update import_jobs set status = 'running', header = ?::jsonb, "
                    + "started_at = coalesce(started_at, now()), last_error = null where id = ? and status in ('queued', 'running')")) {
                bind(s, json(header), id);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** The total counted before the first batch (a workbook's sheet when its reader opens): no estimate replaces it. */
    public void exactTotal(UUID id, long totalRows, int batchSize) {
        update("update import_jobs set total_rows = ?, total_rows_exact = true, batches_total = ? where id = ?",
                totalRows, batchesFor(totalRows, batchSize), id);
    }

    /** A total estimated from the bytes read so far; ignored once the total is exact. */
    public void estimateTotal(UUID id, long totalRows, int batchSize) {
        update("update import_jobs set total_rows = ?, batches_total = ? where id = ? and not total_rows_exact",
                totalRows, batchesFor(totalRows, batchSize), id);
    }

    public static int batchesFor(long rows, int batchSize) {
        return (int) ((rows + batchSize - 1) / batchSize);
    }

    /**
     * Claims the batch's checkpoint and adds its counts to the job, in one statement inside the batch's
     * transaction. False when the checkpoint already existed: the batch was committed before (a resumed import)
     * and the caller must roll back.
     */
    public boolean commitBatch(Connection c, UUID id, int batchNo, long firstRow, long lastRow, long read, long stored,
                               long duplicate, long failed) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("with claimed as (insert into import_batches "
                + "(import_id, batch_no, first_row, last_row) values (?, ?, ?, ?) on conflict do nothing returning 1) "
                + "update import_jobs set rows_read = rows_read + ?, rows_stored = rows_stored + ?, "
                + "rows_duplicate = rows_duplicate + ?, rows_failed = rows_failed + ?, batches_done = batches_done + 1 "
                + "where id = ? and exists (select 1 from claimed)")) {
            bind(s, id, batchNo, firstRow, lastRow, read, stored, duplicate, failed, id);
            return s.executeUpdate() == 1;
        }
    }

    /** Moves a finished job with failed rows to running; false when it is not in such a state (or already claimed). */
    public boolean claimForRetry(UUID id) {
        return query(c -> {
            // the retry's batches are numbered on from the import's own (its failed rows in batches of its size)
            try (PreparedStatement s = c.prepareStatement("update import_jobs set status = 'running', finished_at = null, "
                    + "batches_total = batches_done + ceil(rows_failed::numeric "
                    + "/ greatest(1, coalesce((options->>'batchSize')::int, 1)))::int "
                    + "where id = ? and status in ('completed_with_errors', 'failed', 'cancelled') and rows_failed > 0")) {
                s.setObject(1, id);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** Keeps what a dry run estimated for the real import. */
    public void saveEstimate(UUID id, Map<String, Object> estimate) {
        update("update import_jobs set estimate = ?::jsonb where id = ?", json(estimate), id);
    }

    /** The dry run's estimate as JSON text, if one was made. */
    public Optional<String> estimate(UUID id) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement("select estimate::text from import_jobs where id = ?")) {
                s.setObject(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Inside the rollback's transaction. */
    public void markRolledBack(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update import_jobs set status = 'rolled_back', "
                + "finished_at = coalesce(finished_at, now()) "
                + "where id = ? and status in ('completed', 'completed_with_errors', 'failed', 'cancelled')")) {
            s.setObject(1, id);
            if (s.executeUpdate() != 1) {
                throw new IllegalStateException("import " + id + " cannot be rolled back in its current state");
            }
        }
    }

    /** The first batch number that has no checkpoint yet: batches commit in order, so they form a prefix. */
    public int firstUncommittedBatch(UUID id) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement("select coalesce(max(batch_no) + 1, 0) from import_batches where import_id = ?")) {
                s.setObject(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /**
     * Cancels a job that is still waiting in the queue, atomically: a job that has started meanwhile is left to its
     * runner (cancel it through {@code ActiveImports.cancel}).
     *
     * @return true when it was queued and is cancelled now
     */
    public boolean cancelQueued(UUID id, String reason) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement("update import_jobs set status = 'cancelled', last_error = ?, "
                    + "finished_at = now() where id = ? and status = 'queued'")) {
                bind(s, reason, id);
                return s.executeUpdate() == 1;
            }
        });
    }

    public void finish(UUID id, ImportStatus status, String error) {
        durably("update import_jobs set status = ?, last_error = ?, finished_at = now(), "
                + "total_rows = case when ? then rows_read else total_rows end, total_rows_exact = total_rows_exact or ?, "
                + "batches_total = case when ? then batches_done else batches_total end where id = ?",
                status.dbValue(), error, completed(status), completed(status), completed(status), id);
    }

    private static boolean completed(ImportStatus status) {
        return status == ImportStatus.COMPLETED || status == ImportStatus.COMPLETED_WITH_ERRORS;
    }

    private List<ImportJob> query(String sql, Object... params) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind(s, params);
                try (ResultSet rs = s.executeQuery()) {
                    List<ImportJob> jobs = new ArrayList<>();
                    while (rs.next()) {
                        jobs.add(map(rs));
                    }
                    return jobs;
                }
            }
        });
    }

    private void update(String sql, Object... params) {
        query(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind(s, params);
                return s.executeUpdate();
            }
        });
    }

    /**
     * Runs an update that must survive a database crash the moment it returns, even when batches commit
     * asynchronously: a synchronous commit also flushes every commit before it.
     */
    private void durably(String sql, Object... params) {
        query(c -> {
            c.setAutoCommit(false);
            try (PreparedStatement local = c.prepareStatement("set local synchronous_commit = on");
                 PreparedStatement s = c.prepareStatement(sql)) {
                local.execute();
                bind(s, params);
                s.executeUpdate();
                c.commit();
                return null;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    private <T> T query(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("database error on import_jobs: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
    }

    private static ImportJob map(ResultSet rs) throws SQLException {
        return new ImportJob(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getLong(7), ImportOptions.fromMap(parse(rs.getString(8))),
                rs.getString(9) == null ? List.of() : parseList(rs.getString(9)), ImportStatus.of(rs.getString(10)),
                (Long) rs.getObject(11), rs.getBoolean(12), rs.getLong(13), rs.getLong(14), rs.getLong(15),
                rs.getLong(16), rs.getInt(17), (Integer) rs.getObject(18), instant(rs.getTimestamp(19)),
                instant(rs.getTimestamp(20)), instant(rs.getTimestamp(21)), rs.getString(22));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Map<String, Object> parseMap(String json) {
        return parse(json);
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() { });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> parseList(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() { });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }
}
