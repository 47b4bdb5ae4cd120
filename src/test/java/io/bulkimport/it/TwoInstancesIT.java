package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two service instances on one database and one inbox never import the same file twice. */
class TwoInstancesIT {

    private static final int FILES = 8;
    private static final int ROWS = 20_000;

    private final TestDatabase db = TestDatabase.get();

    @Test
    void every_dropped_file_is_imported_exactly_once_by_one_of_them() throws IOException {
        db.clean();
        try (ServiceProcess first = ServiceProcess.start("first", List.of(), Map.of())) {
            Path inbox = first.inbox("contacts");
            try (ServiceProcess second = ServiceProcess.start("second", List.of(),
                    Map.of("IMPORT_INBOX", inbox.getParent().toString()))) {
                // given files written elsewhere and moved into the shared inbox at once, as a batch job would
                Path staging = Files.createTempDirectory("staging");
                for (int f = 0; f < FILES; f++) {
                    Path file = staging.resolve("part-" + f + ".csv");
                    try (BufferedWriter out = Files.newBufferedWriter(file)) {
                        out.write("email,first_name\n");
                        for (int i = 0; i < ROWS; i++) {
                            out.write("f" + f + "-" + i + "@x.com,F" + f + "\n");
                        }
                    }
                }
                for (int f = 0; f < FILES; f++) {
                    Files.move(staging.resolve("part-" + f + ".csv"), inbox.resolve("part-" + f + ".csv"));
                }

                // when both instances have worked through the inbox
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (countFiles(inbox.resolve(".done")) < FILES && System.nanoTime() < deadline) {
                    ServiceProcess.sleep(200);
                }

                // then each file was imported by exactly one job and every row landed once
                assertThat(countFiles(inbox.resolve(".done"))).isEqualTo(FILES);
                assertThat(db.count("select count(*) from import_jobs")).isEqualTo(FILES);
                assertThat(db.count("select count(*) from import_jobs where status = 'completed' and rows_stored = ?", ROWS))
                        .isEqualTo(FILES);
                assertThat(db.count("select count(*) from contacts")).isEqualTo((long) FILES * ROWS);
                assertThat(first.alive()).isTrue();
                assertThat(second.alive()).isTrue();
                assertThat(first.log() + second.log()).doesNotContain("ERROR");
            }
        }
    }

    private static long countFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }
}
