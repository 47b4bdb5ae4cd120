package io.bulkimport.store;

import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.PreparedRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A dry run's scratch copy of its pipeline's table: an unlogged table {@code dry_run_<import id>} with the live
 * table's columns, defaults, constraints and indexes (not its foreign keys or triggers), into which the dry run
 * copies the live rows its batches' keys name and then plays each batch with the real import's own statement. So a
 * key repeated in a later batch meets what the earlier batch would have left, and every count is the real import's
 * own, without a write to the live table. Dropped when the dry run ends. Identifiers come from the pipeline
 * declaration and the import id; row values are always bound parameters.
 */
final class ShadowTable {

    static final String PREFIX = "dry_run_";

    private final PipelineDefinition live;
    private final PipelineDefinition shadow;

    private ShadowTable(PipelineDefinition live, PipelineDefinition shadow) {
        this.live = live;
        this.shadow = shadow;
    }

    static ShadowTable of(UUID importId, PipelineDefinition live) {
        PipelineDefinition shadow = new PipelineDefinition();
        shadow.setName(live.getName());
        shadow.setTable(name(importId));
        shadow.setDuplicates(live.getDuplicates());
        shadow.setColumns(live.getColumns());
        return new ShadowTable(live, shadow);
    }

    static String name(UUID importId) {
        return PREFIX + importId.toString().replace("-", "");
    }

    /** The pipeline as the real import's statements see it, with the scratch table for its table. */
    PipelineDefinition pipeline() {
        return shadow;
    }

    void create(Connection c) throws SQLException {
        execute(c, "create unlogged table if not exists " + shadow.getTable() + " (like " + live.getTable()
                + " including defaults including constraints including indexes)");
    }

    static void drop(Connection c, UUID importId) throws SQLException {
        execute(c, "drop table if exists " + name(importId));
    }

    /** Copies the live rows of the keys of {@code rows} that the scratch table does not hold yet. */
    void seed(Connection c, List<PreparedRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<ColumnDefinition> keys = live.keyColumns();
        String sql = "insert into " + shadow.getTable() + " select t.* from " + live.getTable() + " t join unnest("
                + keys.stream().map(k -> "?::text[]").collect(Collectors.joining(", ")) + ") as u("
                + keys.stream().map(ColumnDefinition::name).collect(Collectors.joining(", ")) + ") on " + join(keys)
                + " on conflict do nothing";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bindKeys(c, s, rows);
            s.executeUpdate();
        }
    }

    /**
     * The rows of {@code rows} whose key the scratch table holds, by their index in {@code rows}; with their values
     * as text in column order when {@code withValues}, else with null.
     */
    Map<Integer, String[]> existing(Connection c, List<PreparedRow> rows, boolean withValues) throws SQLException {
        Map<Integer, String[]> found = new HashMap<>();
        if (rows.isEmpty()) {
            return found;
        }
        List<ColumnDefinition> keys = live.keyColumns();
        List<ColumnDefinition> columns = live.columnDefinitions();
        String values = withValues ? columns.stream().map(col -> ", t." + col.name() + "::text").collect(Collectors.joining()) : "";
        String sql = "select u.ord" + values + " from unnest(" + keys.stream().map(k -> "?::text[]").collect(Collectors.joining(", "))
                + ") with ordinality as u(" + keys.stream().map(ColumnDefinition::name).collect(Collectors.joining(", "))
                + ", ord) join " + shadow.getTable() + " t on " + join(keys);
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bindKeys(c, s, rows);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String[] row = null;
                    if (withValues) {
                        row = new String[columns.size()];
                        for (int i = 0; i < row.length; i++) {
                            row[i] = rs.getString(i + 2);
                        }
                    }
                    found.put((int) rs.getLong(1) - 1, row);
                }
            }
        }
        return found;
    }

    private static String join(List<ColumnDefinition> keys) {
        return keys.stream().map(k -> "t." + k.name() + " = u." + k.name() + k.sqlCast()).collect(Collectors.joining(" and "));
    }

    private void bindKeys(Connection c, PreparedStatement s, List<PreparedRow> rows) throws SQLException {
        List<ColumnDefinition> columns = live.columnDefinitions();
        int parameter = 1;
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).key()) {
                continue;
            }
            String[] values = new String[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                values[r] = rows.get(r).values()[i];
            }
            s.setArray(parameter++, c.createArrayOf("text", values));
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.execute();
        }
    }
}
