package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /api/imports/{id}/cancel stops an import within the batches in flight; what was stored stays until rolled back. */
class CancelIT {

    private static final int ROWS = 300_000;
    private static final int BATCH = 100;

    private final ServiceProcess service = ServiceProcess.shared();
    private final ApiClient api = new ApiClient(service);
    private final TestDatabase db = TestDatabase.get();

    @Test
    void cancel_stops_soon_keeps_what_was_stored_and_rollback_removes_it() {
        // given a long import under way
        db.clean();
        StringBuilder csv = new StringBuilder("email\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("cancel").append(i).append("@x.com\n");
        }
        HttpResponse<String> accepted = api.upload("contacts", csv.toString().getBytes(StandardCharsets.UTF_8), "batchSize=" + BATCH);
        String id = String.valueOf(ApiClient.json(accepted.body()).get("id"));
        while (db.count("select batches_done from import_jobs where id = ?::uuid", id) < 20) {
            ServiceProcess.sleep(5);
        }

        // when it is cancelled
        HttpResponse<String> cancelled = api.post("/api/imports/" + id + "/cancel");
        assertThat(cancelled.statusCode()).isEqualTo(202);
        long doneAtCancel = ((Number) ApiClient.json(cancelled.body()).get("batchesDone")).longValue();
        Map<String, Object> job = api.awaitFinished(id, Duration.ofSeconds(60));

        // then it stopped within one batch: at most the batch that was committing at that moment
        assertThat(job).containsEntry("status", "cancelled");
        long batches = ((Number) job.get("batchesDone")).longValue();
        assertThat(batches).isBetween(doneAtCancel, doneAtCancel + 1);
        assertThat(db.count("select count(*) from contacts where import_id = ?::uuid", id))
                .isEqualTo(((Number) job.get("rowsStored")).longValue()).isEqualTo(batches * BATCH);
        assertThat(api.post("/api/imports/" + id + "/cancel").statusCode()).as("cancel twice").isEqualTo(409);

        // and a rollback removes what it stored
        HttpResponse<String> rolledBack = api.send(HttpRequest.newBuilder(api.uri("/api/imports/" + id)).DELETE().build());
        assertThat(rolledBack.statusCode()).isEqualTo(200);
        assertThat(db.count("select count(*) from contacts where import_id = ?::uuid", id)).isZero();
    }
}
