package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The checker {@link ApiDescriptionIT} uses finds what does not fit (so its empty answers mean something). */
class OpenApiSchemasTest {

    private static final String JOB = "{\"id\": \"4f9c0a57-43b5-4c4a-9d55-0a7f2b8f5b7e\", \"pipeline\": \"contacts\", "
            + "\"status\": \"completed\", \"fileName\": \"a.csv\", \"totalRows\": 2, \"totalRowsExact\": true, \"rowsRead\": 2, "
            + "\"rowsStored\": 2, \"rowsDuplicate\": 0, \"rowsFailed\": 0, \"batchesDone\": 1, \"batchesTotal\": 1, "
            + "\"percent\": 100.0, \"rowsPerSecond\": 10.5, \"etaSeconds\": 0.0, \"startedAt\": \"2026-01-01T00:00:00Z\", "
            + "\"finishedAt\": null, \"error\": null";

    private static OpenApiSchemas schemas() throws IOException {
        try (InputStream in = OpenApiSchemasTest.class.getClassLoader().getResourceAsStream("openapi.json")) {
            return new OpenApiSchemas(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void a_whole_job_fits() throws IOException {
        assertThat(schemas().check("Job", JOB + "}")).isEmpty();
    }

    @Test
    void finds_a_missing_required_property_a_wrong_type_an_unknown_value_and_an_undocumented_property() throws IOException {
        // given
        OpenApiSchemas schemas = schemas();

        // when / then
        assertThat(schemas.check("Job", JOB.replace("\"status\": \"completed\", ", "") + "}"))
                .containsExactly("$: lacks required status");
        assertThat(schemas.check("Job", JOB.replace("\"rowsRead\": 2", "\"rowsRead\": \"2\"") + "}"))
                .containsExactly("$.rowsRead: STRING is not \"integer\"");
        assertThat(schemas.check("Job", JOB.replace("\"completed\"", "\"done\"") + "}")).hasSize(1)
                .allMatch(p -> p.startsWith("$.status: \"done\" is not one of"));
        assertThat(schemas.check("Job", JOB + ", \"bogus\": 1}")).containsExactly("$.bogus: not in the schema");
    }

    @Test
    void follows_all_of_and_one_of() throws IOException {
        // given
        OpenApiSchemas schemas = schemas();
        String rolledBack = JOB + ", \"rollback\": {\"restored\": 0, \"deleted\": 2, \"keptNewer\": 0}";

        // then
        assertThat(schemas.check("RolledBackJob", rolledBack + "}")).isEmpty();
        assertThat(schemas.check("RolledBackJob", JOB + "}")).containsExactly("$: lacks required rollback");
        assertThat(schemas.check("RolledBackJob", rolledBack + ", \"bogus\": 1}")).containsExactly("$.bogus: not in the schema");
        assertThat(schemas.check("MultipartUpload", "{\"duplicates\": \"sideways\"}")).isNotEmpty();
    }
}
