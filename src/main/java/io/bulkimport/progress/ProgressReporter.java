package io.bulkimport.progress;

import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.store.ImportJobRepository;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Prints one console line per running import every few seconds, and a summary line when one ends. */
public class ProgressReporter {

    private static final Logger LOG = LoggerFactory.getLogger("progress");

    private final ActiveImports active;
    private final ImportJobRepository jobs;

    public ProgressReporter(ActiveImports active, ImportJobRepository jobs) {
        this.active = active;
        this.jobs = jobs;
    }

    public void report() {
        for (ImportContext context : active.all()) {
            jobs.find(context.importId()).ifPresent(job -> LOG.info(line(job, Instant.now())));
        }
    }

    public void summary(ImportJob job) {
        LOG.info("{} {} '{}' {}: {} read, {} stored, {} duplicate, {} failed in {}s ({} rows/s){}", job.pipeline(),
                job.id(), job.fileName(), job.status().dbValue(), job.rowsRead(), job.rowsStored(), job.rowsDuplicate(),
                job.rowsFailed(), seconds(job), rate(JobView.rowsPerSecond(job, Instant.now())),
                job.lastError() == null ? "" : " - " + job.lastError());
    }

    static String line(ImportJob job, Instant now) {
        Double rate = JobView.rowsPerSecond(job, now);
        Long eta = JobView.etaSeconds(job, rate);
        return String.format("%s '%s' %5.1f%%  %,d/%s rows  %s rows/s  ETA %s", job.pipeline(), job.fileName(),
                JobView.percent(job), job.rowsRead(), job.totalRows() == null ? "?" : String.format("%,d", job.totalRows()),
                rate(rate), eta == null ? "?" : eta + "s");
    }

    private static String rate(Double rate) {
        return rate == null ? "?" : String.format("%,.0f", rate);
    }

    private static String seconds(ImportJob job) {
        if (job.startedAt() == null || job.finishedAt() == null) {
            return "?";
        }
        return String.format("%.1f", java.time.Duration.between(job.startedAt(), job.finishedAt()).toMillis() / 1000.0);
    }
}
