package io.bulkimport.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The charset of a CSV file is decided over all its bytes, in the pass that hashes it, whichever door it came in
 * through: an accent past the first 64 KiB decides as much as one in the header. {@code charset=} forces one.
 */
class EncodingsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private final ServiceProcess service = ServiceProcess.shared();
    private final ApiClient api = new ApiClient(service);
    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void clean() {
        db.clean();
    }

    @Test
    void a_windows_1252_file_whose_first_accent_is_past_64_kib_is_read_as_windows_1252() throws IOException {
        // given 1,800 rows of plain ASCII (86 KB), then curly quotes, an en dash and an accent in row 1802
        byte[] csv = asciiThen("1801,Siobhán O’Neil,“VIP” since 2019 – call first\r\n".getBytes(WINDOWS_1252));

        // when it is uploaded to records
        String id = api.uploadAccepted("records", write(csv), "filename=late-accents.csv");
        Map<String, Object> job = api.awaitFinished(id, WAIT);

        // then every row lands, and row 1802 holds exactly what the person typed
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", 1801).containsEntry("rowsFailed", 0);
        assertThat(record(1802)).containsExactly(Map.entry("id", "1801"), Map.entry("name", "Siobhán O’Neil"),
                Map.entry("note", "“VIP” since 2019 – call first"));
        assertThat(api.errors(id)).hasSize(1);
    }

    @Test
    void a_windows_1252_file_dropped_in_the_inbox_is_decided_over_its_whole_content() throws IOException {
        // given the same kind of file, dropped in the inbox
        Path inbox = service.inbox("records");
        Files.write(inbox.resolve("late.csv"), asciiThen("1801,Zoë Müller,“quoted”\r\n".getBytes(WINDOWS_1252)));

        // when the inbox has imported it
        ServiceProcess.awaitFile(inbox.resolve(".done").resolve("late.csv"), WAIT);

        // then
        assertThat(db.count("select count(*) from records")).isEqualTo(1801);
        assertThat(record(1802)).containsEntry("name", "Zoë Müller").containsEntry("note", "“quoted”");
    }

    @Test
    void a_multipart_upload_is_decided_over_its_whole_content_too() throws IOException {
        // given the same kind of file as a form upload
        String boundary = "----encodings" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"late.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(UTF_8));
        body.writeBytes(asciiThen("1801,Zoë,“quoted”\r\n".getBytes(WINDOWS_1252)));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(UTF_8));

        // when
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(api.uri("/api/imports/records"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
        Map<String, Object> job = api.awaitFinished(String.valueOf(ApiClient.json(response.body()).get("id")), WAIT);

        // then
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", 1801);
        assertThat(record(1802)).containsEntry("name", "Zoë").containsEntry("note", "“quoted”");
    }

    @Test
    void a_utf8_file_with_a_stray_byte_before_its_first_accent_reports_exactly_that_row() throws IOException {
        // given a stray windows-1252 byte in row 2, then over 64 KiB of ASCII, then UTF-8 accents in row 2002: judged
        // by its first 64 KiB this file would have been read as windows-1252, and every accent stored as mojibake
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.writeBytes("email,first_name,last_name\nstray@example.com,".getBytes(UTF_8));
        csv.writeBytes(new byte[] {'B', (byte) 0xE9, 'a'});
        csv.writeBytes(",Byte\n".getBytes(UTF_8));
        for (int i = 3; i <= 2001; i++) {
            csv.writeBytes(String.format("p%04d@example.com,Person,Number %04d\n", i, i).getBytes(UTF_8));
        }
        csv.writeBytes("zoe@example.com,Zoë,Ünïcödé\n".getBytes(UTF_8));

        // when it is uploaded to contacts
        String id = api.uploadAccepted("contacts", write(csv.toByteArray()), "filename=stray.csv");
        Map<String, Object> job = api.awaitFinished(id, WAIT);

        // then the file is read as the UTF-8 it is: row 2 alone is reported, the accents are stored as written
        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsRead", 2001)
                .containsEntry("rowsStored", 2000).containsEntry("rowsFailed", 1);
        List<CSVRecord> report = api.errors(id);
        assertThat(report).hasSize(2);
        assertThat(report.get(1).toList().subList(0, 4)).containsExactly("2", "first_name",
                "contains bytes that are not valid in the file's encoding", "B\uFFFDa");
        assertThat(db.rows("select first_name, last_name from contacts where email = 'zoe@example.com'"))
                .containsExactly(Map.of("first_name", "Zoë", "last_name", "Ünïcödé"));
    }

    @Test
    void charset_forces_how_the_file_is_read() throws IOException {
        // given a windows-1252 file whose "É" before a no-break space (C9 A0) is also a valid UTF-8 pair, so that the
        // file alone looks like UTF-8 with bad bytes
        byte[] csv = "id,name\n1,CAFÉ\u00A0!\n2,Müller\n".getBytes(WINDOWS_1252);

        // when it is uploaded without and with charset=windows-1252
        String guessed = api.uploadAccepted("records", write(csv), "filename=cafe.csv");
        Map<String, Object> guessedJob = api.awaitFinished(guessed, WAIT);
        db.execute("truncate records");
        String forced = api.uploadAccepted("records", write(csv), "filename=cafe.csv&force=true&charset=windows-1252");
        Map<String, Object> forcedJob = api.awaitFinished(forced, WAIT);

        // then the guess (UTF-8, for the valid pair) reports the row whose bytes are not UTF-8, so the person sees that
        // the file was misread; the forced charset reads every row as written
        assertThat(guessedJob).containsEntry("status", "completed_with_errors").containsEntry("rowsFailed", 1);
        assertThat(api.errors(guessed).get(1).get(0)).isEqualTo("3");
        assertThat(forcedJob).containsEntry("status", "completed").containsEntry("rowsStored", 2);
        assertThat(record(2)).containsEntry("name", "CAFÉ\u00A0!");
        assertThat(record(3)).containsEntry("name", "Müller");
    }

    @Test
    void an_unknown_charset_is_refused_with_400_naming_it() {
        // when
        HttpResponse<String> response = api.upload("records", "a\n1\n".getBytes(UTF_8), "charset=klingon-8");

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("unknown charset: 'klingon-8'");
        assertThat(db.count("select count(*) from import_jobs")).isZero();
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** A header, rows 2-1801 of plain ASCII (about 86 KB, CRLF), then {@code last}. */
    private static byte[] asciiThen(byte[] last) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("id,name,note\r\n".getBytes(UTF_8));
        for (int i = 1; i <= 1800; i++) {
            out.writeBytes(String.format("%d,Customer %04d,plain ascii note number %04d\r\n", i, i, i).getBytes(UTF_8));
        }
        out.writeBytes(last);
        assertThat(out.size() - last.length).isGreaterThan(64 * 1024);
        return out.toByteArray();
    }

    private Map<String, String> record(long rowNumber) throws IOException {
        List<Map<String, Object>> rows = db.rows("select data::text as data from records where row_number = ?", rowNumber);
        assertThat(rows).as("record in row %d", rowNumber).hasSize(1);
        return new ObjectMapper().readValue(String.valueOf(rows.get(0).get("data")), new TypeReference<>() { });
    }

    private static Path write(byte[] content) throws IOException {
        Path file = Files.createTempFile("encodings-", ".csv");
        Files.write(file, content);
        file.toFile().deleteOnExit();
        return file;
    }
}
