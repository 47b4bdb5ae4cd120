package io.bulkimport.pipeline;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one thread factory of the service's own pools: daemon threads named {@code <name>-1}, {@code <name>-2}, … so a
 * thread dump or a log line tells which pool a thread belongs to, and no pool keeps the JVM alive after Camel stops.
 */
public final class DaemonThreadFactory implements ThreadFactory {

    private final String name;
    private final AtomicInteger count = new AtomicInteger();

    /** @param name the pool's name, the prefix of its threads' names ({@code batch}, {@code hash}, {@code notify}) */
    public DaemonThreadFactory(String name) {
        this.name = name;
    }

    /** A factory for the pool {@code name}; reads well where a pool is built: {@code newFixedThreadPool(4, daemon("x"))}. */
    public static DaemonThreadFactory daemon(String name) {
        return new DaemonThreadFactory(name);
    }

    /** A new daemon thread named {@code <name>-<n>}, n counting from 1 per factory, that runs {@code task}. */
    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
