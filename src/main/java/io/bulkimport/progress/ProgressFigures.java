package io.bulkimport.progress;

import java.time.Instant;

/**
 * The figures the job JSON derives from progress: {@code percent}, {@code rowsPerSecond}, {@code etaSeconds}. For an
 * import running here they come from {@link ImportProgress} (work in flight counted, a recent rate); for any other
 * job from its committed counters (a finished job: its average rate over the whole import).
 */
public record ProgressFigures(double percent, Double rowsPerSecond, Double etaSeconds) {

    /** The highest percent a job shows before it has finished: never 100 while rows may still fail or be added. */
    static final double RUNNING_MAX = 99.9;

    /** From the committed counters alone, as the job row has them. */
    public static ProgressFigures committed(ImportJob job, Instant now) {
        Double rate = JobView.rowsPerSecond(job, now);
        return new ProgressFigures(JobView.percent(job), rate, JobView.etaSeconds(job, rate));
    }

    /**
     * Share of {@code total} that {@code done} is, 0-99.9 in tenths; 100 only for a completed job, or for one rolled
     * back after it had read every row (it ran to its end before it was undone: its percent does not go back).
     */
    static double percent(ImportStatus status, Long total, double done) {
        if (status == ImportStatus.COMPLETED || status == ImportStatus.COMPLETED_WITH_ERRORS
                || status == ImportStatus.ROLLED_BACK && total != null && done >= total) {
            return 100.0;
        }
        if (total == null || total <= 0) {
            return 0.0;
        }
        // an estimated total can run short of the truth; never claim done before the job says so
        return Math.round(Math.min(100.0 * done / total, RUNNING_MAX) * 10) / 10.0;
    }

    /**
     * Seconds until {@code total} rows are done at {@code rate}, in tenths; 0 once finished, null when unknown.
     * Tenths, not whole seconds: near the end of a short import (a 1M-row CSV takes 7-10 s) one second of rounding
     * was a fifth to a half of the answer (docs/benchmarks.md, "ETA accuracy").
     */
    static Double etaSeconds(ImportStatus status, Long total, double done, Double rate) {
        if (status.finished()) {
            return 0.0;
        }
        if (rate == null || rate <= 0 || total == null) {
            return null;
        }
        return Math.max(0, Math.round((total - done) / rate * 10)) / 10.0;
    }
}
