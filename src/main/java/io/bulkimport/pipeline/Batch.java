package io.bulkimport.pipeline;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.bulkimport.parse.Row;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A numbered slice of one import's rows on its way through the stages. {@code (importId, batchNo)} identifies it
 * everywhere, including its checkpoint. Its JSON form, for steps that send it to other services, is {@link BatchJson}.
 */
@JsonSerialize(using = BatchJson.Serializer.class)
public final class Batch {

    private final ImportContext context;
    private final int batchNo;
    private final List<Row> rows;
    private final List<PreparedRow> valid = new ArrayList<>();
    private final List<RowError> errors = new ArrayList<>();
    private final Set<Long> failedRows = new HashSet<>();
    private boolean validated;

    public Batch(ImportContext context, int batchNo, List<Row> rows) {
        this.context = context;
        this.batchNo = batchNo;
        this.rows = List.copyOf(rows);
    }

    public ImportContext context() {
        return context;
    }

    public int batchNo() {
        return batchNo;
    }

    public List<Row> rows() {
        return rows;
    }

    public long firstRow() {
        return rows.isEmpty() ? 0 : rows.get(0).rowNumber();
    }

    public long lastRow() {
        return rows.isEmpty() ? 0 : rows.get(rows.size() - 1).rowNumber();
    }

    /**
     * Marks the batch validated, once.
     *
     * @return true the first time, false when it was validated before: a stage list that redelivers a building
     *         block after a later step of the block failed runs the block's validation again, which must not add
     *         the rows a second time
     */
    public synchronized boolean markValidated() {
        boolean first = !validated;
        validated = true;
        return first;
    }

    public List<PreparedRow> valid() {
        return valid;
    }

    public List<RowError> errors() {
        return errors;
    }

    /** Records an error; the row counts as failed once, however many of its cells are wrong. */
    public void reject(RowError error) {
        errors.add(error);
        failedRows.add(error.rowNumber());
    }

    public int failedRowCount() {
        return failedRows.size();
    }

    /**
     * The stage working on this batch has {@code units} pieces of work for it ({@link StageProgress}). Not reported
     * for a batch committed before this run began (a resumed import reads it again but does not store it).
     */
    public void workPlanned(int units) {
        if (!context.sequencer().committed(batchNo)) {
            context.stageProgress().planned(batchNo, rows.size(), units);
        }
    }

    /** {@code units} more pieces of this batch's work are finished. */
    public void workFinished(int units) {
        if (units > 0 && !context.sequencer().committed(batchNo)) {
            context.stageProgress().finished(batchNo, units);
        }
    }
}
