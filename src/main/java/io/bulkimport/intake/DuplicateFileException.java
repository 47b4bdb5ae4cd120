package io.bulkimport.intake;

import io.bulkimport.progress.ImportJob;

/** A byte-identical file was already imported into the same pipeline. */
public class DuplicateFileException extends RuntimeException {

    private final transient ImportJob existing;

    public DuplicateFileException(ImportJob existing) {
        super(message(existing));
        this.existing = existing;
    }

    /**
     * What the user can do: a finished import of the bytes can be repeated with {@code force=true}; one that is queued
     * or running cannot, forced or not (one active import per file, migration V4), until it has ended.
     */
    private static String message(ImportJob existing) {
        if (!existing.status().finished()) {
            return "this file is being imported into " + existing.pipeline() + " right now, as import " + existing.id()
                    + " (" + existing.status().dbValue() + "); the same bytes can be imported again, with force=true, "
                    + "once it has ended";
        }
        return "this file was already imported into " + existing.pipeline() + " as import " + existing.id()
                + " (" + existing.status().dbValue() + "); add force=true to import it again";
    }

    public ImportJob existing() {
        return existing;
    }
}
