package io.bulkimport.intake;

import static io.bulkimport.pipeline.DaemonThreadFactory.daemon;

import io.bulkimport.progress.ImportStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's import slots: at most {@code import.max-concurrent-files} files are imported at a time, whichever door
 * they came through, and a free slot takes the next job of a {@link FairQueue} (round-robin over groups and single
 * files, FIFO within a group). A fixed pool of that many threads does the running; each task handed to the pool takes
 * whichever job is next in the fair queue when a thread is free, so the pool's own FIFO order never decides.
 * <p>
 * A job already waiting or running here is not queued twice: its second submission shares the first one's outcome.
 */
public class ImportQueue {

    private static final Logger LOG = LoggerFactory.getLogger(ImportQueue.class);

    private final int limit;
    private final ExecutorService pool;
    private final FairQueue<Ticket> waiting = new FairQueue<>();
    private final Map<UUID, Ticket> running = new LinkedHashMap<>();
    private final Map<UUID, Ticket> waitingById = new HashMap<>();
    private boolean stopping;

    /** @param limit how many files run at a time (at least 1) */
    public ImportQueue(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("import.max-concurrent-files must be at least 1, not " + limit);
        }
        this.limit = limit;
        this.pool = Executors.newFixedThreadPool(limit, daemon("import"));
    }

    /**
     * {@code import.max-concurrent-files} when set (above 0), else sized for the machine: one file per core, at least
     * 2 (so one long file never holds up every other), at most {@code workers} (the batch pool every running file
     * shares: more files than batch workers would only wait for them while holding their batches in memory).
     */
    public static int limitFor(int configured, int workers, int cores) {
        return configured > 0 ? configured : Math.max(1, Math.min(workers, Math.max(2, cores)));
    }

    /**
     * Queues job {@code id} of group {@code groupId} (null: a single file, a lane of its own) to run {@code work} in a
     * free slot. The future completes with what {@code work} returned, or with {@code QUEUED} when the service
     * stopped before its turn came (the job stays queued in the database and resumes on restart), or exceptionally
     * with what {@code work} threw.
     */
    public CompletableFuture<ImportStatus> submit(UUID id, UUID groupId, Supplier<ImportStatus> work) {
        Ticket ticket;
        synchronized (this) {
            Ticket same = find(id);
            if (same != null) {
                return same.outcome;
            }
            ticket = new Ticket(id, groupId, work, Instant.now());
            if (stopping) {
                ticket.outcome.complete(ImportStatus.QUEUED);
                return ticket.outcome;
            }
            waiting.add(groupId != null ? groupId : id, ticket);
            waitingById.put(id, ticket);
        }
        try {
            pool.execute(this::runNext);
        } catch (RejectedExecutionException e) {
            LOG.info("import {} stays queued: the service is stopping", id);
        }
        return ticket.outcome;
    }

    /** One slot's turn: runs the next waiting job, if any is left. */
    private void runNext() {
        Ticket ticket;
        synchronized (this) {
            ticket = waiting.poll();
            if (ticket == null) {
                return;
            }
            waitingById.remove(ticket.id);
            ticket.startedAt = Instant.now();
            running.put(ticket.id, ticket);
        }
        ImportStatus status = null;
        Throwable failure = null;
        try {
            status = ticket.work.get();
        } catch (RuntimeException | Error e) {
            LOG.error("import {} could not be run", ticket.id, e);
            failure = e;
        } finally {
            // out of the running list before its outcome is known: whoever waits on the outcome must not see it running
            synchronized (this) {
                running.remove(ticket.id);
            }
        }
        if (failure == null) {
            ticket.outcome.complete(status);
        } else {
            ticket.outcome.completeExceptionally(failure);
        }
    }

    /**
     * Takes no more jobs; those still waiting complete with {@code QUEUED} (they stay queued in the database) and the
     * running ones go on until their runner stops them.
     */
    public void shutdown() {
        List<Ticket> left;
        synchronized (this) {
            stopping = true;
            left = waiting.removeIf(t -> true);
            waitingById.clear();
        }
        pool.shutdown();
        left.forEach(t -> t.outcome.complete(ImportStatus.QUEUED));
    }

    /** What waits (in the order it will run) and what runs, now. */
    public synchronized Snapshot snapshot() {
        List<Entry> queued = new ArrayList<>();
        int position = 0;
        for (Ticket t : waiting.inOrder()) {
            queued.add(new Entry(t.id, t.groupId, t.queuedAt, ++position));
        }
        List<Entry> runningNow = running.values().stream().map(t -> new Entry(t.id, t.groupId, t.startedAt, 0)).toList();
        return new Snapshot(limit, queued, runningNow);
    }

    public int limit() {
        return limit;
    }

    /** Gauges {@code bulkimport.queue.queued}, {@code bulkimport.queue.running} and {@code bulkimport.queue.limit}. */
    public void registerGauges(MeterRegistry meters) {
        Gauge.builder("bulkimport.queue.queued", this, q -> q.snapshot().queued().size())
                .description("files waiting for an import slot").strongReference(true).register(meters);
        Gauge.builder("bulkimport.queue.running", this, q -> q.snapshot().running().size())
                .description("files being imported").strongReference(true).register(meters);
        Gauge.builder("bulkimport.queue.limit", this, ImportQueue::limit)
                .description("import.max-concurrent-files: files imported at a time").strongReference(true).register(meters);
    }

    private Ticket find(UUID id) {
        Ticket runningOne = running.get(id);
        return runningOne != null ? runningOne : waitingById.get(id);
    }

    /** The queue at one moment: the limit, the waiting jobs in the order they will run, the running ones. */
    public record Snapshot(int limit, List<Entry> queued, List<Entry> running) {
    }

    /**
     * A job in the queue: {@code since} is when it was queued (waiting) or started here (running); {@code position}
     * counts from 1 in the waiting order, 0 for a running job.
     */
    public record Entry(UUID id, UUID groupId, Instant since, int position) {
    }

    private static final class Ticket {
        final UUID id;
        final UUID groupId;
        final Supplier<ImportStatus> work;
        final Instant queuedAt;
        final CompletableFuture<ImportStatus> outcome = new CompletableFuture<>();
        Instant startedAt;

        Ticket(UUID id, UUID groupId, Supplier<ImportStatus> work, Instant queuedAt) {
            this.id = id;
            this.groupId = groupId;
            this.work = work;
            this.queuedAt = queuedAt;
        }
    }
}
