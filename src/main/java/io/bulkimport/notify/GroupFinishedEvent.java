package io.bulkimport.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkimport.store.ImportGroupRepository;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one event of a group of files that has ended (issue #14), in the shape of {@link ImportFinishedEvent}:
 * {@code {"type": "group.finished", "timestamp", "data": <GET /api/groups/{id}>, "links": {"group", "errors"}}}, and
 * the e-mail's subject and summary.
 *
 * @param group   the group's row, ended
 * @param view    its group JSON
 * @param time    when the event was made
 * @param baseUrl where the API is reached from outside, for the links
 */
public record GroupFinishedEvent(ImportGroupRepository.Group group, Map<String, Object> view, Instant time, String baseUrl) {

    /** The Standard Webhooks event type. */
    public static final String TYPE = "group.finished";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The webhook body, as sent and signed. */
    public String body() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", TYPE);
        event.put("timestamp", time.toString());
        event.put("data", view);
        event.put("links", Map.of("group", groupUrl(), "errors", groupUrl() + "/errors"));
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the event of group " + group.id() + " is not JSON", e);
        }
    }

    /** The group's status as its JSON has it. */
    public String status() {
        return String.valueOf(view.get("status"));
    }

    /** E-mail subject: {@code Import transactions, 20 files: completed_with_errors}. */
    public String subject() {
        return "Import " + group.pipeline() + ", " + view.get("filesTotal") + " files"
                + (group.name() == null ? "" : " from '" + group.name() + "'") + ": " + status();
    }

    /** E-mail text: the outcome, the file and row counts, where to read the group and its error report. */
    public String summary() {
        return "The " + group.pipeline() + " import of " + view.get("filesTotal") + " files ended: " + status() + ".\n\n"
                + "Files done:     " + view.get("filesDone") + '\n'
                + "Files failed:   " + view.get("filesFailed") + '\n'
                + "Rows read:      " + view.get("rowsRead") + '\n'
                + "Rows stored:    " + view.get("rowsStored") + '\n'
                + "Rows duplicate: " + view.get("rowsDuplicate") + '\n'
                + "Rows failed:    " + view.get("rowsFailed") + '\n'
                + "\nGroup: " + groupUrl() + "\nError report: " + groupUrl() + "/errors\n";
    }

    private String groupUrl() {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + "/api/groups/" + group.id();
    }
}
