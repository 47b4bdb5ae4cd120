package io.bulkimport.enrich;

import java.util.function.Supplier;
import java.util.Collection;

/** Finds the enrichment a pipeline's route file declares. */
public class EnrichmentSpecs {

    private final Supplier<Collection<EnrichmentSpec>> declared;

    public EnrichmentSpecs(Supplier<Collection<EnrichmentSpec>> declared) {
        this.declared = declared;
    }

    public EnrichmentSpec forPipeline(String pipeline) {
        return declared.get().stream().filter(s -> pipeline.equals(s.getPipeline())).findFirst()
                .orElseThrow(() -> new IllegalStateException("pipeline " + pipeline
                        + " uses stage enrich but its route file declares no EnrichmentSpec bean for it"));
    }

    public Collection<EnrichmentSpec> all() {
        return declared.get();
    }
}
