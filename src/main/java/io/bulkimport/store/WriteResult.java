package io.bulkimport.store;

/** How the valid rows of one batch fared in the table: stored (inserted or changed) or duplicate. */
public record WriteResult(long stored, long duplicate) {

    public static final WriteResult NONE = new WriteResult(0, 0);

    public WriteResult plus(WriteResult other) {
        return new WriteResult(stored + other.stored, duplicate + other.duplicate);
    }
}
