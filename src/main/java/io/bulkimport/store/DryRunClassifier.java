package io.bulkimport.store;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.PreparedRow;
import io.bulkimport.pipeline.RowError;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The store stage of a dry run: tells what the real import would do with a batch's valid rows against the live
 * table, without writing to it. The batch is played into the dry run's {@link ShadowTable} by the real import's own
 * folding and statement ({@link ShadowWriter}), refused rows isolated as the real import isolates them
 * ({@link BadRowIsolation}), so its counts are the real import's on an unchanged table; a catch-all pipeline inserts
 * every row. Called in the batch's turn (batches in file order) inside the batch's transaction, so a batch replayed
 * after a failure leaves no trace of its first attempt. Also keeps the preview's {@link DryRunSample}.
 */
public class DryRunClassifier {

    private final Map<ImportContext, DryRunSample> samples = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<ImportContext, Integer> savedVersions = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * A batch classified: its counts, the rows the database would refuse, and the sample to save with the batch
     * (null when it did not change since it was last saved).
     */
    public record Classified(DryRunCounts counts, List<RowError> refused, Map<String, Object> sample, int sampleVersion) {
    }

    /** Classifies the batch's valid rows; a database failure that is not about a row is thrown, as a real write's is. */
    public Classified classify(Connection c, Batch batch) throws SQLException {
        ImportContext context = batch.context();
        PipelineDefinition live = context.pipeline();
        DryRunSample sample = samples.computeIfAbsent(context, k -> new DryRunSample(live.columnDefinitions()));
        sample.addRows(batch.valid());
        if (live.schemaless()) {
            // rows without a business key: each one is a new row
            long rows = batch.valid().size();
            return classified(context, sample, DryRunCounts.of(new WriteResult(rows, 0), rows, batch.failedRowCount()), List.of());
        }
        String strategy = context.options().duplicates();
        ShadowTable shadow = ShadowTable.of(context.importId(), live);
        shadow.create(c);
        int[] keyIndexes = ShadowWriter.keyIndexes(live);
        List<PreparedRow> unique = DuplicateCollapser.collapse(batch.valid(), keyIndexes, strategy).rows();
        shadow.seed(c, unique);
        boolean changesWanted = !"skip".equals(strategy) && sample.wantsChanges();
        Map<Integer, String[]> before = shadow.existing(c, unique, changesWanted);
        Set<Object> existingKeys = new HashSet<>();
        before.keySet().forEach(i -> existingKeys.add(DuplicateCollapser.key(unique.get(i), keyIndexes)));

        ShadowWriter writer = new ShadowWriter(shadow.pipeline(), strategy, context.broughtColumns());
        Write write = write(c, writer, context, batch.valid());

        Set<Long> refusedRows = new HashSet<>();
        write.refused().forEach(e -> refusedRows.add(e.rowNumber()));
        Set<Object> inserted = new HashSet<>();
        for (PreparedRow row : batch.valid()) {
            Object key = DuplicateCollapser.key(row, keyIndexes);
            if (!refusedRows.contains(row.rowNumber()) && !existingKeys.contains(key)) {
                inserted.add(key);
            }
        }
        if (changesWanted && !before.isEmpty()) {
            Map<Integer, String[]> after = shadow.existing(c, unique, true);
            before.keySet().stream().sorted().forEach(i -> sample.addChange(unique.get(i).rowNumber(), before.get(i), after.get(i)));
        }
        sample.addRefused(write.refused());
        return classified(context, sample, DryRunCounts.of(write.result(), inserted.size(), batch.failedRowCount()), write.refused());
    }

    /** The batch committed: its sample is saved. */
    public void committed(Batch batch, Classified classified) {
        savedVersions.put(batch.context(), classified.sampleVersion());
    }

    private Classified classified(ImportContext context, DryRunSample sample, DryRunCounts counts, List<RowError> refused) {
        int version = sample.version();
        boolean changed = !Integer.valueOf(version).equals(savedVersions.get(context));
        return new Classified(counts, refused, changed ? sample.asMap() : null, version);
    }

    /** What writing the batch returned, and the rows the database refused (the real import's BatchStore.writeRows). */
    private record Write(WriteResult result, List<RowError> refused) {
    }

    private static Write write(Connection c, ShadowWriter writer, ImportContext context, List<PreparedRow> rows)
            throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            WriteResult result = writer.prepare(context, rows).upsert(c);
            c.releaseSavepoint(savepoint);
            return new Write(result, List.of());
        } catch (SQLException e) {
            if (!BadRowIsolation.isRowLevel(e)) {
                throw e;
            }
            c.rollback(savepoint);
        }
        BadRowIsolation isolation = BadRowIsolation.run(c, writer, context, rows);
        return new Write(isolation.written().plus(new WriteResult(0, 0, isolation.refused().size())), isolation.refused());
    }
}
