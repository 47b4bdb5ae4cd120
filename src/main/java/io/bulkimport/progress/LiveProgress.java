package io.bulkimport.progress;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The committed progress of the imports this instance is running, kept in memory: {@code GET /api/imports/{id}}
 * answers from here without a database round trip while the import keeps the database busy. Each batch adds here
 * what it added to its job row, after its commit; a finished import is answered from the database again.
 */
public class LiveProgress {

    private final Map<UUID, ImportJob> jobs = new ConcurrentHashMap<>();

    /** The job row as it is when the import starts running. */
    public void started(ImportJob job) {
        jobs.put(job.id(), job);
    }

    /** What one committed batch added to the job's counters (the same numbers its transaction added). */
    public void committed(UUID id, long read, long stored, long duplicate, long failed) {
        jobs.computeIfPresent(id, (key, job) -> job.plusBatch(read, stored, duplicate, failed));
    }

    /** A new estimate of the total, as the job row takes it (only while the total is not exact). */
    public void estimated(UUID id, long totalRows, int batchesTotal) {
        jobs.computeIfPresent(id, (key, job) -> job.totalRowsExact() ? job : job.withEstimate(totalRows, batchesTotal));
    }

    /** The import stopped running here: from now on its row in the database is the answer. */
    public void ended(UUID id) {
        jobs.remove(id);
    }

    public Optional<ImportJob> find(UUID id) {
        return Optional.ofNullable(jobs.get(id));
    }
}
