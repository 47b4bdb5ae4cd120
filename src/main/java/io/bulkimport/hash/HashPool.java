package io.bulkimport.hash;

import io.bulkimport.pipeline.DaemonThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The threads bcrypt runs on, one per core by default, apart from the batch and database threads: hashing one
 * batch uses every core, and a batch that is being stored never waits for a hash.
 */
public final class HashPool implements AutoCloseable {

    private final int threads;
    private final ExecutorService executor;

    public HashPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("hash.threads must be at least 1, was " + threads);
        }
        this.threads = threads;
        this.executor = Executors.newFixedThreadPool(threads, new DaemonThreadFactory("hash"));
    }

    /** {@code hash.threads}, where 0 means one thread per core. */
    public static int threadsFor(int configured) {
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task} for every index below {@code count} on the pool and waits for all of them. Each pool thread
     * takes the next index as soon as it is free, so uneven work (kept hashes cost nothing) still fills every core.
     */
    public void spread(int count, IntConsumer task) throws InterruptedException {
        if (count <= 0) {
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(threads, count); w++) {
            workers.add(executor.submit(() -> {
                for (int i = next.getAndIncrement(); i < count && !failed.get(); i = next.getAndIncrement()) {
                    task.accept(i);
                }
            }));
        }
        try {
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (ExecutionException e) {
            failed.set(true);
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            failed.set(true);
            workers.forEach(w -> w.cancel(true));
            throw e;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
