package io.bulkimport.intake;

import io.bulkimport.progress.ImportStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * The inbox route's import step, asynchronous: hands the file to {@link ImportIntake#fromInbox} and completes the
 * file's exchange only when its import has ended, in the import's thread. The file consumer goes on with the other
 * files of the same poll meanwhile, so files dropped together are imported side by side (up to
 * {@code import.max-concurrent-files}, through the same fair queue as uploads). Until its exchange completes, the file
 * consumer keeps the file in its in-progress set (never picked up twice) and moves it ({@code move=}) or leaves it
 * (rollback-only) afterwards: camel-file's {@code GenericFileConsumer.processExchange} hands each file's exchange to
 * the route as an {@link AsyncProcessor} without waiting, and does its commit or rollback on the exchange's completion,
 * whichever thread completes it.
 * <p>
 * The pipeline comes from the exchange property {@link #PIPELINE}, which the inbox route template sets.
 */
public class InboxImportProcessor extends AsyncProcessorSupport {

    /** The exchange property naming the pipeline whose inbox the file came from. */
    public static final String PIPELINE = "bulkImportPipeline";

    private final ImportIntake intake;

    public InboxImportProcessor(ImportIntake intake) {
        this.intake = intake;
    }

    /** Returns true when the exchange completed at once (a duplicate, a refusal, a failure to read the file). */
    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<ImportStatus> imported;
        try {
            imported = intake.fromInbox(exchange, exchange.getProperty(PIPELINE, String.class));
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        if (imported.isDone()) {
            failOn(exchange, imported);
            callback.done(true);
            return true;
        }
        imported.whenComplete((status, failure) -> {
            failOn(exchange, imported);
            callback.done(false);
        });
        return false;
    }

    private static void failOn(Exchange exchange, CompletableFuture<ImportStatus> imported) {
        try {
            imported.join();
        } catch (CompletionException e) {
            exchange.setException(e.getCause() != null ? e.getCause() : e);
        }
    }
}
