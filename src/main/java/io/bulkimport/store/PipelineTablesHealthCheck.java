package io.bulkimport.store;

import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.pipeline.PipelineDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the database answers, and every pipeline's table has the columns its route file declares. A route
 * file edited without its migration shows up here, by name, instead of as failed imports.
 */
public class PipelineTablesHealthCheck extends AbstractHealthCheck {

    private final DataSource dataSource;
    private final PipelineCatalog pipelines;

    public PipelineTablesHealthCheck(DataSource dataSource, PipelineCatalog pipelines) {
        super("bulk-import", "pipeline-tables");
        this.dataSource = dataSource;
        this.pipelines = pipelines;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection c = dataSource.getConnection()) {
            List<String> problems = problems(c);
            if (problems.isEmpty()) {
                builder.up();
            } else {
                builder.message(String.join("; ", problems)).down();
            }
        } catch (SQLException e) {
            builder.message("database unreachable: " + e.getMessage()).error(e).down();
        }
    }

    public List<String> problems(Connection c) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (PipelineDefinition pipeline : pipelines.all()) {
            Set<String> actual = columns(c, pipeline.getTable());
            if (actual.isEmpty()) {
                problems.add("pipeline " + pipeline.getName() + ": table " + pipeline.getTable() + " does not exist");
                continue;
            }
            List<String> expected = new ArrayList<>(List.of("import_id"));
            if (pipeline.schemaless()) {
                expected.addAll(List.of("row_number", "data"));
            } else {
                pipeline.columnDefinitions().stream().map(ColumnDefinition::name).forEach(expected::add);
            }
            expected.stream().filter(name -> !actual.contains(name)).forEach(name -> problems.add(
                    "pipeline " + pipeline.getName() + ": table " + pipeline.getTable() + " has no column " + name));
        }
        return problems;
    }

    private static Set<String> columns(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select column_name from information_schema.columns "
                + "where table_schema = current_schema() and table_name = ?")) {
            s.setString(1, table);
            Set<String> names = new HashSet<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }
    }
}
