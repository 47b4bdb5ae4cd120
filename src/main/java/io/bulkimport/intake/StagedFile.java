package io.bulkimport.intake;

import java.nio.file.Path;

/**
 * One file of a group, already on disk in the work folder: a part of a multipart upload, or an entry taken out of a
 * zip archive. A file that could not be staged (a zip entry over the size limit, a broken entry) keeps its name and
 * the reason as {@code refusal}: it becomes a failed import of the group, and the others go on.
 *
 * @param fileName    the name a person knows the file by (a zip entry's name without its folders, sanitised)
 * @param path        where it is on disk; null when {@code refusal} is set
 * @param sizeBytes   its size in bytes (0 when refused)
 * @param fingerprint its fingerprint when it was taken on the way to disk, else null (intake takes it)
 * @param refusal     why the file could not be staged, or null
 */
public record StagedFile(String fileName, Path path, long sizeBytes, FileFingerprint fingerprint, String refusal) {

    /** A file on disk, to be fingerprinted by intake. */
    public static StagedFile of(String fileName, Path path, long sizeBytes) {
        return new StagedFile(fileName, path, sizeBytes, null, null);
    }

    /** A file that could not be staged, and why. */
    public static StagedFile refused(String fileName, String reason) {
        return new StagedFile(fileName, null, 0, null, reason);
    }
}
