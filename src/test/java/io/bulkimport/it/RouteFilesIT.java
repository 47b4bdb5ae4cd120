package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An integration engineer adds a pipeline with a route file only: no Java, no rebuild. */
class RouteFilesIT {

    private final TestDatabase db = TestDatabase.get();

    @TempDir
    Path routes;

    @Test
    void a_new_route_file_is_a_new_pipeline() throws IOException {
        // given the shipped routes plus a "products" pipeline whose table exists (a pipeline whose table does not
        // stops the start: RouteMigrationsIT)
        db.execute("drop table if exists products");
        db.execute("create table products (sku text primary key, price numeric check (price >= 0), in_stock boolean, "
                + "import_id uuid not null)");
        for (String shipped : List.of("contacts.camel.yaml", "records.camel.yaml")) {
            Files.copy(Path.of("routes", shipped), routes.resolve(shipped));
        }
        Files.writeString(routes.resolve("products.camel.yaml"), pipeline("products", """
                          sku:      { key: true, pattern: '[A-Z]{3}-[0-9]{4}', aliases: [Article Number] }
                          price:    { format: decimal, required: true }
                          in_stock: { format: boolean, default: "true" }
                """));

        try (ServiceProcess service = ServiceProcess.start("routes", List.of(),
                Map.of("IMPORT_ROUTES", routes.toString()))) {
            ApiClient api = new ApiClient(service);

            // then the new pipeline imports, with its own rules
            String csv = "Article Number,price,in_stock\nABC-0001,12.50,\nabc-1,3,true\nXYZ-0002,not-a-price,no\nXYZ-0003,-0.5,no\n";
            String id = String.valueOf(ApiClient.json(api.upload("products", csv.getBytes(StandardCharsets.UTF_8), "").body()).get("id"));
            Map<String, Object> job = api.awaitFinished(id, Duration.ofSeconds(60));
            // (the table's check constraint refuses the negative price: that row alone is isolated and reported)
            assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsStored", 1)
                    .containsEntry("rowsFailed", 3);
            assertThat(db.rows("select sku, price::text as price, in_stock from products order by sku")).containsExactly(
                    Map.of("sku", "ABC-0001", "price", "12.50", "in_stock", true));
            assertThat(api.errors(id).subList(1, 4)).extracting(r -> r.get(0) + " " + r.get(1) + " " + r.get(2)).containsExactly(
                    "3 sku does not match the pattern [A-Z]{3}-[0-9]{4}", "4 price not a number (en, e.g. 1,234.56): not-a-price",
                    "5  rejected by the database: new row for relation \"products\" violates check constraint \"products_price_check\"");
        } finally {
            db.execute("drop table if exists products");
        }
    }

    private static String pipeline(String name, String columns) {
        return """
                - beans:
                    - name: %1$sPipeline
                      type: "#class:io.bulkimport.pipeline.PipelineDefinition"
                      properties:
                        name: %1$s
                        columns: |
                %2$s
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
