package io.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KameletCatalogTest {

    @Test
    void every_shipped_building_block_describes_itself_and_each_of_its_parameters() {
        // when
        KameletCatalog catalog = new KameletCatalog(Path.of("routes"));

        // then every stage is in routes/kamelets/, titled and described, and so is each parameter, with its type
        assertThat(catalog.shipped()).extracting(KameletCatalog.Kamelet::name).containsExactlyElementsOf(KameletCatalog.SHIPPED);
        for (KameletCatalog.Kamelet kamelet : catalog.shipped()) {
            assertThat(kamelet.source()).isEqualTo(Path.of("routes", "kamelets", kamelet.name() + ".kamelet.yaml").toString());
            assertThat(kamelet.title()).as(kamelet.name()).isNotBlank();
            assertThat(kamelet.description()).as(kamelet.name()).isNotBlank();
            kamelet.parameters().values().forEach(p -> {
                assertThat(p.title()).as(kamelet.name() + " " + p.name()).isNotBlank();
                assertThat(p.description()).as(kamelet.name() + " " + p.name()).isNotBlank();
                assertThat(p.type()).as(kamelet.name() + " " + p.name()).isIn("string", "boolean", "integer");
                assertThat(p.required() || p.defaultValue() != null).as(kamelet.name() + " " + p.name()
                        + ": an optional parameter has a default").isTrue();
            });
        }
        KameletCatalog.Parameter column = catalog.find("hash-stage").orElseThrow().parameters().get("column");
        assertThat(column.required()).isTrue();
        assertThat(column.defaultValue()).isNull();
        assertThat(catalog.find("validate-stage").orElseThrow().parameters().get("honourCreateNew").defaultValue())
                .isEqualTo("false");
    }

    @Test
    void a_kamelet_in_the_route_folder_wins_and_one_it_lacks_comes_from_the_jar(@TempDir Path routes) throws IOException {
        // given a route folder with its own store-stage
        Files.createDirectories(routes.resolve("kamelets"));
        Files.writeString(routes.resolve("kamelets").resolve("store-stage.kamelet.yaml"), """
                apiVersion: camel.apache.org/v1
                kind: Kamelet
                metadata:
                  name: store-stage
                spec:
                  definition:
                    title: Our store
                    properties:
                      audit:
                        title: Audit
                        description: also audit
                        type: boolean
                        default: false
                  template:
                    from:
                      uri: kamelet:source
                      steps:
                        - to: bean:batchStore
                """);

        // when
        KameletCatalog catalog = new KameletCatalog(routes);

        // then
        assertThat(catalog.find("store-stage").orElseThrow().parameters()).containsOnlyKeys("audit");
        assertThat(catalog.find("hash-stage").orElseThrow().source()).isEqualTo("classpath:kamelets/hash-stage.kamelet.yaml");
        assertThat(catalog.find("no-such-stage")).isEmpty();
    }
}
