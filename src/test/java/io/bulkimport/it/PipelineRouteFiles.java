package io.bulkimport.it;

/** Route files for the pipelines a test declares: what an integration team writes for a new pipeline. */
final class PipelineRouteFiles {

    private PipelineRouteFiles() {
    }

    /**
     * A pipeline {@code name} into table {@code name}, with its inbox folder and the plain stage list (validate, store).
     *
     * @param columns the {@code columns:} block, each line indented by 10 spaces as it stands under {@code properties:}
     * @return the text of {@code <name>.camel.yaml}
     */
    static String validateAndStore(String name, String columns) {
        return """
                - beans:
                    - name: %1$sPipeline
                      type: "#class:io.bulkimport.pipeline.PipelineDefinition"
                      properties:
                        name: %1$s
                        table: %1$s
                        columns: |
                %2$s
                - templatedRoute:
                    routeTemplateRef: inbox
                    routeId: %1$s-inbox
                    parameters:
                      - name: pipeline
                        value: %1$s

                - templatedRoute:
                    routeTemplateRef: batches
                    routeId: %1$s
                    parameters:
                      - name: pipeline
                        value: %1$s
                - route:
                    id: %1$s-batch
                    routeConfigurationId: import-error-handling
                    from:
                      uri: direct:%1$s-batch
                      steps:
                        - to: kamelet:validate-stage
                        - to: kamelet:store-stage
                """.formatted(name, columns);
    }
}
