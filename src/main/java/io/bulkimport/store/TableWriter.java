package io.bulkimport.store;

import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.pipeline.PreparedRow;
import java.util.List;

/**
 * Turns one batch's valid rows into a {@link BatchWrite} for the pipeline's table. Preparing is CPU work done in
 * parallel, before the batch's turn to commit comes; only the database work waits for the turn.
 */
public interface TableWriter {

    BatchWrite prepare(ImportContext context, List<PreparedRow> rows);

    /** The same, for the statement path only (used while isolating a bad row: no COPY attempt, no advice taken). */
    default BatchWrite prepareUpsert(ImportContext context, List<PreparedRow> rows) {
        return prepare(context, rows);
    }
}
