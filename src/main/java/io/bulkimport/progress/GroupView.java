package io.bulkimport.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The group JSON of {@code GET /api/groups/{id}} (issue #14): {@code id, pipeline, status, filesTotal, filesDone,
 * filesFailed, rowsRead, rowsStored, rowsDuplicate, rowsFailed, percent, rowsPerSecond, etaSeconds, startedAt,
 * finishedAt, imports}, every figure made from its files' jobs.
 *
 * <ul>
 *   <li>{@code filesDone}: files that ended {@code completed} or {@code completed_with_errors} (a file reported as a
 *       duplicate counts: its bytes are in); {@code filesFailed}: files that ended {@code failed}.</li>
 *   <li>{@code percent}: rows read over rows read plus rows still to read (and those a cancelled file never read);
 *       a file whose total is not known yet (a
 *       workbook not opened) is reckoned from its size at the bytes per row of the files whose totals are known. Never
 *       100 before the group is {@code completed} or {@code completed_with_errors} (as {@link ProgressFigures}).</li>
 *   <li>{@code rowsPerSecond}: while it runs, the rate over the recent window {@link GroupRates} gives (rows read
 *       since its first file started over the time since, when none is given); once ended, the rows read over the
 *       time from its first file's start to its end. {@code etaSeconds} the rows still to read at that rate, in
 *       tenths; 0 once ended, null when unknown.</li>
 * </ul>
 */
public final class GroupView {

    private GroupView() {
    }

