package io.bulkimport.it;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Uploads several files in one multipart request, as {@code curl -F file=@a.csv -F file=@b.csv} does, and reads groups. */
public final class GroupClient {

    private final ApiClient api;

    public GroupClient(ApiClient api) {
        this.api = api;
    }

    /** POSTs the files as parts named {@code file} (each streamed from disk by the HTTP client). */
    public HttpResponse<String> upload(String pipeline, List<Path> files, String query) {
        String boundary = "----group" + UUID.randomUUID().toString().replace("-", "");
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        try {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String type = name.endsWith(".zip") ? "application/zip" : "text/csv";
                parts.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                        + "filename=\"" + name + "\"\r\nContent-Type: " + type + "\r\n\r\n", StandardCharsets.UTF_8));
                parts.add(HttpRequest.BodyPublishers.ofFile(file));
                parts.add(HttpRequest.BodyPublishers.ofString("\r\n"));
            }
        } catch (java.io.FileNotFoundException e) {
            throw new AssertionError(e);
        }
        parts.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "--\r\n"));
        return api.send(HttpRequest.newBuilder(api.uri("/api/imports/" + pipeline + (query.isEmpty() ? "" : "?" + query)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new))).build());
    }

    /** Uploads and returns the group id from the 202's {@code Location}, after checking the answer names it. */
    public String uploadAccepted(String pipeline, List<Path> files, String query) {
        HttpResponse<String> response = upload(pipeline, files, query);
        if (response.statusCode() != 202) {
            throw new AssertionError("expected 202, got " + response.statusCode() + ": " + response.body());
        }
        String location = response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location"));
        String id = String.valueOf(ApiClient.json(response.body()).get("id"));
        if (!location.equals("/api/groups/" + id)) {
            throw new AssertionError("Location " + location + " does not name group " + id);
        }
        return id;
    }

    public Map<String, Object> group(String id) {
        HttpResponse<String> response = api.get("/api/groups/" + id);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET group " + id + ": " + response.statusCode() + " " + response.body());
        }
        return ApiClient.json(response.body());
    }

    /** Polls until the group is no longer running and none of its files is queued or running; its final JSON. */
    public Map<String, Object> awaitEnded(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, Object> group = group(id);
            if (!"running".equals(group.get("status")) && imports(group).stream()
                    .noneMatch(j -> List.of("queued", "running").contains(j.get("status")))) {
                return group;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("group " + id + " did not end in " + timeout + ": " + group);
            }
            ServiceProcess.sleep(100);
        }
    }

    /** The error report of the group, header record included. */
    public List<CSVRecord> errors(String id) {
        HttpResponse<String> response = api.get("/api/groups/" + id + "/errors");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET group errors: " + response.statusCode() + " " + response.body());
        }
        try {
            return CSVFormat.RFC4180.parse(new StringReader(response.body())).getRecords();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> imports(Map<String, Object> group) {
        return (List<Map<String, Object>>) group.get("imports");
    }

    /** The file of the group with this name. */
    public static Map<String, Object> file(Map<String, Object> group, String fileName) {
        return imports(group).stream().filter(j -> fileName.equals(j.get("fileName"))).findFirst()
                .orElseThrow(() -> new AssertionError("no file " + fileName + " in " + group));
    }
}
