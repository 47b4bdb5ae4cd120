package io.bulkimport.progress;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The Prometheus registry Camel creates while it starts, looked up once it exists and kept: the meters of every
 * stage share it, and no batch pays for a registry lookup. Not a registry itself: a supplier that answers null until
 * Camel has made one, so meters are registered only once there is somewhere to put them.
 */
public final class MeterRegistryLookup implements Supplier<MeterRegistry> {

    private final Supplier<MeterRegistry> lookup;
    private volatile MeterRegistry resolved;

    public MeterRegistryLookup(Supplier<MeterRegistry> lookup) {
        this.lookup = lookup;
    }

    /** The registry, or null while Camel has not created it yet. */
    @Override
    public MeterRegistry get() {
        MeterRegistry r = resolved;
        if (r == null) {
            r = lookup.get();
            resolved = r;
        }
        return r;
    }
}
