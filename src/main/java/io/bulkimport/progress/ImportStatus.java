package io.bulkimport.progress;

import java.util.Locale;

/** The life of an import job, as stored in {@code import_jobs.status}. */
public enum ImportStatus {
    QUEUED, RUNNING, COMPLETED, COMPLETED_WITH_ERRORS, FAILED, CANCELLED, ROLLED_BACK;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImportStatus of(String dbValue) {
        return valueOf(dbValue.toUpperCase(Locale.ROOT));
    }

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }
}
