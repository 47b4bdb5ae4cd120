package io.bulkimport.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The dry-run columns of {@code import_jobs} (migration V13): the would* counts and the preview sample, how long
 * the dry run's staged file is kept, and the link between a dry run and the import executed from it. Also drops the
 * dry runs' scratch tables ({@link ShadowTable}). Bound parameters only.
 */
public class DryRunRepository {

    private final DataSource dataSource;

    public DryRunRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds a batch's counts, and saves the sample when given, inside the batch's transaction. */
    public void addBatch(Connection c, UUID id, DryRunCounts counts, Map<String, Object> sample) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update import_jobs set would_insert = coalesce(would_insert, 0) + ?, "
                + "would_update = coalesce(would_update, 0) + ?, would_leave_unchanged = coalesce(would_leave_unchanged, 0) + ?, "
                + "would_fail = coalesce(would_fail, 0) + ?, preview = coalesce(?::jsonb, preview) where id = ?")) {
            s.setLong(1, counts.wouldInsert());
            s.setLong(2, counts.wouldUpdate());
            s.setLong(3, counts.wouldLeaveUnchanged());
            s.setLong(4, counts.wouldFail());
            s.setString(5, sample == null ? null : ImportJobRepository.json(sample));
            s.setObject(6, id);
            s.executeUpdate();
        }
    }

    /** A dry run's figures and lineage, as the job JSON shows them. */
    public record Figures(DryRunCounts counts, UUID dryRunId, UUID executedAs, Instant fileKeptUntil) {
    }

    /** The figures of the given jobs (one query); a job without any has none in the map. */
    public Map<UUID, Figures> figures(List<UUID> ids) {
        Map<UUID, Figures> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        return run(c -> {
            try (PreparedStatement s = c.prepareStatement("select id, would_insert, would_update, would_leave_unchanged, "
                    + "would_fail, dry_run_id, executed_as, file_kept_until from import_jobs where id = any(?)")) {
                s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        DryRunCounts counts = rs.getObject(2) == null ? null
                                : new DryRunCounts(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
                        found.put(rs.getObject(1, UUID.class), new Figures(counts, rs.getObject(6, UUID.class),
                                rs.getObject(7, UUID.class), instant(rs.getTimestamp(8))));
                    }
                }
            }
            return found;
        });
    }

    /** The preview sample as JSON text; empty when the job kept none. */
    public Optional<String> sample(UUID id) {
        return run(c -> {
            try (PreparedStatement s = c.prepareStatement("select preview::text from import_jobs where id = ?")) {
                s.setObject(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** The dry run's staged file stays until {@code until}. */
    public void keepFile(UUID id, Instant until) {
        update("update import_jobs set file_kept_until = ? where id = ?", Timestamp.from(until), id);
    }

    /** Forgets a kept file (deleted, or expired). */
    public void fileGone(UUID id) {
        update("update import_jobs set file_kept_until = null where id = ?", id);
    }

    /** A kept file whose time is up, with its job. */
    public record KeptFile(UUID id, Path file) {
    }

    public List<KeptFile> expiredFiles(Instant now) {
        return run(c -> {
            try (PreparedStatement s = c.prepareStatement("select id, file_path from import_jobs where file_kept_until <= ?")) {
                s.setTimestamp(1, Timestamp.from(now));
                List<KeptFile> files = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        files.add(new KeptFile(rs.getObject(1, UUID.class), Path.of(rs.getString(2))));
                    }
                }
                return files;
            }
        });
    }

    /**
     * Claims the dry run for the import executed from it, unless it was executed before and {@code force} is off.
     * One statement, so two executes at once cannot both claim it.
     *
     * @return the import it was executed as before (the claim failed), or empty when the claim succeeded
     */
    public Optional<UUID> claimExecution(UUID dryRun, UUID execution, boolean force) {
        return run(c -> {
            try (PreparedStatement s = c.prepareStatement("update import_jobs set executed_as = ? where id = ? "
                    + "and (executed_as is null or ?)")) {
                s.setObject(1, execution);
                s.setObject(2, dryRun);
                s.setBoolean(3, force);
                if (s.executeUpdate() == 1) {
                    return Optional.<UUID>empty();
                }
            }
            try (PreparedStatement s = c.prepareStatement("select executed_as from import_jobs where id = ?")) {
                s.setObject(1, dryRun);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getObject(1, UUID.class)) : Optional.<UUID>empty();
                }
            }
        });
    }

    /** Gives the claim back (the execution could not be registered). */
    public void releaseExecution(UUID dryRun, UUID execution, UUID previous) {
        update("update import_jobs set executed_as = ? where id = ? and executed_as = ?", previous, dryRun, execution);
    }

    /** Names the dry run an import was executed from. */
    public void linkExecution(UUID execution, UUID dryRun) {
        update("update import_jobs set dry_run_id = ? where id = ?", dryRun, execution);
    }

    /** Drops the dry run's scratch table, if it has one. */
    public void dropScratchTable(UUID id) {
        run(c -> {
            ShadowTable.drop(c, id);
            return null;
        });
    }

    /**
     * Drops the scratch tables of dry runs that are not queued or running any more (left by a crash): the ones still
     * running need theirs.
     */
    public int dropLeftoverScratchTables() {
        return run(c -> {
            List<UUID> leftover = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select c.relname from pg_class c join pg_namespace n on "
                    + "n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind = 'r' and c.relname like ? "
                    + "and not exists (select 1 from import_jobs j where replace(j.id::text, '-', '') = substr(c.relname, ?) "
                    + "and j.status in ('queued', 'running'))")) {
                s.setString(1, ShadowTable.PREFIX.replace("_", "\\_") + "%");
                s.setInt(2, ShadowTable.PREFIX.length() + 1);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        leftover.add(uuidOf(rs.getString(1).substring(ShadowTable.PREFIX.length())));
                    }
                }
            }
            for (UUID id : leftover) {
                ShadowTable.drop(c, id);
            }
            return leftover.size();
        });
    }

    private static UUID uuidOf(String hex) {
        return UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private void update(String sql, Object... params) {
        run(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                return s.executeUpdate();
            }
        });
    }

    private <T> T run(ImportJobRepository.SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("database error on a dry run: " + e.getMessage(), e);
        }
    }
}
