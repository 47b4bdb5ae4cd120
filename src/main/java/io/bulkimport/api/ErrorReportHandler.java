package io.bulkimport.api;

import io.bulkimport.pipeline.RowError;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.store.ImportErrorRepository;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code GET /api/imports/{id}/errors}: the error report as CSV, {@code row_number,column,reason,value} then the
 * row's original columns, streamed in row order. Cells a spreadsheet would run as formulas are neutralised.
 */
final class ErrorReportHandler {

    private static final int FLUSH_EVERY = 500;

    private final ImportsHandler imports;
    private final ImportErrorRepository errors;

    ErrorReportHandler(ImportsHandler imports, ImportErrorRepository errors) {
        this.imports = imports;
        this.errors = errors;
    }

    void handle(RoutingContext ctx) {
        ImportJob job = imports.find(ctx).orElse(null);
        if (job == null) {
            return;
        }
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"import-" + job.id() + "-errors.csv\"");
        StringBuilder out = new StringBuilder();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
            List<String> header = new ArrayList<>(List.of("row_number", "column", "reason", "value"));
            header.addAll(job.header());
            csv.printRecord(header.stream().map(SpreadsheetSafe::cell).toList());
            int[] pending = {0};
            errors.forEach(job.id(), error -> {
                print(csv, error);
                if (++pending[0] % FLUSH_EVERY == 0) {
                    response.write(out.toString());
                    out.setLength(0);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        response.end(out.toString());
    }

    private static void print(CSVPrinter csv, RowError error) {
        List<String> cells = new ArrayList<>();
        cells.add(Long.toString(error.rowNumber()));
        cells.add(error.column());
        cells.add(error.reason());
        cells.add(error.value());
        cells.addAll(error.rawRow());
        try {
            csv.printRecord(cells.stream().map(SpreadsheetSafe::cell).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
