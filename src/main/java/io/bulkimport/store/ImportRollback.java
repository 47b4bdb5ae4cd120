package io.bulkimport.store;

import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.PipelineDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Returns every row an import touched to its state before the import, in one transaction: rows it updated or
 * merged get their before-image back, rows it inserted are deleted. A row that a later import changed again is
 * left as that import made it, and counted.
 */
public class ImportRollback {

    private final DataSource dataSource;
    private final ImportJobRepository jobs;

    public ImportRollback(DataSource dataSource, ImportJobRepository jobs) {
        this.dataSource = dataSource;
        this.jobs = jobs;
    }

    /** How many rows were restored, deleted, and left alone because a later import owns them now. */
    public record Result(long restored, long deleted, long keptNewer) {
    }

    /** Rolls back a finished import ({@code DELETE /api/imports/{id}}); its status becomes {@code rolled_back}. */
    public Result rollback(UUID importId, PipelineDefinition pipeline) throws SQLException {
        return rollback(importId, pipeline, true);
    }

    /**
     * Rolls back the rows of an import that is still running and leaves its status to the caller: an import
     * stopped by its error budget with {@code onTooManyErrors=rollback} ends {@code failed}. Safe to repeat.
     */
    public Result undoRunning(UUID importId, PipelineDefinition pipeline) throws SQLException {
        return rollback(importId, pipeline, false);
    }

    private Result rollback(UUID importId, PipelineDefinition pipeline, boolean markRolledBack) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // counted before the restore: a restored row carries the earlier import's id again, and counted
                // after it would be taken for one a later import changed
                long keptNewer = pipeline.schemaless() ? 0 : count(c, keptNewerSql(pipeline), importId, importId);
                long restored = pipeline.schemaless() ? 0 : update(c, restoreSql(pipeline), importId, importId, importId);
                long deleted = update(c, "delete from " + pipeline.getTable() + " where import_id = ?", importId);
                update(c, "delete from import_row_changes where import_id = ?", importId);
                if (markRolledBack) {
                    jobs.markRolledBack(c, importId);
                }
                c.commit();
                return new Result(restored, deleted, keptNewer);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static String restoreSql(PipelineDefinition p) {
        String columns = p.columnDefinitions().stream().filter(col -> !col.key())
                .map(col -> col.name() + " = r." + col.name()).collect(Collectors.joining(", "));
        return "update " + p.getTable() + " t set " + (columns.isEmpty() ? "" : columns + ", ") + "import_id = r.import_id "
                + "from import_row_changes c, jsonb_populate_record(null::" + p.getTable() + ", c.before) r "
                + "where c.import_id = ? and c.table_name = '" + p.getTable() + "' and r.import_id is distinct from ? "
                + "and " + keyMatch(p) + " and t.import_id = ?";
    }

    private static String keptNewerSql(PipelineDefinition p) {
        return "select count(*) from import_row_changes c join " + p.getTable() + " t on "
                + p.keyColumns().stream().map(k -> "t." + k.name() + " = (jsonb_populate_record(null::" + p.getTable()
                        + ", c.before))." + k.name()).collect(Collectors.joining(" and "))
                + " where c.import_id = ? and c.table_name = '" + p.getTable() + "' and t.import_id <> ?";
    }

    private static String keyMatch(PipelineDefinition p) {
        return p.keyColumns().stream().map(ColumnDefinition::name).map(k -> "t." + k + " = r." + k)
                .collect(Collectors.joining(" and "));
    }

    private static long update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        }
    }

    private static long count(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
