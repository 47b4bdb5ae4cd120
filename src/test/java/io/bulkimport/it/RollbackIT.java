package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DELETE /api/imports/{id}: the table equals its snapshot from before the import, whatever the strategy. */
class RollbackIT {

    private static final String EARLIER_IMPORT = "00000000-0000-0000-0000-000000000002";
    private static final String FILE = "email,first_name,last_name,company,phone\n"
            + "a@x.com,A1,L1,C1,P1\n"
            + "b@x.com,B,BL,BC,BP\n"
            + "new@x.com,N,NL,NC,NP\n"
            + "A@X.com,A2,,,\n"
            + "new@x.com,N2,,,\n"
            + "bad-email,Z,,,\n";

    private final ServiceProcess service = ServiceProcess.shared();
    private final ApiClient api = new ApiClient(service);
    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void existing_rows() {
        db.clean();
        db.execute("insert into contacts (email, first_name, last_name, company, phone, import_id) values "
                + "('a@x.com', 'A0', null, '', 'P0', ?::uuid), ('b@x.com', 'B', 'BL', 'BC', 'BP', ?::uuid), "
                + "('c@x.com', 'C', null, null, null, ?::uuid)", EARLIER_IMPORT, EARLIER_IMPORT, EARLIER_IMPORT);
    }

    @ParameterizedTest(name = "{0}, batch size {1}")
    @CsvSource({"skip,1000", "update,1000", "merge,1000", "skip,1", "update,2", "merge,2"})
    void rollback_returns_the_table_to_its_snapshot(String strategy, int batchSize) {
        // given a snapshot, and an import that inserted, updated or merged rows
        List<Map<String, Object>> before = snapshot();
        String id = importFile(FILE, "duplicates=" + strategy + "&batchSize=" + batchSize + "&force=true");
        assertThat(snapshot()).isNotEqualTo(before);

        // when it is rolled back
        HttpResponse<String> response = delete(id);

        // then the table is exactly as it was, and the job says so
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(response.body())).containsEntry("status", "rolled_back");
        assertThat(snapshot()).isEqualTo(before);
        // and its counts name each row once: no later import changed any of them
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) ApiClient.json(response.body()).get("rollback");
        assertThat(counts).containsEntry("keptNewer", 0);
        assertThat(((Number) counts.get("restored")).intValue()).isEqualTo(strategy.equals("skip") ? 0 : 1);
        assertThat(api.job(id)).containsEntry("status", "rolled_back");
        assertThat(delete(id).statusCode()).as("twice").isEqualTo(409);
    }

    @Test
    void a_row_a_later_import_changed_again_is_left_as_that_import_made_it() {
        // given import 1 and then import 2 both update a@x.com
        String first = importFile("email,first_name\na@x.com,First\n", "duplicates=update");
        String second = importFile("email,first_name\na@x.com,Second\n", "duplicates=update");

        // when import 1 is rolled back
        HttpResponse<String> response = delete(first);

        // then a@x.com keeps import 2's value, and the answer counts it
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(response.body()).get("rollback").toString()).contains("keptNewer=1");
        assertThat(db.rows("select first_name, import_id::text as import_id from contacts where email = 'a@x.com'").get(0))
                .containsEntry("first_name", "Second").containsEntry("import_id", second);
    }

    @Test
    void rollback_is_refused_while_the_import_runs_and_for_an_unknown_id() {
        StringBuilder csv = new StringBuilder("email\n");
        for (int i = 0; i < 150_000; i++) {
            csv.append("running").append(i).append("@x.com\n");
        }
        HttpResponse<String> accepted = api.upload("contacts", csv.toString().getBytes(StandardCharsets.UTF_8), "batchSize=100");
        String id = String.valueOf(ApiClient.json(accepted.body()).get("id"));

        assertThat(delete(id).statusCode()).isEqualTo(409);
        assertThat(delete("00000000-0000-0000-0000-0000000000ff").statusCode()).isEqualTo(404);
        api.awaitFinished(id, Duration.ofMinutes(2));
    }

    private List<Map<String, Object>> snapshot() {
        return db.rows("select email, first_name, last_name, company, phone, import_id::text as import_id from contacts order by email");
    }

    private String importFile(String csv, String query) {
        HttpResponse<String> accepted = api.upload("contacts", csv.getBytes(StandardCharsets.UTF_8), query);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = String.valueOf(ApiClient.json(accepted.body()).get("id"));
        api.awaitFinished(id, Duration.ofSeconds(60));
        return id;
    }

    private HttpResponse<String> delete(String id) {
        return api.send(HttpRequest.newBuilder(api.uri("/api/imports/" + id)).DELETE().build());
    }
}
