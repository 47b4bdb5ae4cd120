package io.bulkimport.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job JSON of the API: the job row plus the figures derived from its progress ({@link ProgressFigures}). The
 * static figures here are the committed ones, for a job that is not running here: percent committed, rows per
 * second since the start (a finished job: over the whole import), and the seconds left at that rate.
 * {@code totalRowsExact} says whether {@code totalRows} is the file's counted rows (taken before the first batch
 * commits whenever the file allows it, DESIGN.md's contract) rather than an estimate from the bytes read so far.
 */
public final class JobView {

    private JobView() {
    }

    /** A job not running here (finished, queued, or run by another instance): figures from its committed counters. */
    public static Map<String, Object> of(ImportJob job, Instant now) {
        return of(job, ProgressFigures.committed(job, now));
    }

    public static Map<String, Object> of(ImportJob job, ProgressFigures figures) {
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
        m.put("percent", figures.percent());
        Double rate = figures.rowsPerSecond();
        m.put("rowsPerSecond", rate == null ? null : Math.round(rate * 10) / 10.0);
        m.put("etaSeconds", figures.etaSeconds());
        m.put("startedAt", job.startedAt() == null ? null : job.startedAt().toString());
        m.put("finishedAt", job.finishedAt() == null ? null : job.finishedAt().toString());
        m.put("error", job.lastError());
        return m;
    }

    public static double percent(ImportJob job) {
        return ProgressFigures.percent(job.status(), job.totalRows(), job.rowsRead());
    }

    public static Double rowsPerSecond(ImportJob job, Instant now) {
        if (job.startedAt() == null) {
            return null;
        }
        Instant end = job.finishedAt() != null ? job.finishedAt() : now;
        double seconds = Duration.between(job.startedAt(), end).toMillis() / 1000.0;
        return seconds <= 0 ? null : job.rowsRead() / seconds;
    }

    /** Seconds left at {@code rate} rows/s, in tenths ({@link ProgressFigures#etaSeconds}); null when unknown. */
    public static Double etaSeconds(ImportJob job, Double rate) {
        return ProgressFigures.etaSeconds(job.status(), job.totalRows(), job.rowsRead(), rate);
    }
}
