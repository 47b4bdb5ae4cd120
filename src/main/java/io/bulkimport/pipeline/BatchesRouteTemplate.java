package io.bulkimport.pipeline;

import org.apache.camel.builder.RouteBuilder;

/**
 * The building block {@code batches}: the route every import of a pipeline runs. It takes the import's rows as
 * batches ({@link RowBatches}, read as a stream) from {@code direct:<pipeline>} and sends each batch to the
 * pipeline's stage list, the route {@code direct:<pipeline>-batch} in its route file.
 *
 * <p>What the template fixes, so that no route file can get it wrong (routes/README.md, "Stage list"):
 * <ul>
 *   <li>{@code streaming}: the file is never read whole;</li>
 *   <li>{@code parallelProcessing} on {@code #batchExecutor}: batches are prepared in parallel on a bounded pool
 *       whose full queue makes the reader wait (back-pressure), and commit in file order ({@link CommitSequencer});</li>
 *   <li>{@code stopOnException}: a batch that fails for good after the stage list's own error handling (its
 *       {@code routeConfigurationId}) stops the import, the batches before it stay committed; a dead-lettered batch
 *       does not fail, so the split goes on.</li>
 * </ul>
 * This route itself has no error handler: a failure that comes back from the stage list was already handled there
 * (redelivered, dead-lettered or recorded by {@code batchFailure}) and must not be handled twice.
 *
 * <p>Pipelines use it from YAML with {@code templatedRoute: {routeTemplateRef: batches, routeId: <pipeline>}} and the
 * parameter {@code pipeline}.
 */
public class BatchesRouteTemplate extends RouteBuilder {

    /** The template's id, as route files name it in {@code routeTemplateRef}. */
    public static final String ID = "batches";

    @Override
    public void configure() {
        routeTemplate(ID)
                .templateParameter("pipeline", null, "the pipeline whose imports this route runs: it takes them from "
                        + "direct:<pipeline> and sends each batch to direct:<pipeline>-batch")
                .from("direct:{{pipeline}}")
                .errorHandler(noErrorHandler())
                .description("Splits each import of pipeline {{pipeline}} into batches for its stage list")
                .split(body()).streaming().parallelProcessing().executorService("batchExecutor").stopOnException()
                    .to("direct:{{pipeline}}-batch")
                .end();
    }
}
