package io.bulkimport.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.KameletCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The table of building blocks in routes/README.md and README.md is the one the kamelets in routes/kamelets/ describe:
 * when a kamelet's parameters change, this test fails and prints the table to paste.
 */
class BuildingBlocksTableTest {

    @Test
    void the_readmes_show_each_building_block_with_its_parameters_as_the_kamelets_describe_them() throws IOException {
        // given
        String table = table(new KameletCatalog(Path.of("routes")).shipped());

        // then
        assertThat(Files.readString(Path.of("routes", "README.md"))).as("routes/README.md, expected table:\n" + table)
                .contains(table);
        assertThat(Files.readString(Path.of("README.md"))).as("README.md, expected table:\n" + table).contains(table);
    }

    /** One row per parameter (one for a block without any): block, parameter, type, default, what it means. */
    static String table(List<KameletCatalog.Kamelet> kamelets) {
        List<String> rows = new ArrayList<>();
        rows.add("| block | parameter | type | default | meaning |");
        rows.add("|---|---|---|---|---|");
        for (KameletCatalog.Kamelet kamelet : kamelets) {
            String block = "`kamelet:" + kamelet.name() + "` (" + kamelet.title() + ")";
            if (kamelet.parameters().isEmpty()) {
                rows.add("| " + block + " | — | | | " + kamelet.description() + " |");
            }
            for (KameletCatalog.Parameter p : kamelet.parameters().values()) {
                String dflt = p.required() ? "required" : p.defaultValue().isEmpty() ? "(empty)" : "`" + p.defaultValue() + "`";
                rows.add("| " + block + " | `" + p.name() + "` | " + p.type() + " | " + dflt + " | " + p.title() + ": "
                        + p.description() + " |");
                block = "";
            }
        }
        return String.join("\n", rows) + "\n";
    }
}
