package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Upload names (issue #15, part 3): RFC 6266 {@code filename*} keeps a non-ASCII name, in a multipart part and in a
 * raw body's {@code Content-Disposition}; an over-long request line answers 414 and an over-long name 400, both JSON.
 */
class UploadNamesIT {

    private static final String NAME = "Réservations-2024-€.csv";
    private static final String ENCODED = "R%C3%A9servations-2024-%E2%82%AC.csv";

    private final ServiceProcess service = ServiceProcess.shared();
    private final ApiClient api = new ApiClient(service);
    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void clean() {
        db.clean();
    }

    @Test
    void a_multipart_part_named_with_filename_star_keeps_its_non_ascii_name() {
        // given a part that names its file both ways, filename first (as Spring's ContentDisposition writes it)
        String disposition = "form-data; name=\"file\"; filename=\"Reservations-2024-EUR.csv\"; filename*=UTF-8''" + ENCODED;

        // when
        HttpResponse<String> response = multipart(disposition, "email\nnames1@example.com\n");

        // then the job and the finished import carry the decoded name
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Map<String, Object> job = api.awaitFinished(String.valueOf(ApiClient.json(response.body()).get("id")), Duration.ofSeconds(60));
        assertThat(job).containsEntry("fileName", NAME).containsEntry("status", "completed").containsEntry("rowsStored", 1);
        assertThat(ApiClient.json(api.get("/api/imports/" + job.get("id")).body())).containsEntry("fileName", NAME);
    }

    @Test
    void a_raw_body_names_its_file_in_a_content_disposition_header() {
        // given / when: the name only in the header, RFC 8187 encoded
        HttpResponse<String> encoded = raw("attachment; filename*=UTF-8''" + ENCODED, "email\nnames2@example.com\n", "");
        // and a plain filename, with ?filename= winning over a header
        HttpResponse<String> plain = raw("attachment; filename=\"plain-name.csv\"", "email\nnames3@example.com\n", "");
        HttpResponse<String> query = raw("attachment; filename=\"header.csv\"", "email\nnames4@example.com\n", "filename=query.csv");

        // then
        assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(202);
        assertThat(ApiClient.json(encoded.body())).containsEntry("fileName", NAME);
        assertThat(ApiClient.json(plain.body())).containsEntry("fileName", "plain-name.csv");
        assertThat(ApiClient.json(query.body())).containsEntry("fileName", "query.csv");
        Map<String, Object> job = api.awaitFinished(String.valueOf(ApiClient.json(encoded.body()).get("id")), Duration.ofSeconds(60));
        assertThat(job).containsEntry("fileName", NAME).containsEntry("rowsStored", 1);
    }

    @Test
    void a_name_over_255_bytes_is_refused_with_a_json_400_and_nothing_is_imported() {
        // given 86 euro signs: 258 bytes in UTF-8
        String longName = "%E2%82%AC".repeat(86) + ".csv";

        // when: as a raw body's header, as ?filename=, as a multipart part
        HttpResponse<String> header = raw("attachment; filename*=UTF-8''" + longName, "email\nlong1@example.com\n", "");
        HttpResponse<String> query = raw(null, "email\nlong2@example.com\n", "filename=" + longName);
        HttpResponse<String> part = multipart("form-data; name=\"file\"; filename*=UTF-8''" + longName, "email\nlong3@example.com\n");

        // then
        for (HttpResponse<String> response : java.util.List.of(header, query, part)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(String.valueOf(ApiClient.json(response.body()).get("error"))).contains("262 bytes").contains("255");
        }
        assertThat(ApiClient.jsonList(api.get("/api/imports").body())).isEmpty();
    }

    @Test
    void an_over_long_request_line_is_answered_414_with_a_json_error() throws IOException {
        // given a request line of more than Vert.x's 4096 bytes, sent as HTTP/1.1 over a plain socket
        String target = "/api/imports/contacts?filename=" + "a".repeat(5000) + ".csv";

        // when
        String answer = rawHttp("POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");

        // then
        assertThat(answer).startsWith("HTTP/1.").contains(" 414 ");
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertThat(answer.toLowerCase()).contains("content-type: application/json");
        assertThat(String.valueOf(ApiClient.json(body).get("error"))).contains("request line").contains("4096 bytes");
        // and the service still answers the next request
        assertThat(api.get("/api/pipelines").statusCode()).isEqualTo(200);
    }

    @Test
    void a_broken_percent_escape_in_the_path_or_the_query_is_answered_400_with_a_json_error() throws IOException {
        for (String target : java.util.List.of("/api/imports/%zz", "/api/imports/contacts?filename=c.csv&dateFormat=qqqq-zz-%")) {
            // when a request's address has a percent sign not followed by two hex digits (RFC 3986, section 2.1)
            String answer = rawHttp("POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n");

            // then it is a 400 whose body is the API's JSON error
            assertThat(answer).as(target).startsWith("HTTP/1.").contains(" 400 ");
            assertThat(answer.toLowerCase()).as(target).contains("content-type: application/json");
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertThat(String.valueOf(ApiClient.json(body).get("error"))).as(target).contains("percent");
        }
        // and the service still answers
        assertThat(api.get("/api/pipelines").statusCode()).isEqualTo(200);
    }

    @Test
    void over_large_headers_are_answered_431_with_a_json_error() throws IOException {
        // given a header of more than Vert.x's 8192 bytes
        String answer = rawHttp("GET /api/pipelines HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n");

        // then
        assertThat(answer).contains(" 431 ");
        assertThat(String.valueOf(ApiClient.json(answer.substring(answer.indexOf("\r\n\r\n") + 4)).get("error")))
                .contains("headers").contains("8192 bytes");
    }

    private HttpResponse<String> multipart(String disposition, String csv) {
        String boundary = "----names" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\nContent-Type: text/csv\r\n\r\n"
                + csv + "\r\n--" + boundary + "--\r\n";
        return api.send(HttpRequest.newBuilder(api.uri("/api/imports/contacts"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    private HttpResponse<String> raw(String disposition, String csv, String query) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri("/api/imports/contacts" + (query.isEmpty() ? "" : "?" + query)))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8));
        if (disposition != null) {
            request.header("Content-Disposition", disposition);
        }
        return api.send(request.build());
    }

    private String rawHttp(String request) throws IOException {
        URI base = URI.create(service.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // the server closes the connection after its answer
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
