package io.bulkimport.progress;

import io.bulkimport.pipeline.StageProgress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The progress of the imports this instance is running, kept in memory: {@code GET /api/imports/{id}}, the event
 * stream, the console line and the gauges answer from here without a database round trip while the import keeps
 * the database busy. Each batch adds here what it added to its job row, after its commit; the slow stage of a
 * pipeline adds the work it has done on batches not committed yet ({@link StageProgress}); a finished import is
 * answered from the database again.
 */
public class LiveProgress {

    /** The rate window when none is configured ({@code import.eta-window-seconds}). */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);

    private final Map<UUID, ImportProgress> jobs = new ConcurrentHashMap<>();
    private final Duration window;
    private final LongSupplier clock;

    public LiveProgress() {
        this(DEFAULT_WINDOW, System::nanoTime);
    }

    /** @param clock nanoseconds, as {@link System#nanoTime()} */
    public LiveProgress(Duration window, LongSupplier clock) {
        this.window = window;
        this.clock = clock;
    }

    /** The job row as it is when the import starts running: the rate is measured from here. */
    public void started(ImportJob job) {
        jobs.put(job.id(), new ImportProgress(job, window, clock.getAsLong()));
    }

    /** What one committed batch added to the job's counters (the same numbers its transaction added). */
    public void committed(UUID id, int batchNo, long read, long stored, long duplicate, long failed) {
        ImportProgress progress = jobs.get(id);
        if (progress != null) {
            progress.committed(batchNo, read, stored, duplicate, failed, clock.getAsLong());
        }
    }

    /** A new estimate of the total, as the job row takes it (only while the total is not exact). */
    public void estimated(UUID id, long totalRows, int batchesTotal) {
        ImportProgress progress = jobs.get(id);
        if (progress != null) {
            progress.estimated(totalRows, batchesTotal);
        }
    }

    /** Where the slow stage of import {@code id} reports its work on batches in flight. */
    public StageProgress stageProgress(UUID id) {
        return new StageProgress() {
            @Override
            public void planned(int batchNo, int rows, int units) {
                ImportProgress progress = jobs.get(id);
                if (progress != null) {
                    progress.planned(batchNo, rows, units, clock.getAsLong());
                }
            }

            @Override
            public void finished(int batchNo, int units) {
                ImportProgress progress = jobs.get(id);
                if (progress != null) {
                    progress.finished(batchNo, units, clock.getAsLong());
                }
            }
        };
    }

    /** The import stopped running here: from now on its row in the database is the answer. */
    public void ended(UUID id) {
        jobs.remove(id);
    }

    /** The job as committed so far, if it runs here. */
    public Optional<ImportJob> find(UUID id) {
        return Optional.ofNullable(jobs.get(id)).map(ImportProgress::job);
    }

    /** The job as committed so far and its figures now (work in flight counted), if it runs here. */
    public Optional<ProgressSnapshot> snapshot(UUID id) {
        return Optional.ofNullable(jobs.get(id)).map(p -> p.snapshot(clock.getAsLong()));
    }

    /** Snapshots of the running imports of one pipeline (for its gauges). */
    List<ProgressSnapshot> snapshots(String pipeline) {
        long now = clock.getAsLong();
        return jobs.values().stream().map(p -> p.snapshot(now)).filter(s -> s.job().pipeline().equals(pipeline)).toList();
    }
}
