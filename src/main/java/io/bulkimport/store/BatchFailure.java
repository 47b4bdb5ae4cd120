package io.bulkimport.store;

import io.bulkimport.pipeline.Batch;
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

    private final DeadLetterCause causes;

    /** @param causes masks the secrets (URL queries, secret settings, secret cells) in the logged reason */
    public BatchFailure(DeadLetterCause causes) {
        this.causes = causes;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Batch batch = exchange.getIn().getBody(Batch.class);
        if (batch == null) {
            return;
        }
        LOG.error("{} import {}: batch {} (rows {}-{}) failed for good: {}", batch.context().pipeline().getName(),
                batch.context().importId(), batch.batchNo(), batch.firstRow(), batch.lastRow(),
                causes.masked(cause, batch));
        batch.context().sequencer().fail(cause == null ? new IllegalStateException("batch failed") : cause);
    }
}
