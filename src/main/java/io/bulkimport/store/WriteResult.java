package io.bulkimport.store;

/**
 * How the valid rows of one batch fared in the table: stored (inserted or changed), duplicate, or refused by the
 * database (a constraint the validation could not know about).
 */
public record WriteResult(long stored, long duplicate, long refused) {

    public static final WriteResult NONE = new WriteResult(0, 0, 0);

    public WriteResult(long stored, long duplicate) {
        this(stored, duplicate, 0);
    }

    public WriteResult plus(WriteResult other) {
        return new WriteResult(stored + other.stored, duplicate + other.duplicate, refused + other.refused);
    }
}
