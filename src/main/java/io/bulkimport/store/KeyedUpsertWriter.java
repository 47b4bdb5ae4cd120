package io.bulkimport.store;

import io.bulkimport.pipeline.BatchKeys;
import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.PreparedRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Writes batches into a table with a key, honouring the import's duplicate strategy exactly. Batches whose keys
 * are all new go in through COPY (the fastest way into PostgreSQL); a batch that meets an existing key is written
 * by one {@code insert … on conflict} statement instead.
 */
public class KeyedUpsertWriter implements TableWriter {

    private final Map<String, String> statements = new ConcurrentHashMap<>();
    private final Map<ImportContext, CopyAdvisor> advisors = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public BatchWrite prepare(ImportContext context, List<PreparedRow> rows) {
        return prepare(context, rows, true);
    }

    @Override
    public BatchWrite prepareUpsert(ImportContext context, List<PreparedRow> rows) {
        return prepare(context, rows, false);
    }

    private BatchWrite prepare(ImportContext context, List<PreparedRow> rows, boolean mayCopy) {
        PipelineDefinition pipeline = context.pipeline();
        String strategy = context.options().duplicates();
        DuplicateCollapser.Collapsed collapsed = DuplicateCollapser.collapse(rows, keyIndexes(pipeline), strategy);
        CopyAdvisor advisor = advisors.computeIfAbsent(context, c -> new CopyAdvisor());
        boolean copyFirst = mayCopy && !collapsed.rows().isEmpty() && advisor.shouldTry();
        CopyData copyData = copyFirst ? encode(context, collapsed.rows()) : null;
        return new KeyedWrite(context, collapsed, strategy, advisor, copyFirst, copyData);
    }

    private CopyData encode(ImportContext context, List<PreparedRow> rows) {
        CopyEncoder encoder = new CopyEncoder();
        String importId = context.importId().toString();
        for (PreparedRow row : rows) {
            encoder.row(row.values(), importId);
        }
        return encoder.data();
    }

    private static int[] keyIndexes(PipelineDefinition pipeline) {
        List<ColumnDefinition> columns = pipeline.columnDefinitions();
        return IntStream.range(0, columns.size()).filter(i -> columns.get(i).key()).toArray();
    }

    private final class KeyedWrite implements BatchWrite {

        private final ImportContext context;
        private final DuplicateCollapser.Collapsed collapsed;
        private final String strategy;
        private final CopyAdvisor advisor;
        private final boolean copyFirst;
        private final CopyData copyData;

        KeyedWrite(ImportContext context, DuplicateCollapser.Collapsed collapsed, String strategy, CopyAdvisor advisor,
                   boolean copyFirst, CopyData copyData) {
            this.context = context;
            this.collapsed = collapsed;
            this.strategy = strategy;
            this.advisor = advisor;
            this.copyFirst = copyFirst;
            this.copyData = copyData;
        }

        /** Built when asked (once, by the batch's own thread, before it waits for the sequencer's lock). */
        @Override
        public BatchKeys keys() {
            return new BatchKeys(collapsed.keys());
        }

        @Override
        public boolean copyFirst() {
            return copyFirst;
        }

        @Override
        public WriteResult copy(Connection connection) throws SQLException {
            PipelineDefinition pipeline = context.pipeline();
            String sql = statements.computeIfAbsent(pipeline.getName() + "/copy", k -> "copy " + pipeline.getTable() + " ("
                    + pipeline.columnDefinitions().stream().map(ColumnDefinition::name).collect(Collectors.joining(", "))
                    + ", import_id) from stdin");
            CopyIn.copy(connection, sql, copyData);
            return collapsed.folded().plus(new WriteResult(collapsed.rows().size(), 0));
        }

        @Override
        public WriteResult upsert(Connection connection) throws SQLException {
            List<PreparedRow> unique = collapsed.rows();
            if (unique.isEmpty()) {
                return collapsed.folded();
            }
            PipelineDefinition pipeline = context.pipeline();
            // an update or merge saves what it changes, for a rollback, in the same statement
            boolean[] brought = context.broughtColumns();
            String key = pipeline.getName() + "/" + strategy + "/" + UpsertStatement.broughtKey(brought);
            String sql = changesExistingRows(pipeline)
                    ? statements.computeIfAbsent(key + "/before", k -> UpsertStatement.sqlWithBeforeImages(pipeline, strategy, brought))
                    : statements.computeIfAbsent(key, k -> UpsertStatement.sql(pipeline, strategy, brought));
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bindColumns(connection, statement, unique);
                int changed = statement.executeUpdate();
                return collapsed.folded().plus(new WriteResult(changed, unique.size() - changed));
            }
        }

        private boolean changesExistingRows(PipelineDefinition pipeline) {
            return !"skip".equals(strategy) && pipeline.columnDefinitions().stream().anyMatch(c -> !c.key());
        }

        /** The import id, then one text array per column: the parameters of both the upsert and its before-image. */
        private void bindColumns(Connection connection, PreparedStatement statement, List<PreparedRow> rows) throws SQLException {
            int columnCount = context.pipeline().columnDefinitions().size();
            statement.setObject(1, context.importId());
            for (int c = 0; c < columnCount; c++) {
                String[] column = new String[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    column[r] = rows.get(r).values()[c];
                }
                statement.setArray(c + 2, connection.createArrayOf("text", column));
            }
        }

        @Override
        public void copyOutcome(boolean succeeded) {
            if (succeeded) {
                advisor.succeeded();
            } else {
                advisor.conflicted();
            }
        }
    }
}
