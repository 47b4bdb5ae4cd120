package io.bulkimport.api;

import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A CSV file (RFC 4180, through commons-csv) streamed as an HTTP attachment: chunked, written to the response every
 * {@value #FLUSH_EVERY} records so a report of any length is never held whole in memory. Every cell passes through
 * {@link SpreadsheetSafe#cell}, so a cell a spreadsheet would run as a formula is neutralised. {@link #end()} ends
 * the response; a report broken off by an error is never ended as if it were whole. Not thread-safe: one request's thread writes it.
 */
final class CsvAttachment {

    static final int FLUSH_EVERY = 500;

    private final HttpServerResponse response;
    private final StringBuilder out = new StringBuilder();
    private final CSVPrinter csv;
    private int pending;

    /** Starts the response: {@code text/csv; charset=utf-8}, {@code Content-Disposition: attachment; filename="…"}. */
    CsvAttachment(HttpServerResponse response, String fileName) {
        this.response = response;
        response.setChunked(true).putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        try {
            this.csv = new CSVPrinter(out, CSVFormat.RFC4180);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one record; every {@value #FLUSH_EVERY} records the text so far goes to the client. */
    void record(List<String> cells) {
        try {
            csv.printRecord(cells.stream().map(SpreadsheetSafe::cell).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (++pending % FLUSH_EVERY == 0) {
            response.write(out.toString());
            out.setLength(0);
        }
    }

    /** Sends what is left and ends the response. */
    void end() {
        response.end(out.toString());
    }
}
