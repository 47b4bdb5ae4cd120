package io.bulkimport.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job JSON of the API, with the figures derived from committed progress: percent done, rows per second since
 * the start, and the seconds left at that rate. {@code totalRowsExact} says whether {@code totalRows} is the file's
 * counted rows (taken before the first batch commits whenever the file allows it, DESIGN.md's contract) rather than
 * an estimate from the bytes read so far.
 */
public final class JobView {

    private JobView() {
    }

    public static Map<String, Object> of(ImportJob job, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id().toString());
        m.put("pipeline", job.pipeline());
        m.put("status", job.status().dbValue());
        m.put("fileName", job.fileName());
        m.put("totalRows", job.totalRows());
        m.put("totalRowsExact", job.totalRowsExact());
        m.put("rowsRead", job.rowsRead());
        m.put("rowsStored", job.rowsStored());
        m.put("rowsDuplicate", job.rowsDuplicate());
        m.put("rowsFailed", job.rowsFailed());
        m.put("batchesDone", job.batchesDone());
        m.put("batchesTotal", job.batchesTotal());
        m.put("percent", percent(job));
        Double rate = rowsPerSecond(job, now);
        m.put("rowsPerSecond", rate == null ? null : Math.round(rate * 10) / 10.0);
        m.put("etaSeconds", etaSeconds(job, rate));
        m.put("startedAt", job.startedAt() == null ? null : job.startedAt().toString());
        m.put("finishedAt", job.finishedAt() == null ? null : job.finishedAt().toString());
        m.put("error", job.lastError());
        return m;
    }

    public static double percent(ImportJob job) {
        if (job.status() == ImportStatus.COMPLETED || job.status() == ImportStatus.COMPLETED_WITH_ERRORS) {
            return 100.0;
        }
        if (job.totalRows() == null || job.totalRows() <= 0) {
            return 0.0;
        }
        double p = 100.0 * job.rowsRead() / job.totalRows();
        // an estimate can run short of the truth; never claim done before the job says so
        return Math.round(Math.min(p, 99.9) * 10) / 10.0;
    }

    public static Double rowsPerSecond(ImportJob job, Instant now) {
        if (job.startedAt() == null) {
            return null;
        }
        Instant end = job.finishedAt() != null ? job.finishedAt() : now;
        double seconds = Duration.between(job.startedAt(), end).toMillis() / 1000.0;
        return seconds <= 0 ? null : job.rowsRead() / seconds;
    }

    public static Long etaSeconds(ImportJob job, Double rate) {
        if (job.status().finished()) {
            return 0L;
        }
        if (rate == null || rate <= 0 || job.totalRows() == null) {
            return null;
        }
        return Math.max(0L, Math.round((job.totalRows() - job.rowsRead()) / rate));
    }
}
