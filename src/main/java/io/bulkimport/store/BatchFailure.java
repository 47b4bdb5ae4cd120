package io.bulkimport.store;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.CommitSequencer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step for a batch that stays failed after redelivery: releases the later batches of its import, which
 * wait for this one's turn, so the import stops here with this batch's reason. Everything committed before stays.
 * The reason is logged with its secrets masked ({@link DeadLetterCause}).
 */
public class BatchFailure implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(BatchFailure.class);

    /** Longest wait for the batches before the failed one to commit; they always end sooner (commit or fail). */
    static final long EARLIER_BATCHES_TIMEOUT_MS = 300_000;

    private final DeadLetterCause causes;

    /** @param causes masks the secrets (URL queries, secret settings, secret cells) in the logged reason */
    public BatchFailure(DeadLetterCause causes) {
        this.causes = causes;
    }

    /**
     * @param exchange the failed batch's exchange: the batch as its body, the failure in {@link Exchange#EXCEPTION_CAUGHT}
     * @throws InterruptedException when the service stops while the earlier batches commit
     */
    @Override
    public void process(Exchange exchange) throws InterruptedException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Batch batch = exchange.getIn().getBody(Batch.class);
        if (batch == null) {
            return;
        }
        LOG.error("{} import {}: batch {} (rows {}-{}) failed for good: {}", batch.context().pipeline().getName(),
                batch.context().importId(), batch.batchNo(), batch.firstRow(), batch.lastRow(),
                causes.masked(cause, batch));
        awaitEarlierBatches(batch);
        batch.context().sequencer().fail(cause == null ? new IllegalStateException("batch failed") : cause);
    }

    /**
     * The batches before the failed one commit first, so the import ends with exactly them stored: the split of the
     * {@code batches} template stops at the first failed batch it hears of, without waiting for the batches still
     * in flight, and the import's end would otherwise race their commits.
     */
    private static void awaitEarlierBatches(Batch batch) throws InterruptedException {
        try {
            batch.context().sequencer().awaitTurn(batch.batchNo(), EARLIER_BATCHES_TIMEOUT_MS);
        } catch (CommitSequencer.ImportStoppedException stopped) {
            // an earlier batch failed first: the import stops with its reason
        }
    }
}
