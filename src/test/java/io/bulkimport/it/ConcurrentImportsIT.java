package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two imports writing the same keys at the same time, in different orders: each import's batches write in parallel
 * and keep their transactions open until their turn to commit, so the two can wait for each other. The database's
 * lock timeout ends such a wait and the batch is redelivered; nothing is lost or stored twice.
 */
class ConcurrentImportsIT {

    private static final int KEYS = 6000;

    private final TestDatabase db = TestDatabase.get();

    @TempDir
    Path dir;

    @Test
    void two_imports_of_the_same_keys_in_different_orders_both_complete_exactly() throws IOException {
        db.clean();
        try (ServiceProcess service = ServiceProcess.start("concurrent", List.of(),
                Map.of("DB_LOCK_TIMEOUT_MS", "1000", "IMPORT_RETRY_INITIAL_DELAY_MS", "100"))) {
            ApiClient api = new ApiClient(service);
            // given the same keys in two different shuffled orders, with other values: every batch of one import
            // shares keys with many batches of the other
            StringBuilder up = new StringBuilder("email,first_name\n");
            StringBuilder down = new StringBuilder("email,first_name\n");
            List<Integer> first = shuffled(1);
            List<Integer> second = shuffled(2);
            for (int i = 0; i < KEYS; i++) {
                up.append("c").append(first.get(i)).append("@x.com,up\n");
                down.append("c").append(second.get(i)).append("@x.com,down\n");
            }
            Path upFile = Files.writeString(dir.resolve("up.csv"), up);
            Path downFile = Files.writeString(dir.resolve("down.csv"), down);

            // when both are imported at once with update
            String upId = api.uploadAccepted("contacts", upFile, "duplicates=update&batchSize=50");
            String downId = api.uploadAccepted("contacts", downFile, "duplicates=update&batchSize=50");
            Map<String, Object> a = api.awaitFinished(upId, Duration.ofMinutes(3));
            Map<String, Object> b = api.awaitFinished(downId, Duration.ofMinutes(3));

            // then both completed, every key is there once, and each import counted every row it read as stored
            // (new, or changed from the other import's value)
            assertThat(a).containsEntry("status", "completed").containsEntry("rowsStored", KEYS).containsEntry("rowsFailed", 0);
            assertThat(b).containsEntry("status", "completed").containsEntry("rowsStored", KEYS).containsEntry("rowsFailed", 0);
            assertThat(db.count("select count(*) from contacts")).isEqualTo(KEYS);
            assertThat(db.count("select count(*) from contacts where first_name in ('up', 'down')")).isEqualTo(KEYS);
            assertThat(service.alive()).isTrue();
        }
    }

    private static List<Integer> shuffled(long seed) {
        List<Integer> keys = new ArrayList<>(IntStream.range(0, KEYS).boxed().toList());
        Collections.shuffle(keys, new Random(seed));
        return keys;
    }
}
