package io.bulkimport.progress;

import java.util.List;

/**
 * One pipeline's figures from its running imports, for the gauges: the ETA is the longest of their ETAs (when the
 * last of them ends), the percent their percents weighted by total rows. NaN when none runs, or when one of them has
 * no ETA yet. Per pipeline, not per import: an import id as a label would grow the metrics without bound.
 *
 * <p>Groups of files (DESIGN.md) do not exist yet. When they do, a group's ETA belongs here too, from its imports'
 * snapshots: the rows left in all its files (queued ones included) over the rate of its running imports, since
 * files wait for {@code import.max-concurrent-files}; not the longest ETA of the running ones.
 */
final class PipelineProgress {

    private PipelineProgress() {
    }

    static double etaSeconds(List<ProgressSnapshot> running) {
        double eta = running.isEmpty() ? Double.NaN : 0;
        for (ProgressSnapshot s : running) {
            Double seconds = s.figures().etaSeconds();
            if (seconds == null) {
                return Double.NaN;
            }
            eta = Math.max(eta, seconds);
        }
        return eta;
    }

    static double percent(List<ProgressSnapshot> running) {
        if (running.isEmpty()) {
            return Double.NaN;
        }
        double weighted = 0;
        double rows = 0;
        double plain = 0;
        for (ProgressSnapshot s : running) {
            Long total = s.job().totalRows();
            plain += s.figures().percent();
            if (total != null && total > 0) {
                weighted += s.figures().percent() * total;
                rows += total;
            }
        }
        return rows > 0 ? Math.round(weighted / rows * 10) / 10.0 : plain / running.size();
    }
}
