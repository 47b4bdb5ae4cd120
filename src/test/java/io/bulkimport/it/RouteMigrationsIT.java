package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An integration team adds a pipeline with a route file and a table migration in a copy of {@code routes/}, and the
 * same built jar, unrebuilt, creates the table and imports into it; a route file that breaks a rule stops the start.
 */
class RouteMigrationsIT {

    private final TestDatabase db = TestDatabase.get();

    @TempDir
    Path routes;

    @BeforeEach
    void copyTheShippedRoutes() throws IOException {
        db.clean();
        dropWhatTheTestsCreate();
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path file : shipped.filter(Files::isRegularFile).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Files.createDirectories(routes.resolve("migrations"));
    }

    @AfterEach
    void dropWhatTheTestsCreate() {
        db.execute("drop table if exists gadgets, gizmos, routes_schema_history");
    }

    @Test
    void a_new_pipeline_with_its_table_migration_imports_without_a_rebuild() throws IOException {
        // given a route file and the migration that creates its table, in the route folder only
        Files.writeString(routes.resolve("migrations").resolve("V1__gadgets.sql"), """
                create table gadgets (
                    serial_no text primary key,
                    label     text,
                    weight_g  integer,
                    import_id uuid not null
                );
                """);
        Files.writeString(routes.resolve("gadgets.camel.yaml"), PipelineRouteFiles.validateAndStore("gadgets", """
                          serial_no: { key: true, pattern: 'G-[0-9]+', aliases: [Serial Number] }
                          label:     { required: true }
                          weight_g:  { format: integer, aliases: [Weight] }
                """));

        try (ServiceProcess service = ServiceProcess.start("route-migrations", List.of(),
                Map.of("IMPORT_ROUTES", routes.toString()))) {
            ApiClient api = new ApiClient(service);

            // when a CSV is posted to the new pipeline
            String csv = "Serial Number,label,Weight\nG-1,Lamp,1200\nG-2,Fan,\nX-3,Kettle,900\n";
            var accepted = api.upload("gadgets", csv.getBytes(StandardCharsets.UTF_8), "filename=gadgets.csv");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String id = String.valueOf(ApiClient.json(accepted.body()).get("id"));
            Map<String, Object> job = api.awaitFinished(id, Duration.ofSeconds(60));

            // then the table the migration made holds the valid rows, and the bad one is reported by its rule
            assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsStored", 2)
                    .containsEntry("rowsFailed", 1);
            assertThat(db.rows("select serial_no, label, weight_g from gadgets order by serial_no")).containsExactly(
                    row("serial_no", "G-1", "label", "Lamp", "weight_g", 1200),
                    row("serial_no", "G-2", "label", "Fan", "weight_g", null));
            assertThat(api.errors(id).get(1).toList().subList(0, 3)).containsExactly("4", "serial_no",
                    "does not match the pattern G-[0-9]+");
            assertThat(db.rows("select version, description, success from routes_schema_history where version is not null "
                    + "and type = 'SQL'")).containsExactly(row("version", "1", "description", "gadgets", "success", true));
        }
    }

    @Test
    void a_route_folder_migration_numbered_like_the_services_own_does_not_collide_with_it() throws IOException {
        // given route migrations V1 and V8: the service has a V1 and a V8 of its own
        Files.writeString(routes.resolve("migrations").resolve("V1__gadgets.sql"),
                "create table gadgets (serial_no text primary key, import_id uuid not null);\n");
        Files.writeString(routes.resolve("migrations").resolve("V8__gizmos.sql"),
                "create table gizmos (code text primary key, import_id uuid not null);\n");
        long serviceMigrations = db.count("select count(*) from flyway_schema_history");

        // when the service starts on that folder, twice
        for (int start = 0; start < 2; start++) {
            try (ServiceProcess service = ServiceProcess.start("route-migrations-versions", List.of(),
                    Map.of("IMPORT_ROUTES", routes.toString()))) {
                assertThat(new ApiClient(service).get("/api/pipelines").statusCode()).isEqualTo(200);
            }
        }

        // then both ran once, in their own history, and the service's history is as it was
        assertThat(db.rows("select version, description from routes_schema_history where type = 'SQL' order by installed_rank"))
                .containsExactly(row("version", "1", "description", "gadgets"), row("version", "8", "description", "gizmos"));
        assertThat(db.count("select count(*) from flyway_schema_history")).isEqualTo(serviceMigrations);
        assertThat(db.rows("select description from flyway_schema_history where version = '1'"))
                .containsExactly(row("description", "import framework"));
        assertThat(db.count("select count(*) from information_schema.tables where table_name in ('gadgets', 'gizmos')"))
                .isEqualTo(2);
    }

