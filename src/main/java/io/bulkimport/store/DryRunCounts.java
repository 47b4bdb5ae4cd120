package io.bulkimport.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a dry run found the real import would do against the live table, with the counters the real import keeps:
 * {@code wouldInsert + wouldUpdate} = its {@code rowsStored}, {@code wouldLeaveUnchanged} = its {@code rowsDuplicate},
 * {@code wouldFail} = its {@code rowsFailed} (DESIGN.md: stored = inserted or changed; duplicate = left alone because
 * its key already existed, in the table or earlier in the file).
 */
public record DryRunCounts(long wouldInsert, long wouldUpdate, long wouldLeaveUnchanged, long wouldFail) {

    public static final DryRunCounts NONE = new DryRunCounts(0, 0, 0, 0);

    /**
     * Splits what the import's own write of a batch returns into inserts and updates.
     *
     * @param written           the write's result, by the same statement and folding the real import uses
     * @param inserts           keys the batch would create: not in the table (nor written by an earlier batch) and
     *                          written by at least one row the database did not refuse
     * @param failedBeforeStore rows an earlier stage (validate, a custom step) failed
     * @throws IllegalArgumentException when {@code inserts} exceeds the rows stored (a caller's bug)
     */
    public static DryRunCounts of(WriteResult written, long inserts, long failedBeforeStore) {
        if (inserts > written.stored()) {
            throw new IllegalArgumentException(inserts + " inserts but only " + written.stored() + " rows stored");
        }
        return new DryRunCounts(inserts, written.stored() - inserts, written.duplicate(), failedBeforeStore + written.refused());
    }

    public DryRunCounts plus(DryRunCounts other) {
        return new DryRunCounts(wouldInsert + other.wouldInsert, wouldUpdate + other.wouldUpdate,
                wouldLeaveUnchanged + other.wouldLeaveUnchanged, wouldFail + other.wouldFail);
    }

    /** The fields of the job JSON. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wouldInsert", wouldInsert);
        m.put("wouldUpdate", wouldUpdate);
        m.put("wouldLeaveUnchanged", wouldLeaveUnchanged);
        m.put("wouldFail", wouldFail);
        return m;
    }
}
