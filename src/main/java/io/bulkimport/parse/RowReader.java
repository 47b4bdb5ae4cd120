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
}
