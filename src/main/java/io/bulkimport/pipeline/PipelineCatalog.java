package io.bulkimport.pipeline;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;

/** Finds the pipelines that the route files declared. */
public class PipelineCatalog {

    private final CamelContext camelContext;

    public PipelineCatalog(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    public Optional<PipelineDefinition> find(String name) {
        return all().stream().filter(p -> p.getName().equals(name)).findFirst();
    }

    public List<PipelineDefinition> all() {
        return camelContext.getRegistry().findByType(PipelineDefinition.class).stream()
                .filter(p -> p.getName() != null)
                .sorted(Comparator.comparing(PipelineDefinition::getName))
                .toList();
    }
}
