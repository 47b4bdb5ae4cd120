package io.bulkimport.store;

import io.bulkimport.pipeline.BatchKeys;
import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.PreparedRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Writes a dry run's batch into its {@link ShadowTable} exactly as {@link KeyedUpsertWriter} writes a real batch
 * through its statement path: the same folding of rows that share a key ({@link DuplicateCollapser}), the same
 * {@link UpsertStatement} and the same counting. What differs: no COPY (its outcome is the statement's), and no
 * before-images (nothing will be rolled back).
 */
final class ShadowWriter implements TableWriter {

    private final PipelineDefinition shadow;
    private final String strategy;
    private final String sql;
    private final int[] keyIndexes;

    /** @param brought the import's {@link ImportContext#broughtColumns()}, so the dry run updates what the import would */
    ShadowWriter(PipelineDefinition shadow, String strategy, boolean[] brought) {
        this.shadow = shadow;
        this.strategy = strategy;
        this.sql = UpsertStatement.sql(shadow, strategy, brought);
        this.keyIndexes = keyIndexes(shadow);
    }

    static int[] keyIndexes(PipelineDefinition pipeline) {
        List<ColumnDefinition> columns = pipeline.columnDefinitions();
        return IntStream.range(0, columns.size()).filter(i -> columns.get(i).key()).toArray();
    }

    @Override
    public BatchWrite prepare(ImportContext context, List<PreparedRow> rows) {
        DuplicateCollapser.Collapsed collapsed = DuplicateCollapser.collapse(rows, keyIndexes, strategy);
        return new BatchWrite() {
            @Override
            public BatchKeys keys() {
                return BatchKeys.NONE;
            }

            @Override
            public boolean copyFirst() {
                return false;
            }

            @Override
            public WriteResult copy(Connection connection) {
                throw new UnsupportedOperationException("a dry run writes by statement only");
            }

            @Override
            public WriteResult upsert(Connection connection) throws SQLException {
                return ShadowWriter.this.upsert(connection, context, collapsed);
            }

            @Override
            public void copyOutcome(boolean succeeded) {
                // no COPY here
            }
        };
    }

    private WriteResult upsert(Connection connection, ImportContext context, DuplicateCollapser.Collapsed collapsed)
            throws SQLException {
        List<PreparedRow> unique = collapsed.rows();
        if (unique.isEmpty()) {
            return collapsed.folded();
        }
        int columnCount = shadow.columnDefinitions().size();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, context.importId());
            for (int c = 0; c < columnCount; c++) {
                String[] column = new String[unique.size()];
                for (int r = 0; r < unique.size(); r++) {
                    column[r] = unique.get(r).values()[c];
                }
                statement.setArray(c + 2, connection.createArrayOf("text", column));
            }
            int changed = statement.executeUpdate();
            return collapsed.folded().plus(new WriteResult(changed, unique.size() - changed));
        }
    }
}
