package io.bulkimport.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.JobView;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event an import that reached a final status emits: the webhook body in the Standard Webhooks payload shape
 * ({@code {"type": "import.finished", "timestamp": <ISO 8601>, "data": <the job JSON of GET /api/imports/{id}>,
 * "links": {"import": …, "errors": …}}}) and the e-mail's subject and short summary.
 *
 * @param job      the finished job
 * @param time     when the event was made
 * @param baseUrl  where the API is reached from outside ({@code notify.base-url}), for the links
 */
public record ImportFinishedEvent(ImportJob job, Instant time, String baseUrl) {

    /** The Standard Webhooks event type. */
    public static final String TYPE = "import.finished";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The webhook body, as sent and signed. */
    public String body() {
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("import", importUrl());
        links.put("errors", importUrl() + "/errors");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", TYPE);
        event.put("timestamp", time.toString());
        event.put("data", JobView.of(job, time));
        event.put("links", links);
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the event of import " + job.id() + " is not JSON", e);
        }
    }

    /** E-mail subject: {@code Import contacts 'people.csv': completed_with_errors}. */
    public String subject() {
        return "Import " + job.pipeline() + " '" + job.fileName() + "': " + job.status().dbValue();
    }

    /** E-mail text: the outcome, the counts, the error if any, and where to read the job and its error report. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append("The ").append(job.pipeline()).append(" import of '").append(job.fileName()).append("' ended: ")
                .append(job.status().dbValue()).append(".\n\n");
        text.append("Rows read:      ").append(job.rowsRead()).append('\n');
        text.append("Rows stored:    ").append(job.rowsStored()).append('\n');
        text.append("Rows duplicate: ").append(job.rowsDuplicate()).append('\n');
        text.append("Rows failed:    ").append(job.rowsFailed()).append('\n');
        if (job.lastError() != null) {
            text.append("Error:          ").append(job.lastError()).append('\n');
        }
        text.append("\nImport: ").append(importUrl()).append('\n');
        if (job.rowsFailed() > 0) {
            text.append("Error report: ").append(importUrl()).append("/errors\n");
        }
        return text.toString();
    }

    private String importUrl() {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + "/api/imports/" + job.id();
    }
}
