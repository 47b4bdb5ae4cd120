package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dead letters are not the end: once the cause is fixed, POST /api/imports/{id}/retry re-drives the failed rows. */
class RetryIT {

    private static final String FILE = "email,first_name\n"
            + "ok1@x.com,A\n"
            + "held1@blocked.example,B\n"
            + "not-an-email,C\n"
            + "ok2@x.com,D\n"
            + "held2@blocked.example,E\n"
            + "ok3@x.com,F\n";

    private final ServiceProcess service = ServiceProcess.shared();
    private final ApiClient api = new ApiClient(service);
    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void a_rule_the_database_enforces() {
        db.clean();
        db.execute("alter table contacts add constraint no_blocked_domain check (email not like '%@blocked.example')");
    }

    @AfterEach
    void drop_it() {
        db.execute("alter table contacts drop constraint if exists no_blocked_domain");
    }

    @Test
    void retried_rows_land_once_their_cause_is_fixed_and_the_counters_follow() {
        // given an import whose rows were refused by the database (2) and by validation (1)
        HttpResponse<String> accepted = api.upload("contacts", FILE.getBytes(StandardCharsets.UTF_8), "");
        String id = String.valueOf(ApiClient.json(accepted.body()).get("id"));
        assertThat(api.awaitFinished(id, Duration.ofSeconds(60))).containsEntry("status", "completed_with_errors")
                .containsEntry("rowsStored", 3).containsEntry("rowsFailed", 3);

        // when it is retried before the cause is fixed, nothing changes and nothing is reported twice
        assertThat(api.post("/api/imports/" + id + "/retry").statusCode()).isEqualTo(202);
        assertThat(api.awaitFinished(id, Duration.ofSeconds(60))).containsEntry("rowsRead", 6)
                .containsEntry("rowsStored", 3).containsEntry("rowsFailed", 3);
        assertThat(api.errors(id)).hasSize(1 + 3);

        // and when it is retried after the rule is lifted
        db.execute("alter table contacts drop constraint no_blocked_domain");
        assertThat(api.post("/api/imports/" + id + "/retry").statusCode()).isEqualTo(202);
        Map<String, Object> job = api.awaitFinished(id, Duration.ofSeconds(60));

        // then the refused rows are stored, the invalid one is still reported, and the counters add up
        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsRead", 6)
                .containsEntry("rowsStored", 5).containsEntry("rowsDuplicate", 0).containsEntry("rowsFailed", 1);
        assertThat(db.count("select count(*) from contacts where import_id = ?::uuid", id)).isEqualTo(5);
        // and its batches, counted on from the import's own, end with as many done as there were (two retries of one)
        assertThat(job).containsEntry("batchesDone", 3).containsEntry("batchesTotal", 3);
        assertThat(api.errors(id).subList(1, 2)).extracting(r -> r.get(0) + " " + r.get(2))
                .containsExactly("4 not a valid email address");
    }

    @Test
    void an_import_without_failed_rows_cannot_be_retried() {
        HttpResponse<String> accepted = api.upload("contacts", "email\nfine@x.com\n".getBytes(StandardCharsets.UTF_8), "");
        String id = String.valueOf(ApiClient.json(accepted.body()).get("id"));
        api.awaitFinished(id, Duration.ofSeconds(60));

        HttpResponse<String> retry = api.post("/api/imports/" + id + "/retry");

        assertThat(retry.statusCode()).isEqualTo(409);
        assertThat(retry.body()).contains("only an import that ended with failed rows can be retried");
    }
}
