package io.bulkimport.parse;

import java.io.Closeable;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;

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

    /**
     * The rows this reader will give after the header, when it can know them exactly before giving them (a
     * workbook's reader counts its sheet's rows when first asked); empty when it cannot. A CSV file's rows are
     * counted at intake instead, as its bytes arrive.
     */
    default OptionalLong dataRows() {
        return OptionalLong.empty();
    }
}
