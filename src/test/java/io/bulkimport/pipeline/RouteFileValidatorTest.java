package io.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteFileValidatorTest {

    private static final Map<String, String> ENRICHMENTS = Map.of("itemsEnrichment", "items", "leadsEnrichment", "leads");

    @Test
    void the_shipped_route_files_break_no_rule() throws IOException {
        // given the shipped declarations as Camel binds them (their tables are RouteMigrationsIT's to check)
        Map<String, PipelineDefinition> loaded = Map.of("contactsPipeline", TestImports.pipeline("contacts", ""),
                "itemsPipeline", TestImports.pipeline("items", ""), "leadsPipeline", TestImports.pipeline("leads", ""),
                "recordsPipeline", TestImports.pipeline("records", ""), "usersPipeline", TestImports.pipeline("users", ""),
                "transactionsPipeline", TestImports.pipeline("transactions", ""));

        // when
        RouteFileValidator validator = new RouteFileValidator(RouteFileIndex.read(Path.of("routes")), loaded,
                p -> Map.of(), new KameletCatalog(Path.of("routes")), ENRICHMENTS);

        // then
        assertThat(validator.violations()).isEmpty();
    }

    @Test
    void names_a_block_parameter_of_the_wrong_type_an_enrichment_of_another_pipeline_and_a_missing_query_route(
            @TempDir Path routes) throws IOException {
        // given
        Files.writeString(routes.resolve("gizmos.camel.yaml"), """
                - beans:
                    - name: gizmosPipeline
                      type: "#class:io.bulkimport.pipeline.PipelineDefinition"
                      properties:
                        name: gizmos
                - templatedRoute:
                    routeTemplateRef: batches
                    routeId: gizmos
                    parameters:
                      - name: pipeline
                        value: gizmos
                - route:
                    id: gizmos-batch
                    routeConfigurationId: import-error-handling
                    from:
                      uri: direct:gizmos-batch
                      steps:
                        - to:
                            uri: kamelet:validate-stage
                            parameters:
                              honourCreateNew: "yes"
                        - to:
                            uri: kamelet:lookup-stage
                            parameters:
                              route: gizmos-lookup
                        - to:
                            uri: kamelet:enrich-stage
                            parameters:
                              spec: itemsEnrichment
                        - to: kamelet:store-stage
                """);
        Map<String, PipelineDefinition> loaded = Map.of("gizmosPipeline", TestImports.pipeline("gizmos", ""));
        Path file = routes.resolve("gizmos.camel.yaml");

        // when
        var violations = new RouteFileValidator(RouteFileIndex.read(routes), loaded, p -> Map.of(),
                new KameletCatalog(routes), ENRICHMENTS).violations();

        // then
        assertThat(violations).containsExactly(
                file + " line 21 (parameters.honourCreateNew): kamelet validate-stage's parameter honourCreateNew MUST "
                        + "be of type boolean, was 'yes'",
                file + " line 25 (parameters.route): route MUST name a route in the route folder that starts from: "
                        + "direct:gizmos-lookup and runs the query; there is none",
                file + " line 29 (parameters.spec): spec MUST name an io.bulkimport.enrich.EnrichmentSpec bean with "
                        + "pipeline: gizmos, was 'itemsEnrichment' (its pipeline is items)");
    }
}
