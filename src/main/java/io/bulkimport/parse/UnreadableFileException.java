package io.bulkimport.parse;

/**
 * Thrown when the file as a whole cannot be read. The message is a short sentence meant for an
 * operator, e.g. "the file is empty" or "unterminated quoted field starting at row 17".
 */
public class UnreadableFileException extends RuntimeException {

    public UnreadableFileException(String reason) {
        super(reason);
    }

    public UnreadableFileException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
