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
}
