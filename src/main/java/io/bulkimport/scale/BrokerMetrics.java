package io.bulkimport.scale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * This instance's share of the stage messages, for {@code /observe/metrics} and {@code GET /api/queue}:
 * {@code bulkimport_broker_messages_consumed_total{stage}} (messages this instance's workers answered),
 * {@code bulkimport_broker_rows_total{stage}} (the rows in them: passwords hashed here),
 * {@code bulkimport_broker_messages_redelivered_total{stage}} (of those, delivered before to a worker that failed or
 * died), {@code bulkimport_broker_messages_in_flight{stage}} (being worked on here now) and
 * {@code bulkimport_broker_requests_resent_total{stage}} (requests this instance sent again for want of a reply) and
 * {@code bulkimport_broker_requests_local_total{stage}} (requests it did itself, the broker out of reach).
 * Registered when the meter registry is there (it is made after the beans); counted from the start either way.
 */
public final class BrokerMetrics {

    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final AtomicLong doneHere = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();

    /** Registers the meters of stage {@code stage} once the registry exists; nothing when it never does. */
    public void register(Supplier<MeterRegistry> registry, String stage) {
        MeterRegistry meters = registry.get();
        if (meters == null) {
            return;
        }
        fn(meters, "bulkimport.broker.messages.consumed", "stage messages this instance's workers answered", stage, consumed);
        fn(meters, "bulkimport.broker.rows", "rows in the stage messages this instance's workers answered", stage, rows);
        fn(meters, "bulkimport.broker.messages.redelivered", "stage messages that came here after a worker failed or died",
                stage, redelivered);
        fn(meters, "bulkimport.broker.requests.resent", "stage requests sent again after no reply came in time", stage,
                resent);
        fn(meters, "bulkimport.broker.requests.local", "stage requests done here because the broker could not be reached",
                stage, doneHere);
        Gauge.builder("bulkimport.broker.messages.in.flight", inFlight, AtomicInteger::get).tag("stage", stage)
                .description("stage messages being worked on here now").register(meters);
    }

    private static void fn(MeterRegistry meters, String name, String description, String stage, AtomicLong value) {
        io.micrometer.core.instrument.FunctionCounter.builder(name, value, AtomicLong::get).tag("stage", stage)
                .description(description).register(meters);
    }

    void started(boolean redelivery) {
        inFlight.incrementAndGet();
        if (redelivery) {
            redelivered.incrementAndGet();
        }
    }

    void answered(int rowCount) {
        consumed.incrementAndGet();
        rows.addAndGet(rowCount);
    }

    void ended() {
        inFlight.decrementAndGet();
    }

    void resent() {
        resent.incrementAndGet();
    }

    void doneHere() {
        doneHere.incrementAndGet();
    }

    long consumed() {
        return consumed.get();
    }

    long rows() {
        return rows.get();
    }

    long redelivered() {
        return redelivered.get();
    }
}
