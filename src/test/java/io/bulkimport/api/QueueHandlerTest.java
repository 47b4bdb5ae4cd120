package io.bulkimport.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.intake.ImportQueue;
import io.bulkimport.store.QueuedJobRepository.Described;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QueueHandlerTest {

    @Test
    void lists_running_then_queued_imports_with_positions_and_leaves_out_one_cancelled_while_waiting() {
        // given one running import, and three waiting of which the second was cancelled meanwhile
        UUID group = UUID.randomUUID();
        UUID running = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID cancelled = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        Instant t = Instant.parse("2026-11-30T23:00:00Z");
        ImportQueue.Snapshot snapshot = new ImportQueue.Snapshot(2,
                List.of(new ImportQueue.Entry(first, group, t, 1), new ImportQueue.Entry(cancelled, null, t, 2),
                        new ImportQueue.Entry(third, group, t.plusSeconds(1), 3)),
                List.of(new ImportQueue.Entry(running, null, t.minusSeconds(5), 0)));
        Map<UUID, Described> described = Map.of(
                running, new Described("contacts", "big.csv", "running", t.minusSeconds(5)),
                first, new Described("transactions", "a.csv", "queued", null),
                cancelled, new Described("contacts", "c.csv", "cancelled", null),
                third, new Described("transactions", "b.csv", "queued", null));

        // when
        Map<String, Object> view = QueueHandler.view(snapshot, described);

        // then
        assertThat(view).containsEntry("maxConcurrentFiles", 2)
                .containsEntry("totals", Map.of("queued", 2, "running", 1));
        List<Map<String, Object>> queued = list(view.get("queued"));
        assertThat(queued).extracting(m -> m.get("fileName")).containsExactly("a.csv", "b.csv");
        assertThat(queued).extracting(m -> m.get("position")).containsExactly(1, 2);
        assertThat(queued.get(0)).containsEntry("groupId", group.toString()).containsEntry("pipeline", "transactions")
                .containsEntry("status", "queued").containsEntry("since", t.toString());
        List<Map<String, Object>> runningNow = list(view.get("running"));
        assertThat(runningNow).singleElement().satisfies(m -> assertThat(m)
                .containsEntry("id", running.toString()).containsEntry("groupId", null)
                .containsEntry("position", null).containsEntry("since", t.minusSeconds(5).toString()));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }
}
