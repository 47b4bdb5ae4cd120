package io.bulkimport.step;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.BatchJson;
import io.bulkimport.pipeline.TestImports;
import io.bulkimport.validate.RowValidator;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The route steps routes/README.md promises on a batch, loaded from YAML as a route file is. */
class BatchRouteStepsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ROUTES = """
            - route:
                id: marshal-batch
                from:
                  uri: direct:marshal
                  steps:
                    - marshal:
                        json: {}
            - route:
                id: convert-batch
                from:
                  uri: direct:convert
                  steps:
                    - step:
                        id: tidy
                        steps:
                          - convertBodyTo:
                              type: java.lang.String
                          - process:
                              ref: leaveOutSecondRow
                    - convertBodyTo:
                        type: io.bulkimport.pipeline.Batch
            """;

    private final CamelContext camel = new DefaultCamelContext();

    @BeforeEach
    void start() throws Exception {
        camel.getTypeConverterRegistry().addTypeConverters(new BatchTypeConverters());
        // stands in for a service that answers with the batch: the second row left out, the first renamed
        camel.getRegistry().bind("leaveOutSecondRow", (Processor) exchange -> {
            ObjectNode json = (ObjectNode) JSON.readTree(exchange.getMessage().getBody(String.class));
            json.withArray("rows").remove(1);
            ((ObjectNode) json.get("rows").get(0)).put("name", "Ada Lovelace");
            exchange.getMessage().setBody(json.toString());
        });
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("steps.camel.yaml", ROUTES));
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void marshal_json_writes_the_batchs_json_form() {
        // given
        Batch batch = usersBatch();

        // when
        Exchange result = camel.createProducerTemplate().send("direct:marshal", e -> e.getIn().setBody(batch));

        // then
        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo(BatchJson.write(batch).toString());
    }

    @Test
    void convert_body_to_string_and_back_brings_the_changes_onto_the_batch() {
        // given
        Batch batch = usersBatch();
        ProducerTemplate producer = camel.createProducerTemplate();

        // when
        Exchange result = producer.send("direct:convert", e -> e.getIn().setBody(batch));

        // then
        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isSameAs(batch);
        assertThat(batch.valid()).singleElement().satisfies(row -> {
            assertThat(row.rowNumber()).isEqualTo(2);
            assertThat(row.values()[1]).isEqualTo("Ada Lovelace");
        });
        assertThat(batch.errors()).extracting(e -> e.rowNumber() + " " + e.stage() + " " + e.reason())
                .containsExactly("3 tidy left out by step tidy");
    }

    @Test
    void route_files_can_name_http_and_https_endpoints() {
        assertThat(camel.getEndpoint("http://127.0.0.1:8081/verify").getClass().getSimpleName()).isEqualTo("HttpEndpoint");
        assertThat(camel.getEndpoint("https://verify.example/verify").getEndpointUri()).startsWith("https://");
    }

    private static Batch usersBatch() {
        Batch batch = TestImports.batch(TestImports.users(), TestImports.options(), List.of(
                List.of("email", "name", "password"),
                List.of("ada@example.com", "Ada", "correct horse battery"),
                List.of("bob@example.com", "Bob", "correct horse battery")));
        new RowValidator().validate(batch);
        return batch;
    }
}
