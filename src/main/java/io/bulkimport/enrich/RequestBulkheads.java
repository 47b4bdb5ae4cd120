package io.bulkimport.enrich;

import io.bulkimport.pipeline.DaemonThreadFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads AI requests wait and run on, one pool per pipeline: the Bulkhead pattern (M. Nygard, <i>Release It!</i>,
 * "Bulkheads"; resilience4j's {@code ThreadPoolBulkhead}). A request spends most of its life waiting for the rate
 * limits, and one pipeline's requests its own limit holds back must not take the threads another pipeline's requests
 * need to reach the provider-wide one: in one shared pool, the 22 requests of a 44-row items batch filled all 16
 * threads and the leads import's requests, queued behind them, waited 18 s while the provider's limit went a third
 * unused.
 *
 * <p>Each pool has {@code threadsPerPipeline} threads, made when needed and ended after a minute idle, and an
 * unbounded queue (a call submits its batch's requests and waits for them, so the queue holds at most the requests of
 * the batches in flight). Threads are daemons named {@code ai-request-<pipeline>-<n>}.
 */
public final class RequestBulkheads implements AutoCloseable {

    private final int threadsPerPipeline;
    private final Map<String, ThreadPoolExecutor> pools = new ConcurrentHashMap<>();

    /** @param threadsPerPipeline the threads of each pipeline's pool, at least 1 */
    public RequestBulkheads(int threadsPerPipeline) {
        if (threadsPerPipeline < 1) {
            throw new IllegalArgumentException("threadsPerPipeline must be at least 1");
        }
        this.threadsPerPipeline = threadsPerPipeline;
    }

    /** The pool of {@code pipeline}'s requests (made on first use). */
    public ExecutorService of(String pipeline) {
        return pools.computeIfAbsent(pipeline, p -> {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(threadsPerPipeline, threadsPerPipeline, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), DaemonThreadFactory.daemon("ai-request-" + p));
            pool.allowCoreThreadTimeOut(true);
            return pool;
        });
    }

    /** Stops every pool, interrupting the requests that run. */
    @Override
    public void close() {
        pools.values().forEach(ExecutorService::shutdownNow);
    }
}
