package io.bulkimport.intake;

import io.bulkimport.parse.Row;
import io.bulkimport.parse.RowReader;
import io.bulkimport.store.ImportErrorRepository;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

/** The rows an import reported as failed, read back from its error records page by page, in row order. */
final class FailedRowsReader implements RowReader {

    private static final int PAGE = 1000;

    private final ImportErrorRepository errors;
    private final UUID importId;
    private final List<String> header;
    private final Deque<Row> page = new ArrayDeque<>();
    private long lastRow;
    private boolean exhausted;

    FailedRowsReader(ImportErrorRepository errors, UUID importId, List<String> header) {
        this.errors = errors;
        this.importId = importId;
        this.header = List.copyOf(header);
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    public boolean hasNext() {
        if (page.isEmpty() && !exhausted) {
            List<Row> next = errors.failedRows(importId, lastRow, PAGE);
            exhausted = next.size() < PAGE;
            page.addAll(next);
            if (!next.isEmpty()) {
                lastRow = next.get(next.size() - 1).rowNumber();
            }
        }
        return !page.isEmpty();
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.poll();
    }

    @Override
    public void close() {
        page.clear();
    }
}
