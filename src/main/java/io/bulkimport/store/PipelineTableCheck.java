package io.bulkimport.store;

import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.PipelineDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Whether a pipeline's table is the one its declaration needs (routes/README.md, "Declaration"): it exists, has an
 * {@code import_id} column and one column per declared column, and a unique constraint or primary key on exactly the
 * key columns; a catch-all pipeline's table is {@code (import_id, row_number, data)} keyed on the first two. A typed
 * column's table column must be of a type its values fit ({@link #FITS}; text types take any, as ISO text).
 */
public final class PipelineTableCheck {

    /** Per column type, the PostgreSQL types (information_schema's data_type) that hold its values. */
    static final Map<String, Set<String>> FITS = Map.of(
            "date", Set.of("date", "timestamp with time zone", "timestamp without time zone"),
            "timestamp", Set.of("timestamp with time zone", "timestamp without time zone"),
            "decimal", Set.of("numeric", "double precision", "real"),
            "integer", Set.of("bigint", "integer", "smallint", "numeric", "double precision", "real"),
            "boolean", Set.of("boolean"));
    private static final Set<String> TEXT = Set.of("text", "character varying", "character");

    private final DataSource dataSource;

    /** @param dataSource the service's database, whose current schema holds the pipeline tables */
    public PipelineTableCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param pipeline a loaded declaration
     * @return what is wrong, as the declaration key it concerns ({@code table} or a column name) to the rule broken;
     *         empty when the table fits
     * @throws IllegalStateException when the database cannot be asked
     */
    public Map<String, String> problems(PipelineDefinition pipeline) {
        Map<String, String> problems = new LinkedHashMap<>();
        String table = pipeline.getTable();
        try (Connection c = dataSource.getConnection()) {
            Map<String, String> actual = columns(c, table);
            if (actual.isEmpty()) {
                problems.put("table", "the table MUST exist before the service starts (add it as "
                        + "migrations/V<n>__<what>.sql in the route folder): table " + table + " does not exist");
                return problems;
            }
            List<String> expected = new ArrayList<>(List.of("import_id"));
            List<String> key;
            if (pipeline.schemaless()) {
                expected.addAll(List.of("row_number", "data"));
                key = List.of("import_id", "row_number");
            } else {
                pipeline.columnDefinitions().stream().map(ColumnDefinition::name).forEach(expected::add);
                key = pipeline.keyColumns().stream().map(ColumnDefinition::name).toList();
            }
            for (String column : expected) {
                if (!actual.containsKey(column)) {
                    problems.put(column.equals("import_id") || pipeline.schemaless() ? "table" : column,
                            "the table MUST have a column for it: table " + table + " has no column " + column);
                }
            }
            if (!pipeline.schemaless()) {
                for (ColumnDefinition column : pipeline.columnDefinitions()) {
                    String type = actual.get(column.name());
                    if (column.type() != null && type != null && !TEXT.contains(type) && !FITS.get(column.type()).contains(type)) {
                        problems.put(column.name(), "a column of type " + column.type() + " MUST be stored in a column of type "
                                + String.join(", ", FITS.get(column.type()).stream().sorted().toList()) + " (or text): table "
                                + table + " has " + column.name() + " " + type);
                    }
                }
            }
            if (!uniqueKeys(c, table).contains(new TreeSet<>(key))) {
                problems.putIfAbsent("table", "the table MUST have a unique constraint or primary key on exactly "
                        + String.join(", ", key) + ": table " + table + " has none");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check table " + table + ": " + e.getMessage(), e);
        }
        return problems;
    }

    /** The table's columns and their data_type; empty when there is no such table. */
    private static Map<String, String> columns(Connection c, String table) throws SQLException {
        Map<String, String> names = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select column_name, data_type from information_schema.columns "
                + "where table_schema = current_schema() and table_name = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return names;
    }

    /** The column sets of the table's unique indexes (constraints and primary key included), partial ones left out. */
    private static Set<Set<String>> uniqueKeys(Connection c, String table) throws SQLException {
        Set<Set<String>> keys = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("select i.indexrelid, a.attname from pg_index i "
                + "join pg_class t on t.oid = i.indrelid and t.relnamespace = current_schema()::regnamespace "
                + "join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey) "
                + "where t.relname = ? and i.indisunique and i.indpred is null and 0 <> all(i.indkey) "
                + "order by 1")) {
            s.setString(1, table);
            Map<Long, Set<String>> byIndex = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    byIndex.computeIfAbsent(rs.getLong(1), k -> new TreeSet<>()).add(rs.getString(2));
                }
            }
            keys.addAll(byIndex.values());
        }
        return keys;
    }
}
