package io.bulkimport.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.intake.InboxRouteTemplate;
import io.bulkimport.lookup.LookupIdSplitter;
import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.BatchesRouteTemplate;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.RowError;
import io.bulkimport.pipeline.TestImports;
import io.bulkimport.store.BatchFailure;
import io.bulkimport.store.DatabaseFailure;
import io.bulkimport.store.TransientFailure;
import io.bulkimport.validate.RowValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The five shipped pipelines' stage lists, in process: the real route files and the real kamelets of routes/, the
 * stage beans replaced by recorders (validation is the real one, so a batch has valid rows), the lookup query by a
 * fake answer. Each test sends one batch to {@code direct:<pipeline>-batch} and checks which stages ran, in which order,
 * with which parameters.
 */
class PipelineStageListsTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @TempDir
    Path inbox;

    @BeforeEach
    void start() throws Exception {
        camel.getPropertiesComponent().setLocation("classpath:application.properties");
        camel.getPropertiesComponent().addInitialProperty("import.inbox", inbox.toString());
        KameletComponent kamelets = camel.getComponent("kamelet", KameletComponent.class);
        kamelets.setLocation("file:routes/kamelets");
        kamelets.setNoErrorHandler(true);
        bindStages();
        camel.addRoutes(new InboxRouteTemplate());
        camel.addRoutes(new BatchesRouteTemplate());
        for (String file : List.of("error-handling", "contacts", "records", "users", "items", "leads", "transactions")) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(camel, "file:routes/" + file + ".camel.yaml"));
        }
        // the query's answer: lead L-1 is in crm_leads, any other id is not
        AdviceWith.adviceWith(camel, "leads-lookup", route -> route.weaveByToUri("sql:*").replace().process(e -> {
            calls.add("sql");
            e.getMessage().setBody(List.of(Map.of("lead_id", "L-1", "lead_name", "Ada", "company", "Acme", "notes", "")));
        }));
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void users_validates_honouring_createNew_hashes_the_password_column_and_stores() {
        // when
        send("users", List.of(List.of("email", "password"), List.of("ada@example.com", "correct horse")));

        // then
        assertThat(calls).containsExactly("rowValidator", "existingKeysOnly",
                "passwordHasher hashColumn=password_hash hashNoPasswordWhen=user_type=operational", "batchStore");
    }

    @Test
    void contacts_validates_honouring_createNew_and_stores() {
        send("contacts", List.of(List.of("email"), List.of("ada@example.com")));

        assertThat(calls).containsExactly("rowValidator", "existingKeysOnly", "batchStore");
    }

    @Test
    void transactions_validates_typed_lines_honouring_createNew_and_stores() {
        // when
        Batch batch = send("transactions", List.of(
                List.of("Marketplace", "amazon-order-id", "sku", "quantity", "currency", "purchase-date"),
                List.of("amazon", "114-1", "TRUF-01", "2", "usd", "2024-05-03T14:30:00+00:00"),
                List.of("amazon", "114-1", "TEA-07", "1", "€", "2024-05-03T14:30:00+00:00")));

        // then
        assertThat(calls).containsExactly("rowValidator", "existingKeysOnly", "batchStore");
        assertThat(batch.valid()).singleElement().satisfies(row -> assertThat(row.values())
                .containsExactly("amazon", "114-1", "TRUF-01", null, "2", null, null, "USD", "2024-05-03T14:30:00Z", null));
        assertThat(batch.errors()).extracting(RowError::rowNumber, RowError::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3L, "currency"));
    }

    @Test
    void records_validates_and_stores() {
        send("records", List.of(List.of("anything"), List.of("x")));

        assertThat(calls).containsExactly("rowValidator", "batchStore");
    }

    @Test
    void items_validates_enriches_with_its_spec_and_stores() {
        send("items", List.of(List.of("item_id", "title"), List.of("I-1", "Chair")));

        assertThat(calls).containsExactly("rowValidator", "aiEnricher enrichmentSpec=itemsEnrichment", "batchStore");
    }

    @Test
    void leads_validates_looks_up_with_its_query_and_reason_enriches_with_its_spec_and_stores() {
        // when
        Batch batch = send("leads", List.of(List.of("lead_id"), List.of("L-1"), List.of("L-2")));

        // then the stages ran in order, the lookup once for the batch's ids
        assertThat(calls).containsExactly("rowValidator", "sql", "aiEnricher enrichmentSpec=leadsEnrichment", "batchStore");
        // and the lookup filled the row it found and rejected the other with the route file's reason
        assertThat(batch.valid()).singleElement().satisfies(row -> assertThat(row.values()).contains("L-1", "Ada", "Acme"));
        assertThat(batch.errors()).extracting(RowError::rowNumber, RowError::stage, RowError::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, "lookup", "unknown lead id (not in crm_leads)"));
    }

    /** Sends one batch of {@code file} (header first) to the pipeline's stage list; fails on an exception. */
    private Batch send(String pipeline, List<List<String>> file) {
        PipelineDefinition definition = camel.getRegistry().lookupByNameAndType(pipeline + "Pipeline", PipelineDefinition.class);
        Batch batch = TestImports.batch(definition, TestImports.options(), file);
        Exchange result = camel.createProducerTemplate().send("direct:" + pipeline + "-batch", e -> e.getIn().setBody(batch));
        assertThat(result.getException()).isNull();
        return batch;
    }

    private void bindStages() {
        RowValidator validator = new RowValidator();
        camel.getRegistry().bind("rowValidator", (Processor) e -> {
            calls.add("rowValidator");
            validator.process(e);
        });
        camel.getRegistry().bind("existingKeysOnly", recorder("existingKeysOnly"));
        camel.getRegistry().bind("passwordHasher", recorder("passwordHasher", "hashColumn", "hashNoPasswordWhen"));
        camel.getRegistry().bind("aiEnricher", recorder("aiEnricher", "enrichmentSpec"));
        camel.getRegistry().bind("batchStore", recorder("batchStore"));
        camel.getRegistry().bind("lookupIds", new LookupIdSplitter());
        camel.getRegistry().bind("batchExecutor", Executors.newFixedThreadPool(2));
        camel.getRegistry().bind("inboxImportProcessor", (Processor) e -> {   // the inbox routes' target
            throw new IllegalStateException("no file is dropped in this test");
        });
        camel.getRegistry().bind("zipInbox", (org.apache.camel.Processor) exchange -> {   // the inbox routes' zip target
            throw new IllegalStateException("no zip is dropped in this test");
        });
        // error-handling.camel.yaml's beans; no stage fails here
        camel.getRegistry().bind("batchFailure", new BatchFailure(new io.bulkimport.store.DeadLetterCause(java.util.List.of())));
        camel.getRegistry().bind("databaseFailure", new DatabaseFailure());
        camel.getRegistry().bind("transientFailure", new TransientFailure());
        camel.getRegistry().bind("batchDeadLetter", new Object() {
            public boolean accepts(Exchange exchange) {
                return false;
            }
        });
    }

    /** A stage bean that records its name and the exchange properties it reads. */
    private Processor recorder(String name, String... properties) {
        return e -> {
            List<String> seen = new ArrayList<>(List.of(name));
            for (String property : properties) {
                seen.add(property + "=" + e.getProperty(property, String.class));
            }
            calls.add(String.join(" ", seen));
        };
    }
}
