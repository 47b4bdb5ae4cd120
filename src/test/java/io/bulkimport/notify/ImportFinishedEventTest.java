package io.bulkimport.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkimport.pipeline.ImportOptions;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.ImportStatus;
import io.bulkimport.progress.JobView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImportFinishedEventTest {

    private static final UUID ID = UUID.fromString("2f0c1d2e-0000-4000-8000-000000000001");
    private static final Instant STARTED = Instant.parse("2026-11-30T10:00:00Z");
    private static final Instant FINISHED = Instant.parse("2026-11-30T10:00:04Z");

    @Test
    void the_body_is_the_standard_webhooks_payload_with_the_job_json_as_data() throws Exception {
        // given a finished job with a failed row
        ImportFinishedEvent event = new ImportFinishedEvent(job(ImportStatus.COMPLETED_WITH_ERRORS, 1, null),
                FINISHED.plusSeconds(1), "https://imports.example.com/");

        // when its body is read back
        Map<String, Object> body = new ObjectMapper().readValue(event.body(), new TypeReference<>() { });

        // then it has the type, the time, the job JSON and the links, and nothing of the options
        assertThat(body).containsOnlyKeys("type", "timestamp", "data", "links")
                .containsEntry("type", "import.finished").containsEntry("timestamp", "2026-11-30T10:00:05Z")
                .containsEntry("links", Map.of("import", "https://imports.example.com/api/imports/" + ID,
                        "errors", "https://imports.example.com/api/imports/" + ID + "/errors"));
        ObjectMapper json = new ObjectMapper();
        assertThat(body.get("data")).isEqualTo(json.readValue(json.writeValueAsString(JobView.of(event.job(), Instant.now())), Map.class));
        assertThat(event.body()).doesNotContain("hooks.internal");
    }

    @Test
    void the_mail_says_the_outcome_and_the_counts() {
        ImportFinishedEvent event = new ImportFinishedEvent(job(ImportStatus.COMPLETED_WITH_ERRORS, 1, null), FINISHED,
                "http://localhost:8080");
        assertThat(event.subject()).isEqualTo("Import contacts 'people.csv': completed_with_errors");
        assertThat(event.summary()).isEqualTo("""
                The contacts import of 'people.csv' ended: completed_with_errors.

                Rows read:      10
                Rows stored:    8
                Rows duplicate: 1
                Rows failed:    1

                Import: http://localhost:8080/api/imports/%1$s
                Error report: http://localhost:8080/api/imports/%1$s/errors
                """.formatted(ID));
    }

    @Test
    void a_failed_import_mails_its_error_and_no_report_link_without_failed_rows() {
        String summary = new ImportFinishedEvent(job(ImportStatus.FAILED, 0, "missing required column: email"), FINISHED,
                "http://localhost:8080").summary();
        assertThat(summary).contains("ended: failed.", "Error:          missing required column: email\n")
                .doesNotContain("Error report");
    }

    private static ImportJob job(ImportStatus status, long failed, String error) {
        ImportOptions options = new ImportOptions("skip", 500, false, false, true, null, null, "UTF-8",
                "https://hooks.internal/x", null);
        return new ImportJob(ID, "contacts", "upload", "people.csv", "/data/people.csv", "ab12", 1234L, options,
                List.of("email"), status, 10L, true, 10, 9 - failed, 1, failed, 1, 1, STARTED, STARTED, FINISHED, error);
    }
}
