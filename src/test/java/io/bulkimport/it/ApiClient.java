package io.bulkimport.it;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Talks to the service's HTTP API the way a user's script would. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FINISHED = List.of("completed", "completed_with_errors", "failed", "cancelled", "rolled_back");

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ApiClient(ServiceProcess service) {
        this.baseUrl = service.baseUrl();
    }

    public HttpResponse<String> upload(String pipeline, Path file, String query) {
        try {
            return send(HttpRequest.newBuilder(uri("/api/imports/" + pipeline + (query.isEmpty() ? "" : "?" + query)))
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofFile(existing(file))).build());
        } catch (java.io.FileNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    public HttpResponse<String> upload(String pipeline, byte[] body, String query) {
        return send(HttpRequest.newBuilder(uri("/api/imports/" + pipeline + (query.isEmpty() ? "" : "?" + query)))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** Uploads and returns the id of the job the 202 answer names. */
    public String uploadAccepted(String pipeline, Path file, String query) {
        HttpResponse<String> response = upload(pipeline, file, query);
        if (response.statusCode() != 202) {
            throw new AssertionError("expected 202, got " + response.statusCode() + ": " + response.body());
        }
        return String.valueOf(json(response.body()).get("id"));
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    public Map<String, Object> job(String id) {
        HttpResponse<String> response = get("/api/imports/" + id);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET job " + id + ": " + response.statusCode() + " " + response.body());
        }
        return json(response.body());
    }

    /** Polls until the job has ended, and returns its final JSON. */
    public Map<String, Object> awaitFinished(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            HttpResponse<String> response = get("/api/imports/" + id);
            if (response.statusCode() == 503) {
                // the database is away (an outage test): the service says so; keep waiting
                ServiceProcess.sleep(200);
                continue;
            }
            Map<String, Object> job = job(id);
            if (FINISHED.contains(String.valueOf(job.get("status")))) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("import " + id + " did not finish in " + timeout + ": " + job);
            }
            ServiceProcess.sleep(100);
        }
    }

    /** The error report, as CSV records including its header record. */
    public List<CSVRecord> errors(String id) {
        HttpResponse<String> response = get("/api/imports/" + id + "/errors");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET errors: " + response.statusCode() + " " + response.body());
        }
        try {
            return CSVFormat.RFC4180.parse(new StringReader(response.body())).getRecords();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public static Map<String, Object> json(String body) {
        try {
            return JSON.readValue(body, new TypeReference<>() { });
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    public static List<Map<String, Object>> jsonList(String body) {
        try {
            return JSON.readValue(body, new TypeReference<>() { });
        } catch (IOException e) {
            throw new AssertionError("not a JSON list: " + body, e);
        }
    }

    public HttpResponse<String> send(HttpRequest request) {
        if (request.timeout().isEmpty()) {
            // a response that never ends fails its test instead of hanging the whole run
            request = HttpRequest.newBuilder(request, (name, value) -> true).timeout(Duration.ofSeconds(90)).build();
        }
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static Path existing(Path file) {
        if (!file.toFile().isFile()) {
            throw new AssertionError("no such file " + file);
        }
        return file;
    }
}
