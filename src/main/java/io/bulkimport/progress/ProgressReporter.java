package io.bulkimport.progress;

import io.bulkimport.pipeline.ImportContext;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints one console line per running import every few seconds, with the same percent, rate and ETA as the job
 * JSON, and a summary line when one ends.
 */
public class ProgressReporter {

    private static final Logger LOG = LoggerFactory.getLogger("progress");

    private final ActiveImports active;

    public ProgressReporter(ActiveImports active) {
        this.active = active;
    }

    public void report() {
        for (ImportContext context : active.all()) {
            active.progress().snapshot(context.importId()).ifPresent(s -> LOG.info(line(s)));
        }
    }

    public void summary(ImportJob job) {
        LOG.info(summaryLine(job, Instant.now()));
    }

    /**
     * {@code contacts <id> 'people.csv' completed: 56 read, 56 stored, 0 duplicate, 0 failed in 0.04s (1,400 rows/s)}:
     * seconds to two places under 10 s (a small file takes less than a tenth), and no time at all for an import
     * that never ran (one refused before its first row has no start).
     */
    static String summaryLine(ImportJob job, Instant now) {
        String timing = job.startedAt() == null || job.finishedAt() == null ? ""
                : " in " + seconds(Duration.between(job.startedAt(), job.finishedAt())) + "s ("
                        + rate(JobView.rowsPerSecond(job, now)) + " rows/s)";
        return String.format("%s %s '%s' %s: %,d read, %,d stored, %,d duplicate, %,d failed%s%s", job.pipeline(),
                job.id(), job.fileName(), job.status().dbValue(), job.rowsRead(), job.rowsStored(), job.rowsDuplicate(),
                job.rowsFailed(), timing, job.lastError() == null ? "" : " - " + job.lastError());
    }

    /**
     * {@code users 'u.csv'  56.3%  1,407/2,500 rows done, 1,300 committed  7 rows/s  ETA 2m 36s}: rows done count
     * the finished share of batches in flight, as percent and ETA do.
     */
    static String line(ProgressSnapshot snapshot) {
        ImportJob job = snapshot.job();
        ProgressFigures figures = snapshot.figures();
        return String.format("%s '%s' %5.1f%%  %,d/%s rows done, %,d committed  %s rows/s  ETA %s", job.pipeline(),
                job.fileName(), figures.percent(), (long) Math.floor(snapshot.rowsDone()),
                job.totalRows() == null ? "?" : String.format("%,d", job.totalRows()), job.rowsRead(),
                rate(figures.rowsPerSecond()), duration(figures.etaSeconds()));
    }

    /** {@code 45s}, {@code 3m 20s}, {@code 2h 05m}; {@code ?} when unknown. */
    static String duration(Double eta) {
        if (eta == null) {
            return "?";
        }
        long seconds = Math.round(eta);
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh %02dm", seconds / 3600, seconds % 3600 / 60);
    }

    private static String rate(Double rate) {
        return rate == null ? "?" : String.format("%,.0f", rate);
    }

    private static String seconds(Duration took) {
        double seconds = took.toMillis() / 1000.0;
        return String.format(seconds < 10 ? "%.2f" : "%.1f", seconds);
    }
}
