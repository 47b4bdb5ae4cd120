package io.bulkimport.enrich;

import java.util.function.Supplier;
import java.util.Collection;

/** Finds the enrichment a pipeline's route file declares. */
public class EnrichmentSpecs {

    private final Supplier<Collection<EnrichmentSpec>> declared;
    private final java.util.Map<String, EnrichmentSpec> byPipeline = new java.util.concurrent.ConcurrentHashMap<>();

    public EnrichmentSpecs(Supplier<Collection<EnrichmentSpec>> declared) {
        this.declared = declared;
    }

    /** The spec of a pipeline; route files are read at start-up, so each is looked up once, not per batch. */
    public EnrichmentSpec forPipeline(String pipeline) {
        return byPipeline.computeIfAbsent(pipeline, p -> declared.get().stream().filter(s -> p.equals(s.getPipeline()))
                .findFirst().orElseThrow(() -> new IllegalStateException("pipeline " + p
                        + " uses stage enrich but its route file declares no EnrichmentSpec bean for it")));
    }

    public Collection<EnrichmentSpec> all() {
        return declared.get();
    }
}
