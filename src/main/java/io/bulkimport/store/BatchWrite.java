package io.bulkimport.store;

import io.bulkimport.pipeline.BatchKeys;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One batch ready to be written, two ways: {@link #copy} (COPY, fastest, fails with a unique violation when a key
 * already exists) and {@link #upsert} (one {@code insert … on conflict} statement that applies the duplicate
 * strategy). Both run inside the caller's transaction.
 */
public interface BatchWrite {

    String UNIQUE_VIOLATION = "23505";

    /**
     * The keys of the rows this batch writes (empty when no two batches can touch the same row): two batches of an
     * import that share one never have their transactions open at the same time.
     */
    BatchKeys keys();

    /** Whether to try {@link #copy} first. */
    boolean copyFirst();

    WriteResult copy(Connection connection) throws SQLException;

    WriteResult upsert(Connection connection) throws SQLException;

    /** Told after a copy attempt, so the next batches of the import choose well. */
    void copyOutcome(boolean succeeded);
}
