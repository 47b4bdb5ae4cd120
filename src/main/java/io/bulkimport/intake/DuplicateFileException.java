package io.bulkimport.intake;

import io.bulkimport.progress.ImportJob;

/** A byte-identical file was already imported into the same pipeline. */
public class DuplicateFileException extends RuntimeException {

    private final transient ImportJob existing;

    public DuplicateFileException(ImportJob existing) {
        super("this file was already imported into " + existing.pipeline() + " as import " + existing.id()
                + " (" + existing.status().dbValue() + "); add force=true to import it again");
        this.existing = existing;
    }

    public ImportJob existing() {
        return existing;
    }
}
