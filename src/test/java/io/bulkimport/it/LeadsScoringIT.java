package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An Excel list of lead ids: looked up in crm_leads, scored by the (fake) AI provider, stored in lead_assessments. */
class LeadsScoringIT {

    private static final int LEADS = 450;

    private final TestDatabase db = TestDatabase.get();

    @TempDir
    Path dir;

    @Test
    void scores_every_known_lead_once_and_reports_unknown_ids() throws IOException {
        try (FakeAiProvider ai = new FakeAiProvider();
             ServiceProcess service = ServiceProcess.start("leads", List.of(), Map.of("AI_BASE_URL", ai.baseUrl(),
                     "AI_API_KEY", "leads-test-key", "AI_REQUESTS_PER_MINUTE", "600", "LOOKUP_BATCH_SIZE", "150"))) {
            // given the CRM's leads, and a sheet of their ids with three the CRM does not know
            db.clean();
            db.execute("truncate crm_leads, lead_assessments, ai_cache");   // answers cached by an earlier run would hide requests
            db.execute("insert into crm_leads (lead_id, name, company, notes) select 'L' || g, 'Lead ' || g, "
                    + "'Company ' || g, 'met at fair ' || g from generate_series(1, ?) g", LEADS);
            Path sheet = dir.resolve("leads.xlsx");
            try (OutputStream out = Files.newOutputStream(sheet)) {
                org.dhatim.fastexcel.Workbook workbook = new org.dhatim.fastexcel.Workbook(out, "test", "1.0");
                org.dhatim.fastexcel.Worksheet ws = workbook.newWorksheet("Leads");
                ws.value(0, 0, "Lead ID");
                for (int i = 1; i <= LEADS; i++) {
                    ws.value(i, 0, "L" + i);
                }
                ws.value(LEADS + 1, 0, "X1");
                ws.value(LEADS + 2, 0, "X2");
                ws.value(LEADS + 3, 0, "X3");
                workbook.finish();
            }

            // when the sheet is uploaded
            ApiClient api = new ApiClient(service);
            String id = api.uploadAccepted("leads", sheet, "filename=leads.xlsx");
            Map<String, Object> job = api.awaitFinished(id, Duration.ofMinutes(2));

            // then every known lead is scored once, with its CRM data, and the unknown ids are reported by row
            assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsRead", LEADS + 3)
                    .containsEntry("rowsStored", LEADS).containsEntry("rowsFailed", 3);
            assertThat(db.count("select count(*) from lead_assessments where enrichment_status = 'done' "
                    + "and score between 0 and 100 and reasoning like 'Scored Lead % of Company %'")).isEqualTo(LEADS);
            assertThat(db.rows("select lead_name, company, score from lead_assessments where lead_id = 'L7'").get(0))
                    .containsEntry("lead_name", "Lead 7").containsEntry("company", "Company 7")
                    .containsEntry("score", (long) Math.floorMod("Lead 7".hashCode(), 101));
            for (int i = 1; i <= LEADS; i++) {
                assertThat(ai.answeredCount("Lead " + i)).as("Lead " + i).isEqualTo(1);
            }
            assertThat(ai.requestCount()).isLessThanOrEqualTo((LEADS + 19) / 20 + 2);
            List<CSVRecord> report = api.errors(id);
            assertThat(report.subList(1, report.size())).extracting(r -> r.get(0) + " " + r.get(3) + " " + r.get(2))
                    .containsExactly((LEADS + 2) + " X1 unknown lead id (not in crm_leads)",
                            (LEADS + 3) + " X2 unknown lead id (not in crm_leads)",
                            (LEADS + 4) + " X3 unknown lead id (not in crm_leads)");
        }
    }
}
