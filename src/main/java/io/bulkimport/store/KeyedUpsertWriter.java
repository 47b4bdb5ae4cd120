package io.bulkimport.store;

import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.PreparedRow;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Writes a batch into a table with a key, honouring the import's duplicate strategy exactly. */
public class KeyedUpsertWriter implements TableWriter {

    private final Map<String, String> statements = new ConcurrentHashMap<>();

    @Override
    public WriteResult write(Connection connection, ImportContext context, List<PreparedRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return WriteResult.NONE;
        }
        PipelineDefinition pipeline = context.pipeline();
        String strategy = context.options().duplicates();
        DuplicateCollapser.Collapsed collapsed = DuplicateCollapser.collapse(rows, keyIndexes(pipeline), strategy);
        List<PreparedRow> unique = collapsed.rows();
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
            return collapsed.folded().plus(new WriteResult(changed, unique.size() - changed));
        }
    }

    private static int[] keyIndexes(PipelineDefinition pipeline) {
        List<ColumnDefinition> columns = pipeline.columnDefinitions();
        return java.util.stream.IntStream.range(0, columns.size()).filter(i -> columns.get(i).key()).toArray();
    }
}
