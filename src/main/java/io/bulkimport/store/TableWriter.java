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
}
