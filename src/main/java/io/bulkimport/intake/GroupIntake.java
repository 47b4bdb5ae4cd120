package io.bulkimport.intake;

import io.bulkimport.pipeline.ImportOptions;
import java.util.List;
import java.util.UUID;

/**
 * Intake of a group of files (issue #14): several file parts of one upload, the entries of a zip, or a zip dropped in
 * the inbox. Registers the group and one import job per file, each as {@link ImportIntake} registers a single file,
 * and queues them.
 */
public class GroupIntake {

    /**
     * Registers a group of {@code files} for {@code pipeline} and queues its imports.
     *
     * @param source  {@code upload} or {@code inbox}
     * @param name    the zip's name when the group came as one, else null
     * @param files   the files, in the order they came; a refused one becomes a failed import of the group
     * @param options the upload's options, for every file of the group
     * @return the group's id
     */
    public UUID fromFiles(String pipeline, String source, String name, List<StagedFile> files, ImportOptions options) {
        throw new UnsupportedOperationException("groups are being built (issue #14)");
    }
}
