package io.bulkimport.store;

import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.PreparedRow;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Savepoint;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * Writes a batch into a table with a key, honouring the import's duplicate strategy exactly. Batches whose keys
 * are all new go in through COPY (the fastest way into PostgreSQL); a batch that meets an existing key is rolled
 * back to a savepoint and written by one {@code insert … on conflict} statement instead.
 */
public class KeyedUpsertWriter implements TableWriter {

    private static final String UNIQUE_VIOLATION = "23505";

    private final Map<String, String> statements = new ConcurrentHashMap<>();
    private final Map<ImportContext, CopyAdvisor> advisors = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public WriteResult write(Connection connection, ImportContext context, List<PreparedRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return WriteResult.NONE;
        }
        PipelineDefinition pipeline = context.pipeline();
        String strategy = context.options().duplicates();
        DuplicateCollapser.Collapsed collapsed = DuplicateCollapser.collapse(rows, keyIndexes(pipeline), strategy);
        List<PreparedRow> unique = collapsed.rows();
        CopyAdvisor advisor = advisors.computeIfAbsent(context, c -> new CopyAdvisor());
        if (advisor.shouldTry()) {
            Savepoint savepoint = connection.setSavepoint();
            try {
                copy(connection, context, unique);
                connection.releaseSavepoint(savepoint);
                advisor.succeeded();
                return collapsed.folded().plus(new WriteResult(unique.size(), 0));
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                connection.rollback(savepoint);
                advisor.conflicted();
            }
        }
        return collapsed.folded().plus(upsert(connection, context, unique, strategy));
    }

    private void copy(Connection connection, ImportContext context, List<PreparedRow> rows) throws SQLException {
        PipelineDefinition pipeline = context.pipeline();
        String sql = statements.computeIfAbsent(pipeline.getName() + "/copy", k -> "copy " + pipeline.getTable() + " ("
                + pipeline.columnDefinitions().stream().map(ColumnDefinition::name).collect(Collectors.joining(", "))
                + ", import_id) from stdin");
        CopyEncoder encoder = new CopyEncoder(rows.size() * 128);
        String importId = context.importId().toString();
        for (PreparedRow row : rows) {
            encoder.row(row.values(), importId);
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new ByteArrayInputStream(encoder.bytes()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + pipeline.getTable() + " failed: " + e.getMessage(), e);
        }
    }

    private WriteResult upsert(Connection connection, ImportContext context, List<PreparedRow> unique, String strategy)
            throws SQLException {
        PipelineDefinition pipeline = context.pipeline();
        String sql = statements.computeIfAbsent(pipeline.getName() + "/" + strategy, k -> UpsertStatement.sql(pipeline, strategy));
        int columnCount = pipeline.columnDefinitions().size();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, context.importId());
            for (int c = 0; c < columnCount; c++) {
                String[] column = new String[unique.size()];
                for (int r = 0; r < unique.size(); r++) {
                    column[r] = unique.get(r).values()[c];
                }
                Array array = connection.createArrayOf("text", column);
                statement.setArray(c + 2, array);
            }
            int changed = statement.executeUpdate();
            return new WriteResult(changed, unique.size() - changed);
        }
    }

    private static int[] keyIndexes(PipelineDefinition pipeline) {
        List<ColumnDefinition> columns = pipeline.columnDefinitions();
        return java.util.stream.IntStream.range(0, columns.size()).filter(i -> columns.get(i).key()).toArray();
    }
}
