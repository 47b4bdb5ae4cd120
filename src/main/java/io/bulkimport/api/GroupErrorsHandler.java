package io.bulkimport.api;

import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.ImportStatus;
import io.bulkimport.store.ImportErrorRepository;
import io.bulkimport.store.ImportGroupRepository;
import io.bulkimport.store.ImportJobRepository;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/groups/{id}/errors} (issue #14): the error report of every file of the group as one CSV,
 * {@code file_name,row_number,column,reason,value} then the row's original columns (named after the first file's
 * header: the files of a group usually share one), file by file in the group's order, each file's rows in row order
 * as {@code GET /api/imports/{id}/errors} gives them. A file that failed as a whole (refused at intake, unreadable,
 * a column missing) has one line with an empty {@code row_number} and its reason. Streamed ({@link CsvAttachment}),
 * never held whole in memory; cells a spreadsheet would run as formulas are neutralised.
 */
final class GroupErrorsHandler {

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
        CsvAttachment csv = new CsvAttachment(ctx.response(), "group-" + group.id() + "-errors.csv");
        List<String> header = new ArrayList<>(List.of("file_name", "row_number", "column", "reason", "value"));
        files.stream().map(ImportJob::header).filter(h -> !h.isEmpty()).findFirst().ifPresent(header::addAll);
        csv.record(header);
        for (ImportJob file : files) {
            if (file.status() == ImportStatus.FAILED && file.lastError() != null) {
                csv.record(List.of(file.fileName(), "", "", file.lastError(), ""));
            }
            errors.forEach(file.id(), error -> {
                List<String> cells = new ArrayList<>();
                cells.add(file.fileName());
                cells.addAll(ErrorReportHandler.cells(error));
                csv.record(cells);
            });
        }
        csv.end();
    }
}
