package io.bulkimport.parse;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Caps how many characters a single record may pull in. Without it a stray unclosed quote near the
 * top of a 1 GB file would make the CSV parser collect the rest of the file into one cell and run
 * out of memory long before reaching the end and reporting the unterminated quote.
 */
final class RecordSizeGuard extends FilterReader {

    /**
     * Excel caps a cell at 32,767 characters; a million characters per row is far beyond any legitimate
     * row yet only a few MB of heap. Counted per read, so a record may overshoot by one parser buffer.
     */
    static final int MAX_RECORD_CHARS = 1_000_000;

    static final class RecordTooLargeException extends IOException {
        RecordTooLargeException() {
            super("record exceeds " + MAX_RECORD_CHARS + " characters");
        }
    }

    private long charsSinceRecordStart;

    RecordSizeGuard(Reader in) {
        super(in);
    }

    /** Called whenever the parser has handed out a record, so the budget applies per record. */
    void recordTaken() {
        charsSinceRecordStart = 0;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            charge(1);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            charge(n);
        }
        return n;
    }

    private void charge(int chars) throws RecordTooLargeException {
        charsSinceRecordStart += chars;
        if (charsSinceRecordStart > MAX_RECORD_CHARS) {
            throw new RecordTooLargeException();
        }
    }
}
