package io.bulkimport.progress;

import io.bulkimport.pipeline.ImportOptions;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One row of {@code import_jobs}: a file being, or having been, imported. */
public record ImportJob(UUID id, String pipeline, String source, String fileName, String filePath, String sha256,
                        long sizeBytes, ImportOptions options, List<String> header, ImportStatus status, Long totalRows,
                        boolean totalRowsExact, long rowsRead, long rowsStored, long rowsDuplicate, long rowsFailed,
                        int batchesDone, Integer batchesTotal, Instant createdAt, Instant startedAt, Instant finishedAt,
                        String lastError) {

    /** This job with one more committed batch's counts added. */
    public ImportJob plusBatch(long read, long stored, long duplicate, long failed) {
        return new ImportJob(id, pipeline, source, fileName, filePath, sha256, sizeBytes, options, header, status,
                totalRows, totalRowsExact, rowsRead + read, rowsStored + stored, rowsDuplicate + duplicate,
                rowsFailed + failed, batchesDone + 1, batchesTotal, createdAt, startedAt, finishedAt, lastError);
    }

    /** This job with a new estimate of its total. */
    public ImportJob withEstimate(long estimatedRows, int estimatedBatches) {
        return new ImportJob(id, pipeline, source, fileName, filePath, sha256, sizeBytes, options, header, status,
                estimatedRows, false, rowsRead, rowsStored, rowsDuplicate, rowsFailed, batchesDone, estimatedBatches,
                createdAt, startedAt, finishedAt, lastError);
    }
}
