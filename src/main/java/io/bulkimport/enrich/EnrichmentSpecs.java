package io.bulkimport.enrich;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Finds the enrichment a pipeline's route file declares, and the AI settings that apply to it. */
public class EnrichmentSpecs {

    private final Supplier<Collection<EnrichmentSpec>> declared;
    private final AiSettings provider;
    private final Consumer<String> capped;
    private final Map<String, EnrichmentSpec> byPipeline = new ConcurrentHashMap<>();
    private final Map<String, PipelineAiSettings> settings = new ConcurrentHashMap<>();

    /**
     * @param provider the provider-wide caps ({@code ai.*})
     * @param capped   hears, once per pipeline, each route value that was lowered to its cap
     */
    public EnrichmentSpecs(Supplier<Collection<EnrichmentSpec>> declared, AiSettings provider, Consumer<String> capped) {
        this.declared = declared;
        this.provider = provider;
        this.capped = capped;
    }

    /** The spec of a pipeline; route files are read at start-up, so each is looked up once, not per batch. */
    public EnrichmentSpec forPipeline(String pipeline) {
        return byPipeline.computeIfAbsent(pipeline, p -> declared.get().stream().filter(s -> p.equals(s.getPipeline()))
                .findFirst().orElseThrow(() -> new IllegalStateException("pipeline " + p
                        + " uses stage enrich but its route file declares no EnrichmentSpec bean for it")));
    }

    /** The settings that apply to the spec's pipeline: its own, capped by the provider-wide ones. */
    public PipelineAiSettings settings(EnrichmentSpec spec) {
        return settings.computeIfAbsent(spec.getPipeline(), p -> PipelineAiSettings.of(spec, provider, capped));
    }

    public Collection<EnrichmentSpec> all() {
        return declared.get();
    }
}
