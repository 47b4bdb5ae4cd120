package io.bulkimport.progress;

import java.util.Map;

/**
 * An import running here, as of one moment: its job row as committed, its figures (work in flight counted), and
 * the rows done behind them (committed plus the finished share of batches in flight).
 */
public record ProgressSnapshot(ImportJob job, ProgressFigures figures, double rowsDone) {

    /** The job JSON of the API. */
    public Map<String, Object> view() {
        return JobView.of(job, figures);
    }
}
