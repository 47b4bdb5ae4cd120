package io.bulkimport.progress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Micrometer meters the progress view is built from, per pipeline: rows read, stored, duplicate and failed,
 * the batch store timer, the number of active imports, and the ETA and percent of the pipeline's running imports
 * (the same figures as the job JSON; NaN while none runs here or its ETA is not known yet).
 */
public class ImportMetrics {

    private final Supplier<MeterRegistry> registry;
    private volatile boolean gaugeRegistered;
    private final ActiveImports active;
    /** Pipelines whose ETA and percent gauges are registered: once each, not at every import's start. */
    private final java.util.Set<String> pipelineGauges = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ImportMetrics(Supplier<MeterRegistry> registry, ActiveImports active) {
        this.registry = registry;
        this.active = active;
    }

    /**
     * One batch committed: its rows read, stored (inserted or changed), duplicate and failed, and how long storing it
     * took in nanoseconds. Does nothing while Camel has not created the registry yet.
     */
    public void batchStored(String pipeline, long read, long stored, long duplicate, long failed, long nanos) {
        MeterRegistry r = registry.get();
        if (r == null) {
            return;
        }
        registerGauge(r);
        counter(r, "bulkimport.rows.read", pipeline).increment(read);
        counter(r, "bulkimport.rows.stored", pipeline).increment(stored);
        counter(r, "bulkimport.rows.duplicate", pipeline).increment(duplicate);
        counter(r, "bulkimport.rows.failed", pipeline).increment(failed);
        Timer.builder("bulkimport.batch.store").description("time to commit one batch with its progress and checkpoint")
                .tag("pipeline", pipeline).register(r).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** An import of {@code pipeline} started running here: its pipeline's ETA and percent gauges exist from now on. */
    public void importStarted(String pipeline) {
        MeterRegistry r = registry.get();
        if (r == null) {
            return;
        }
        registerGauge(r);
        if (!pipelineGauges.add(pipeline)) {
            return;   // registering it again would only make Micrometer warn that it exists
        }
        LiveProgress live = active.progress();
        Gauge.builder("bulkimport.import.eta.seconds", live, l -> PipelineProgress.etaSeconds(l.snapshots(pipeline)))
                .description("seconds until the running imports of the pipeline are done (the longest ETA; NaN: none running or not known yet)")
                .tag("pipeline", pipeline).strongReference(true).register(r);
        Gauge.builder("bulkimport.import.percent", live, l -> PipelineProgress.percent(l.snapshots(pipeline)))
                .description("percent done of the running imports of the pipeline, work in flight counted (NaN: none running)")
                .tag("pipeline", pipeline).strongReference(true).register(r);
    }

    public void importFinished(String pipeline, ImportStatus status) {
        MeterRegistry r = registry.get();
        if (r != null) {
            registerGauge(r);
            Counter.builder("bulkimport.imports.finished").tag("pipeline", pipeline).tag("status", status.dbValue())
                    .register(r).increment();
        }
    }

    private void registerGauge(MeterRegistry r) {
        if (!gaugeRegistered) {
            synchronized (this) {   // imports start side by side: registered once, without Micrometer's warning
                if (!gaugeRegistered) {
                    r.gauge("bulkimport.imports.active", active, ActiveImports::count);
                    gaugeRegistered = true;
                }
            }
        }
    }

    private static Counter counter(MeterRegistry r, String name, String pipeline) {
        return Counter.builder(name).tag("pipeline", pipeline).register(r);
    }
}
