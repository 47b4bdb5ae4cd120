package io.bulkimport.progress;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The progress of one import running here: its job row as committed so far, the work its slow stage has finished
 * in batches not committed yet, and the rate of the two together over a recent window. Out come the job and its
 * figures: percent and ETA count the work in flight, the job's counters only what is committed.
 *
 * <p>Rows done = rows committed + for each batch in flight, its rows × its stage's share of work done. Percent
 * never goes backwards (a grown estimate of the total, a batch a stage starts again) and stays at most 99.9 until
 * the job has finished. Thread-safe: the stages, the committing batches and the readers share one lock. Issue #11.
 */
final class ImportProgress {

    /** The rows of a batch in flight and how much of its slow stage's work is done. */
    private static final class InFlight {
        private final int rows;
        private final int units;
        private int unitsDone;

        InFlight(int rows, int units) {
            this.rows = rows;
            this.units = units;
        }

        double rowsDone() {
            return units == 0 ? rows : (double) rows * Math.min(unitsDone, units) / units;
        }
    }

    private ImportJob job;
    private final Map<Integer, InFlight> inFlight = new HashMap<>();
    private final RateWindow window;
    private double percentShown;

    ImportProgress(ImportJob job, Duration window, long nowNanos) {
        this.job = job;
        this.window = new RateWindow(window, nowNanos, job.rowsRead());
    }

    synchronized ImportJob job() {
        return job;
    }

    synchronized void planned(int batchNo, int rows, int units, long nowNanos) {
        inFlight.put(batchNo, new InFlight(rows, Math.max(0, units)));
        window.record(nowNanos, rowsDone());
    }

    synchronized void finished(int batchNo, int units, long nowNanos) {
        InFlight batch = inFlight.get(batchNo);
        if (batch != null) {
            batch.unitsDone += units;
            window.record(nowNanos, rowsDone());
        }
    }

    /** A batch committed: its rows move from in flight to the job's counters. */
    synchronized void committed(int batchNo, long read, long stored, long duplicate, long failed, long nowNanos) {
        inFlight.remove(batchNo);
        job = job.plusBatch(read, stored, duplicate, failed);
        window.record(nowNanos, rowsDone());
    }

    synchronized void estimated(long totalRows, int batchesTotal) {
        if (!job.totalRowsExact()) {
            job = job.withEstimate(totalRows, batchesTotal);
        }
    }

    /** The job as committed, with its figures as of {@code nowNanos}. */
    synchronized ProgressSnapshot snapshot(long nowNanos) {
        double done = rowsDone();
        percentShown = Math.max(percentShown, ProgressFigures.percent(job.status(), job.totalRows(), done));
        Double rate = window.rowsPerSecond(nowNanos);
        return new ProgressSnapshot(job, new ProgressFigures(percentShown, rate,
                ProgressFigures.etaSeconds(job.status(), job.totalRows(), done, rate)), done);
    }

    private double rowsDone() {
        double done = job.rowsRead();
        for (InFlight batch : inFlight.values()) {
            done += batch.rowsDone();
        }
        return done;
    }
}