    /**
     * @param id          the group
     * @param storedStatus the status its row has ({@code running}, or a final one once it ended or a person said)
     * @param jobs        its files' jobs, as they are now (live counters where they run here)
     * @param duplicateOf for each job that repeats earlier bytes, the job that has them
     * @param jobView     the job JSON of one file, as {@code GET /api/imports/{id}} shows it
     * @param recentRate  while it runs, its rows/s over the recent window from (startedAt, rowsRead), e.g.
     *                    {@link GroupRates#rowsPerSecond}; null, or a null answer: the average since the start
     */
    public static Map<String, Object> of(UUID id, String pipeline, String storedStatus, Instant finishedAt,
                                         List<ImportJob> jobs, Map<UUID, UUID> duplicateOf,
                                         Function<ImportJob, Map<String, Object>> jobView, Instant now,
                                         java.util.function.BiFunction<Instant, Long, Double> recentRate) {
        String status = status(storedStatus, jobs);
        boolean running = "running".equals(status) || jobs.stream().anyMatch(j -> !j.status().finished());
        Instant startedAt = jobs.stream().map(ImportJob::startedAt).filter(t -> t != null).min(Instant::compareTo).orElse(null);
        long read = sum(jobs, ImportJob::rowsRead);
        Double remaining = rowsToRead(jobs);
        Double recent = running && recentRate != null ? recentRate.apply(startedAt, read) : null;
        Double rate = recent != null ? recent : rate(read, startedAt, running ? now : (finishedAt != null ? finishedAt : now));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id.toString());
        m.put("pipeline", pipeline);
        m.put("status", status);
        m.put("filesTotal", jobs.size());
        m.put("filesDone", jobs.stream().filter(j -> j.status() == ImportStatus.COMPLETED
                || j.status() == ImportStatus.COMPLETED_WITH_ERRORS).count());
        m.put("filesFailed", jobs.stream().filter(j -> j.status() == ImportStatus.FAILED).count());
        m.put("rowsRead", read);
        m.put("rowsStored", sum(jobs, ImportJob::rowsStored));
        m.put("rowsDuplicate", sum(jobs, ImportJob::rowsDuplicate));
        m.put("rowsFailed", sum(jobs, ImportJob::rowsFailed));
        m.put("percent", percent(status, running, read, remaining, jobs));
        m.put("rowsPerSecond", rate == null ? null : Math.round(rate * 10) / 10.0);
        m.put("etaSeconds", !running ? Double.valueOf(0.0)
                : rate == null || rate <= 0 || remaining == null ? null : Math.round(remaining / rate * 10) / 10.0);
        m.put("startedAt", startedAt == null ? null : startedAt.toString());
        m.put("finishedAt", running || finishedAt == null ? null : finishedAt.toString());
        m.put("imports", jobs.stream().map(j -> {
            Map<String, Object> view = new LinkedHashMap<>(jobView.apply(j));
            UUID of = duplicateOf.get(j.id());
            view.put("duplicateOf", of == null ? null : of.toString());
            return view;
        }).toList());
        return m;
    }

    /**
     * The group's status: a person's {@code cancelled} or {@code rolled_back} stands; {@code running} while a file is
     * queued or running; then the stored final status, or the one its files make: {@code failed} when every file
     * failed (or it has none), {@code completed_with_errors} when a file failed, was cancelled or rolled back, or rows
     * failed, else {@code completed}.
     */
    public static String status(String storedStatus, Collection<ImportJob> jobs) {
        if ("cancelled".equals(storedStatus) || "rolled_back".equals(storedStatus)) {
            return storedStatus;
        }
        if (jobs.stream().anyMatch(j -> !j.status().finished())) {
            return "running";
        }
        if (storedStatus != null && !"running".equals(storedStatus)) {
            return storedStatus;
        }
        return endStatus(jobs);
    }

    /** The status a group whose files have all ended takes from them ({@link #status}). */
    public static String endStatus(Collection<ImportJob> jobs) {
        if (jobs.isEmpty() || jobs.stream().allMatch(j -> j.status() == ImportStatus.FAILED)) {
            return "failed";
        }
        boolean flawed = jobs.stream().anyMatch(j -> j.rowsFailed() > 0 || j.status() != ImportStatus.COMPLETED);
        return flawed ? "completed_with_errors" : "completed";
    }

    /** Rows its unfinished files still have to read; null when one's total cannot be reckoned. */
    static Double rowsToRead(List<ImportJob> jobs) {
        long knownRows = 0;
        long knownBytes = 0;
        for (ImportJob j : jobs) {
            if (j.totalRows() != null && j.totalRowsExact() && j.sizeBytes() > 0) {
                knownRows += j.totalRows();
                knownBytes += j.sizeBytes();
            }
        }
        double rowsPerByte = knownBytes == 0 ? Double.NaN : (double) knownRows / knownBytes;
        double left = 0;
        for (ImportJob j : jobs) {
            if (j.status().finished()) {
                continue;
            }
            if (j.totalRows() != null) {
                left += Math.max(0, j.totalRows() - j.rowsRead());
            } else if (Double.isNaN(rowsPerByte)) {
                return null;
            } else {
                left += j.sizeBytes() * rowsPerByte;
            }
        }
        return left;
    }

    private static double percent(String status, boolean running, long read, Double remaining, List<ImportJob> jobs) {
        // a cancelled file's rows it never read stay unread: a cancelled group shows how far it got, not 99.9
        long neverRead = jobs.stream().filter(j -> j.status() == ImportStatus.CANCELLED && j.totalRows() != null)
                .mapToLong(j -> Math.max(0, j.totalRows() - j.rowsRead())).sum();
        if (!running && ("completed".equals(status) || "completed_with_errors".equals(status)
                || ("rolled_back".equals(status) && neverRead == 0))) {
            return 100.0;   // a rolled-back group read all it would read, as a rolled-back import shows
        }
        double share;
        if (remaining != null) {
            share = read + remaining + neverRead <= 0 ? 0 : read / (read + remaining + neverRead);
        } else {
            share = jobs.isEmpty() ? 0 : (double) jobs.stream().filter(j -> j.status().finished()).count() / jobs.size();
        }
        return Math.round(Math.min(100.0 * share, ProgressFigures.RUNNING_MAX) * 10) / 10.0;
    }

    private static Double rate(long read, Instant startedAt, Instant end) {
        if (startedAt == null) {
            return null;
        }
        double seconds = Duration.between(startedAt, end).toMillis() / 1000.0;
        return seconds <= 0 ? null : read / seconds;
    }

    private static long sum(List<ImportJob> jobs, java.util.function.ToLongFunction<ImportJob> figure) {
        return jobs.stream().mapToLong(figure).sum();
    }
}
