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
        LOG.info("{} {} '{}' {}: {} read, {} stored, {} duplicate, {} failed in {}s ({} rows/s){}", job.pipeline(),
                job.id(), job.fileName(), job.status().dbValue(), job.rowsRead(), job.rowsStored(), job.rowsDuplicate(),
                job.rowsFailed(), seconds(job), rate(JobView.rowsPerSecond(job, Instant.now())),
                job.lastError() == null ? "" : " - " + job.lastError());
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

    private static String seconds(ImportJob job) {
        if (job.startedAt() == null || job.finishedAt() == null) {
            return "?";
        }
        return String.format("%.1f", Duration.between(job.startedAt(), job.finishedAt()).toMillis() / 1000.0);
    }
}
