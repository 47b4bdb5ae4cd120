package io.bulkimport.api;

import io.bulkimport.progress.ImportJob;
import io.bulkimport.store.DryRunCounts;
import io.bulkimport.store.DryRunRepository;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job JSON's dry-run fields: on a dry run {@code wouldInsert, wouldUpdate, wouldLeaveUnchanged, wouldFail} (what
 * the real import would do against the live table, counted so far), {@code fileKeptUntil} (until when it can be
 * executed; null once its file is gone) and {@code executedAs} (the import executed from it); on an import executed
 * from a dry run, {@code dryRunId}.
 */
final class DryRunFields {

    private DryRunFields() {
    }

    static Map<String, Object> add(Map<String, Object> view, ImportJob job, DryRunRepository.Figures figures) {
        Map<String, Object> m = new LinkedHashMap<>(view);
        if (job.options().dryRun()) {
            DryRunCounts counts = figures == null || figures.counts() == null ? DryRunCounts.NONE : figures.counts();
            m.putAll(counts.asMap());
            m.put("fileKeptUntil", figures == null || figures.fileKeptUntil() == null ? null : figures.fileKeptUntil().toString());
            m.put("executedAs", figures == null || figures.executedAs() == null ? null : figures.executedAs().toString());
        }
        if (figures != null && figures.dryRunId() != null) {
            m.put("dryRunId", figures.dryRunId().toString());
        }
        return m;
    }
}
