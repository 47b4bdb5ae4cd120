package io.bulkimport.api;

import io.bulkimport.pipeline.RowError;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.ImportStatus;
import io.bulkimport.store.ImportErrorRepository;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/imports/{id}/errors}: the error report as CSV, {@code row_number,column,reason,value} then the
 * row's original columns, streamed in row order ({@link CsvAttachment}); for a {@code failed} import, a last record
 * without a row number whose reason is why the import failed or stopped. Cells a spreadsheet would run as formulas are
 * neutralised.
 */
final class ErrorReportHandler {

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
        CsvAttachment csv = new CsvAttachment(ctx.response(), "import-" + job.id() + "-errors.csv");
        List<String> header = new ArrayList<>(List.of("row_number", "column", "reason", "value"));
        header.addAll(job.header());
        csv.record(header);
        errors.forEach(job.id(), error -> csv.record(cells(error)));
        if (job.status() == ImportStatus.FAILED && job.lastError() != null) {
            // why the import as a whole failed or stopped, last and without a row, as the group's report has it
            csv.record(List.of("", "", job.lastError(), ""));
        }
        csv.end();
    }

    /** One error's record: its row number, column, reason, value, then the row's original cells. */
    static List<String> cells(RowError error) {
        List<String> cells = new ArrayList<>();
        cells.add(Long.toString(error.rowNumber()));
        cells.add(error.column());
        cells.add(error.reason());
        cells.add(error.value());
        cells.addAll(error.rawRow());
        return cells;
    }
}
