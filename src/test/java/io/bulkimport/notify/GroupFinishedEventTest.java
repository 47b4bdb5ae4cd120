package io.bulkimport.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkimport.pipeline.ImportOptions;
import io.bulkimport.store.ImportGroupRepository;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GroupFinishedEventTest {

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-0000000000bb");
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void the_body_is_a_group_finished_event_with_the_group_json_and_links() throws Exception {
        // given
        GroupFinishedEvent event = new GroupFinishedEvent(group(null), view(), NOW, "https://imports.example.com/");

        // when
        Map<String, Object> body = new ObjectMapper().readValue(event.body(), new TypeReference<>() { });

        // then
        assertThat(body).containsEntry("type", "group.finished").containsEntry("timestamp", NOW.toString())
                .containsEntry("data", view());
        @SuppressWarnings("unchecked")
        Map<String, Object> links = (Map<String, Object>) body.get("links");
        assertThat(links).containsEntry("group", "https://imports.example.com/api/groups/" + ID)
                .containsEntry("errors", "https://imports.example.com/api/groups/" + ID + "/errors");
    }

    @Test
    void the_mail_names_the_pipeline_the_files_the_zip_and_the_status() {
        // given
        GroupFinishedEvent event = new GroupFinishedEvent(group("orders.zip"), view(), NOW, "http://localhost:8080");

        // then
        assertThat(event.subject()).isEqualTo("Import transactions, 20 files from 'orders.zip': completed_with_errors");
        assertThat(event.summary()).contains("Files done:     18", "Files failed:   2", "Rows stored:    900",
                "http://localhost:8080/api/groups/" + ID + "/errors");
    }

    private static ImportGroupRepository.Group group(String name) {
        return new ImportGroupRepository.Group(ID, "transactions", "upload", name, new ImportOptions("skip", 100, false, false),
                "completed_with_errors", 20, NOW, NOW, null);
    }

    private static Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", ID.toString());
        view.put("status", "completed_with_errors");
        view.put("filesTotal", 20);
        view.put("filesDone", 18);
        view.put("filesFailed", 2);
        view.put("rowsRead", 901);
        view.put("rowsStored", 900);
        view.put("rowsDuplicate", 0);
        view.put("rowsFailed", 1);
        return view;
    }
}