    @Test
    void a_broken_route_file_stops_the_start_naming_the_file_the_line_the_key_and_the_rule() throws IOException {
        // given a pipeline whose table has no unique constraint on its key column nor a declared column, and one that
        // reuses a name
        Files.writeString(routes.resolve("migrations").resolve("V1__gadgets.sql"),
                "create table gadgets (serial_no text, label text, import_id uuid not null);\n");
        Files.writeString(routes.resolve("gadgets.camel.yaml"), PipelineRouteFiles.validateAndStore("gadgets", """
                          serial_no: { key: true }
                          label:     { }
                          colour:    { }
                """));
        Files.writeString(routes.resolve("more-contacts.camel.yaml"), """
                - beans:
                    - name: moreContactsPipeline
                      type: "#class:io.bulkimport.pipeline.PipelineDefinition"
                      properties:
                        name: contacts
                """);

        // and one without a table whose stage list lacks the error handling, stores before it validates, and calls
        // building blocks wrongly: a misspelt parameter (so the required one is missing) and a misspelt kamelet
        Files.writeString(routes.resolve("widgets.camel.yaml"), """
                - beans:
                    - name: widgetsPipeline
                      type: "#class:io.bulkimport.pipeline.PipelineDefinition"
                      properties:
                        name: widgets
                - templatedRoute:
                    routeTemplateRef: batches
                    routeId: widgets
                    parameters:
                      - name: pipeline
                        value: widgets
                - route:
                    id: widgets-batch
                    from:
                      uri: direct:widgets-batch
                      steps:
                        - to: kamelet:store-stage
                        - to:
                            uri: kamelet:hash-stage
                            parameters:
                              colum: password_hash
                        - to: kamelet:validate-stag
                """);

        // when the service starts, then it stops with one line per broken rule
        assertThatThrownBy(() -> ServiceProcess.start("route-migrations-broken", List.of(),
                Map.of("IMPORT_ROUTES", routes.toString())))
                .hasMessageContaining("route files break the rules of routes/README.md")
                .hasMessageContaining(routes.resolve("gadgets.camel.yaml") + " line 6 (table): the table MUST have a "
                        + "unique constraint or primary key on exactly serial_no: table gadgets has none")
                .hasMessageContaining(routes.resolve("gadgets.camel.yaml") + " line 10 (colour): the table MUST have a "
                        + "column for it: table gadgets has no column colour")
                .hasMessageContaining(routes.resolve("more-contacts.camel.yaml") + " line 5 (name): the name MUST be "
                        + "unique: 'contacts' is also declared in " + routes.resolve("contacts.camel.yaml") + " line 8")
                .hasMessageContaining(routes.resolve("widgets.camel.yaml") + " line 2 (table): the table MUST exist before "
                        + "the service starts (add it as migrations/V<n>__<what>.sql in the route folder): table widgets "
                        + "does not exist")
                .hasMessageContaining(routes.resolve("widgets.camel.yaml") + " line 13 (routeConfigurationId): the route "
                        + "widgets-batch MUST say routeConfigurationId: import-error-handling")
                .hasMessageContaining(routes.resolve("widgets.camel.yaml") + " line 13 (steps): kamelet:validate-stage "
                        + "MUST come first in the stage list of widgets-batch, was 'kamelet:store-stage'")
                .hasMessageContaining(routes.resolve("widgets.camel.yaml") + " line 13 (steps): kamelet:store-stage "
                        + "MUST come last in the stage list of widgets-batch, was 'kamelet:validate-stag'")
                .hasMessageContaining(routes.resolve("widgets.camel.yaml") + " line 18 (parameters): kamelet hash-stage "
                        + "needs the parameter column")
                .hasMessageContaining(routes.resolve("widgets.camel.yaml") + " line 21 (parameters.colum): kamelet "
                        + "hash-stage has no parameter 'colum'; its parameters are column, noPasswordWhen")
                .hasMessageContaining(routes.resolve("widgets.camel.yaml") + " line 22 (uri): kamelet:validate-stag "
                        + "MUST name a building block in kamelets/");
    }

    @Test
    void a_declaration_value_that_is_no_identifier_stops_the_start_naming_the_file_the_key_and_the_rule() throws IOException {
        // given a pipeline name with a capital and a dash
        Files.writeString(routes.resolve("gadgets.camel.yaml"), PipelineRouteFiles.validateAndStore("gadgets", """
                          serial_no: { key: true }
                """).replace("name: gadgets\n", "name: Gadgets-2\n"));

        // when the service starts, then it stops with the file, the key and the rule
        assertThatThrownBy(() -> ServiceProcess.start("route-migrations-bad-name", List.of(),
                Map.of("IMPORT_ROUTES", routes.toString())))
                .hasMessageContaining("Error pre-parsing resource: file:" + routes.resolve("gadgets.camel.yaml"))
                .hasMessageContaining("Error binding property (name=Gadgets-2) with name: name")
                .hasMessageContaining("name must be a lower-case SQL identifier ([a-z_][a-z0-9_]*), was 'Gadgets-2'");
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }
}
