package io.bulkimport.parse;

import java.io.Closeable;
import java.util.Iterator;
import java.util.List;

/** A streaming source of rows; memory must not grow with file size. */
public interface RowReader extends Iterator<Row>, Closeable {

    /** header cells exactly as written in the file (BOM removed, otherwise untouched) */
    List<String> header();

    /** bytes consumed from the file so far (approximate is fine, must be monotonic), for progress estimates */
    long bytesRead();

    /**
     * What part of the file the rows come from, for messages about the whole of it ("sheet 'Contacts'; the
     * workbook's other sheets: 'Lists' (hidden)"); null when the file has only one part.
     */
    default String source() {
        return null;
    }
}
