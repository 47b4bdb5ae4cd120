package io.bulkimport.api;

import io.bulkimport.pipeline.RowError;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.ImportStatus;
import io.bulkimport.store.ImportErrorRepository;
import io.bulkimport.store.ImportGroupRepository;
import io.bulkimport.store.ImportJobRepository;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code GET /api/groups/{id}/errors} (issue #14): the error report of every file of the group as one CSV,
 * {@code file_name,row_number,column,reason,value} then the row's original columns (named after the first file's
 * header: the files of a group usually share one), file by file in the group's order, each file's rows in row order
 * as {@code GET /api/imports/{id}/errors} gives them. A file that failed as a whole (refused at intake, unreadable,
 * a column missing) has one line with an empty {@code row_number} and its reason. Streamed: written every
 * {@value #FLUSH_EVERY} rows, never held whole in memory. Cells a spreadsheet would run as formulas are neutralised.
 */
final class GroupErrorsHandler {

    private static final int FLUSH_EVERY = 500;

    private final GroupsHandler groupsHandler;
    private final ImportJobRepository jobs;
    private final ImportErrorRepository errors;

    GroupErrorsHandler(GroupsHandler groupsHandler, ImportJobRepository jobs, ImportErrorRepository errors) {
        this.groupsHandler = groupsHandler;
        this.jobs = jobs;
        this.errors = errors;
    }

    void handle(RoutingContext ctx) {
        ImportGroupRepository.Group group = groupsHandler.find(ctx).orElse(null);
        if (group == null) {
            return;
        }
        List<ImportJob> files = jobs.ofGroup(group.id());
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"group-" + group.id() + "-errors.csv\"");
        StringBuilder out = new StringBuilder();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
            List<String> header = new ArrayList<>(List.of("file_name", "row_number", "column", "reason", "value"));
            files.stream().map(ImportJob::header).filter(h -> !h.isEmpty()).findFirst().ifPresent(header::addAll);
            csv.printRecord(header.stream().map(SpreadsheetSafe::cell).toList());
            int[] pending = {0};
            for (ImportJob file : files) {
                if (file.status() == ImportStatus.FAILED && file.lastError() != null) {
                    print(csv, List.of(file.fileName(), "", "", file.lastError(), ""));
                }
                errors.forEach(file.id(), error -> {
                    print(csv, cells(file.fileName(), error));
                    if (++pending[0] % FLUSH_EVERY == 0) {
                        response.write(out.toString());
                        out.setLength(0);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        response.end(out.toString());
    }

    private static List<String> cells(String fileName, RowError error) {
        List<String> cells = new ArrayList<>();
        cells.add(fileName);
        cells.add(Long.toString(error.rowNumber()));
        cells.add(error.column());
        cells.add(error.reason());
        cells.add(error.value());
        cells.addAll(error.rawRow());
        return cells;
    }

    private static void print(CSVPrinter csv, List<String> cells) {
        try {
            csv.printRecord(cells.stream().map(SpreadsheetSafe::cell).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
