package io.bulkimport.store;

import io.bulkimport.progress.ImportStatus;
import io.bulkimport.progress.JobView;
import java.time.Instant;
import java.util.Optional;

/** How fast the pipeline's last real import went: the database side of a dry run's estimate. */
public final class RecentImportRate {

    private RecentImportRate() {
    }

    /** Rows per second of the most recent finished real import of the pipeline, if any. */
    public static Optional<Double> rowsPerSecond(ImportJobRepository jobs, String pipeline) {
        Instant now = Instant.now();
        return jobs.recent(100).stream()
                .filter(j -> j.pipeline().equals(pipeline) && !j.options().dryRun() && j.rowsRead() > 0
                        && (j.status() == ImportStatus.COMPLETED || j.status() == ImportStatus.COMPLETED_WITH_ERRORS))
                .findFirst()
                .map(j -> JobView.rowsPerSecond(j, now))
                .filter(r -> r != null && r > 0);
    }
}
