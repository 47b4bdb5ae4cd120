package io.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteFileIndexTest {

    @Test
    void finds_the_lines_of_a_shipped_declaration_its_columns_its_inbox_and_its_stage_route() throws IOException {
        // when
        RouteFileIndex index = RouteFileIndex.read(Path.of("routes"));

        // then
        Path users = Path.of("routes", "users.camel.yaml");
        RouteFileIndex.Declaration declaration = index.declarations().stream()
                .filter(d -> d.file().equals(users)).findFirst().orElseThrow();
        assertThat(declaration.beanName()).isEqualTo("usersPipeline");
        assertThat(declaration.name()).isEqualTo("users");
        assertThat(declaration.line()).isEqualTo(5);
        assertThat(declaration.lineOf("name")).isEqualTo(8);
        assertThat(declaration.lineOf("table")).isEqualTo(9);
        assertThat(declaration.lineOf("columns")).isEqualTo(16);
        assertThat(declaration.lineOf("email")).isEqualTo(17);
        assertThat(declaration.lineOf("password_hash")).isEqualTo(20);
        assertThat(declaration.lineOf("signed_up")).isEqualTo(22);
        assertThat(declaration.lineOf("no_such_key")).isEqualTo(5);

        assertThat(index.inboxes()).contains(new RouteFileIndex.Inbox(users, 24, "users-inbox", "users"));
        assertThat(index.batches()).contains(new RouteFileIndex.Batches(users, 31, "users", "users"));
        RouteFileIndex.StageRoute route = index.routes().stream().filter(r -> "users-batch".equals(r.id())).findFirst().orElseThrow();
        assertThat(route.file()).isEqualTo(users);
        assertThat(route.line()).isEqualTo(39);
        assertThat(route.from()).isEqualTo("direct:users-batch");
        assertThat(route.routeConfigurationId()).isEqualTo("import-error-handling");
        assertThat(route.hasSplit()).isFalse();
        assertThat(route.steps()).containsExactly("kamelet:validate-stage", "kamelet:hash-stage", "kamelet:store-stage");
        assertThat(route.kamelets()).containsExactly(
                new RouteFileIndex.KameletStep(users, 45, "validate-stage", Map.of("honourCreateNew", "true"),
                        Map.of("honourCreateNew", 48)),
                new RouteFileIndex.KameletStep(users, 49, "hash-stage",
                        Map.of("column", "password_hash", "noPasswordWhen", "user_type=operational"),
                        Map.of("column", 52, "noPasswordWhen", 53)),
                new RouteFileIndex.KameletStep(users, 54, "store-stage", Map.of(), Map.of()));
    }

    @Test
    void reads_a_kamelet_call_written_as_a_uri_with_a_query_or_as_the_kamelet_eip(@TempDir Path routes) throws IOException {
        // given
        Files.writeString(routes.resolve("x.camel.yaml"), """
                - route:
                    id: x-batch
                    from:
                      uri: direct:x-batch
                      steps:
                        - to: kamelet:hash-stage?column=pw&noPasswordWhen=kind%3Dbot
                        - filter:
                            simple: "true"
                            steps:
                              - kamelet:
                                  name: enrich-stage
                                  parameters:
                                    spec: xEnrichment
                        - kamelet:
                            name: store-stage
                """);

        // when
        RouteFileIndex.StageRoute route = RouteFileIndex.read(routes).routes().get(0);

        // then
        Path file = routes.resolve("x.camel.yaml");
        assertThat(route.steps()).containsExactly("kamelet:hash-stage", "filter", "kamelet:store-stage");
        assertThat(route.kamelets()).containsExactly(
                new RouteFileIndex.KameletStep(file, 6, "hash-stage", Map.of("column", "pw", "noPasswordWhen", "kind%3Dbot"),
                        Map.of("column", 6, "noPasswordWhen", 6)),
                new RouteFileIndex.KameletStep(file, 10, "enrich-stage", Map.of("spec", "xEnrichment"), Map.of("spec", 13)),
                new RouteFileIndex.KameletStep(file, 14, "store-stage", Map.of(), Map.of()));
    }

    @Test
    void indexes_every_shipped_pipeline_once_and_reads_no_other_files(@TempDir Path routes) throws IOException {
        // given the shipped route files next to a migration folder and a prompt
        for (String name : new String[] {"contacts", "items", "leads", "records", "transactions", "users"}) {
            Files.copy(Path.of("routes", name + ".camel.yaml"), routes.resolve(name + ".camel.yaml"));
        }
        Files.copy(Path.of("routes", "error-handling.camel.yaml"), routes.resolve("error-handling.camel.yaml"));
        Files.createDirectories(routes.resolve("migrations"));
        Files.writeString(routes.resolve("migrations").resolve("V1__x.sql"), "- route: {id: not-a-route}\n");
        Files.writeString(routes.resolve("items.prompt.txt"), "- route: {id: nor-this}\n");

        // when
        RouteFileIndex index = RouteFileIndex.read(routes);

        // then
        assertThat(index.declarations()).extracting(RouteFileIndex.Declaration::name)
                .containsExactly("contacts", "items", "leads", "records", "transactions", "users");
        // every route; leads-lookup is stage lookup's, import-dead-letter the dead-letter route of
        // error-handling.camel.yaml (neither is a pipeline's, nor checked as one)
        assertThat(index.routes()).extracting(RouteFileIndex.StageRoute::id)
                .containsExactly("contacts-batch", "import-dead-letter", "items-batch", "leads-batch", "leads-lookup",
                        "records-batch", "transactions-batch", "users-batch");
        assertThat(index.batches()).extracting(RouteFileIndex.Batches::routeId)
                .containsExactly("contacts", "items", "leads", "records", "transactions", "users");
        assertThat(index.inboxes()).extracting(RouteFileIndex.Inbox::routeId)
                .containsExactly("contacts-inbox", "items-inbox", "leads-inbox", "records-inbox", "transactions-inbox", "users-inbox");
    }
}
