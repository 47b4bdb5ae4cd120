package io.bulkimport.pipeline;

import io.bulkimport.parse.Row;
import io.bulkimport.parse.RowReader;
import io.bulkimport.parse.UnreadableFileException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;

/**
 * The body a pipeline route splits: one import's rows, read lazily, in numbered batches. Nothing is read ahead
 * beyond the batch being handed out, so the splitter's back-pressure bounds memory.
 */
public final class RowBatches implements Iterator<Batch> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RowBatches.class);

    private final RowReader reader;
    private final ImportContext context;
    private final long fileSize;
    private final LongConsumer totalRowsEstimate;
    private int nextBatchNo;
    private UnreadableFileException failure;
    private long rowsSeen;
    private boolean estimated;

    public RowBatches(RowReader reader, ImportContext context, long fileSize, LongConsumer totalRowsEstimate) {
        this(reader, context, fileSize, totalRowsEstimate, 0);
    }

    /** Numbers the batches from {@code firstBatchNo}, as a retry does to follow the batches of the first run. */
    public RowBatches(RowReader reader, ImportContext context, long fileSize, LongConsumer totalRowsEstimate, int firstBatchNo) {
        this.reader = reader;
        this.context = context;
        this.fileSize = fileSize;
        this.totalRowsEstimate = totalRowsEstimate;
        this.nextBatchNo = firstBatchNo;
    }

    @Override
    public boolean hasNext() {
        if (!context.accepting()) {
            return false;
        }
        skipCommitted();
        return readerHasNext();
    }

    /**
     * A resumed import reads past the batches committed before this run began instead of sending them through the
     * stages again: a step's service is not asked again, a dead-lettered batch is not redelivered again. Their rows
     * still count for the total's estimate.
     */
    private void skipCommitted() {
        int size = context.options().batchSize();
        while (context.sequencer().committed(nextBatchNo) && readerHasNext()) {
            for (int i = 0; i < size && readerHasNext(); i++) {
                reader.next();
                rowsSeen++;
            }
            nextBatchNo++;
        }
    }

    /**
     * Whether the file has another row. A stop or cancel is asked only between batches (in {@link #hasNext()}):
     * a batch is always cut whole, or its checkpoint would hide the rows it left out from the resumed import.
     */
    private boolean readerHasNext() {
        if (failure != null) {
            return false;
        }
        try {
            return reader.hasNext();
        } catch (UnreadableFileException e) {
            failure = e;
            return false;
        }
    }

    /**
     * Why the file could not be read to its end, or null. The rows before the bad spot still go out as batches
     * and commit; the runner fails the job with this reason once they have.
     */
    public UnreadableFileException failure() {
        return failure;
    }

    @Override
    public Batch next() {
        skipCommitted();
        if (!readerHasNext()) {
            throw new NoSuchElementException();
        }
        int size = context.options().batchSize();
        List<Row> rows = new ArrayList<>(Math.min(size, 10_000));
        while (rows.size() < size && readerHasNext()) {
            rows.add(reader.next());
        }
        rowsSeen += rows.size();
        if (!estimated || nextBatchNo % 50 == 0) {
            estimated = true;
            estimateTotal();
        }
        return new Batch(context, nextBatchNo++, rows);
    }

    public int batchesRead() {
        return nextBatchNo;
    }

    private void estimateTotal() {
        long bytes = reader.bytesRead();
        if (bytes > 0 && rowsSeen > 0) {
            long estimate = readerHasNext() ? Math.max(rowsSeen, Math.round((double) fileSize * rowsSeen / bytes)) : rowsSeen;
            try {
                totalRowsEstimate.accept(estimate);
            } catch (RuntimeException e) {
                // only a progress figure: a database that is away right now must not stop the import (batches retry)
                LOG.debug("total rows estimate not saved: {}", e.getMessage());
            }
        }
    }
}
