package io.bulkimport.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV as the exports people have write it: Excel's {@code sep=} first line, '|' delimiters, rows of only white space,
 * records that break the quoting rules, and backslash escapes. What lands is what the person sees, and a record that
 * cannot be read is a row error with its row number, never a silent wrong value or a failed file.
 */
class CsvDialectsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TEXT_AFTER_QUOTE = "text after the closing quote of a quoted cell: a quote inside a quoted"
            + " cell must be doubled (\"\"), or, if the file writes it as \\\", import it with escape=\\";

    private final ServiceProcess service = ServiceProcess.shared();
    private final ApiClient api = new ApiClient(service);
    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void clean() {
        db.clean();
    }

    @Test
    void an_excel_sep_line_names_the_delimiter_and_the_line_after_it_is_the_header() {
        // given Excel's hint line above a semicolon file, as Excel on a German or French Windows saves it
        String csv = "sep=;\r\nE-mail;First Name;Last Name;Company\r\n"
                + "ines.moreau@example.org;Inès;Moreau;Atelier Nord\r\n"
                + "paul.weber@example.net;Paul;Weber;Kiosk & Co\r\n";

        // when it is uploaded to contacts
        Map<String, Object> job = importFile("contacts", csv.getBytes(UTF_8), "filename=sep.csv");

        // then both people are stored with their exact values
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsRead", 2).containsEntry("rowsStored", 2);
        assertThat(db.rows("select email, first_name, company from contacts order by email")).containsExactly(
                Map.of("email", "ines.moreau@example.org", "first_name", "Inès", "company", "Atelier Nord"),
                Map.of("email", "paul.weber@example.net", "first_name", "Paul", "company", "Kiosk & Co"));
    }

    @Test
    void a_quoted_pipe_sep_line_after_a_bom_keeps_the_header_row_1_and_commas_in_values() throws IOException {
        // given a BOM, the hint in quotes followed by delimiters, and a pipe file whose values hold commas and semicolons
        String csv = "\uFEFF\"sep=|\"||\r\nid|name|note\r\n1|Doe, Jane|a; b\r\n\r\n3|Roe, Rick|c, d\r\n";

        // when it is imported into records
        Map<String, Object> job = importFile("records", csv.getBytes(UTF_8), "filename=pipes.csv");

        // then the sep line takes no row number: the first data row is 2, the one after a blank line 4
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", 2);
        assertThat(records()).containsExactly(
                Map.entry(2L, Map.of("id", "1", "name", "Doe, Jane", "note", "a; b")),
                Map.entry(4L, Map.of("id", "3", "name", "Roe, Rick", "note", "c, d")));
    }

    @Test
    void a_pipe_delimited_file_without_a_hint_is_read_by_pipes() throws IOException {
        // given
        String csv = "id|city|amount\n1|Berlin, DE|1,50\n";

        // when
        Map<String, Object> job = importFile("records", csv.getBytes(UTF_8), "filename=export.txt");

        // then
        assertThat(job).containsEntry("status", "completed");
        assertThat(records()).containsExactly(Map.entry(2L, Map.of("id", "1", "city", "Berlin, DE", "amount", "1,50")));
    }

    @Test
    void rows_of_only_white_space_and_delimiters_are_empty_rows_that_keep_their_numbers() throws IOException {
        // given rows holding only spaces, commas or a tab between two people
        String csv = "email,first_name,last_name\n"
                + "dana.ito@example.com,Dana,Ito\n"
                + " ,,\n"
                + ",, \n"
                + "\t,,\n"
                + "lee.park@example.com,Lee,Park\n";

        // when it is uploaded to contacts and to records
        Map<String, Object> contacts = importFile("contacts", csv.getBytes(UTF_8), "filename=blank-rows.csv");
        Map<String, Object> records = importFile("records", csv.getBytes(UTF_8), "filename=blank-rows.csv&force=true");

        // then nothing is reported, and the second person keeps row number 6
        assertThat(contacts).containsEntry("status", "completed").containsEntry("rowsRead", 2).containsEntry("rowsStored", 2)
                .containsEntry("rowsFailed", 0);
        assertThat(db.rows("select email, first_name, last_name from contacts order by email")).containsExactly(
                Map.of("email", "dana.ito@example.com", "first_name", "Dana", "last_name", "Ito"),
                Map.of("email", "lee.park@example.com", "first_name", "Lee", "last_name", "Park"));
        assertThat(records).containsEntry("status", "completed").containsEntry("rowsStored", 2);
        assertThat(records().keySet()).containsExactly(2L, 6L);
    }

    @Test
    void a_record_that_breaks_the_quoting_rules_is_a_row_error_and_every_row_after_it_lands_with_its_number() throws IOException {
        // given text after a closing quote in row 3, a good cell over two lines in row 4, a MySQL-style \" in row 5,
        // a bad record over two lines in row 6, and good rows after them
        String csv = "id,name,note\n"
                + "1,Ann,plain\n"
                + "2,\"abc\"def,x\n"
                + "3,Cid,\"two\nlines\"\n"
                + "4,\"say \\\"hi\\\"\",y\n"
                + "5,\"E\"ve,\"also\ntwo\"\n"
                + "6,Fay,\"quoted, with comma\"\n";

        // when it is imported into records
        String id = api.uploadAccepted("records", write(csv.getBytes(UTF_8)), "filename=quotes.csv");
        Map<String, Object> job = api.awaitFinished(id, WAIT);

        // then the three bad records are reported with their row numbers and file lines, the others land exactly
        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsRead", 6)
                .containsEntry("rowsStored", 3).containsEntry("rowsDuplicate", 0).containsEntry("rowsFailed", 3);
        assertThat(records()).containsExactly(
                Map.entry(2L, Map.of("id", "1", "name", "Ann", "note", "plain")),
                Map.entry(4L, Map.of("id", "3", "name", "Cid", "note", "two\nlines")),
                Map.entry(7L, Map.of("id", "6", "name", "Fay", "note", "quoted, with comma")));
        assertThat(errorRows(id)).containsExactly(
                List.of("3", "", TEXT_AFTER_QUOTE + " (line 3 of the file)", ""),
                List.of("5", "", TEXT_AFTER_QUOTE + " (line 6 of the file)", ""),
                List.of("6", "", TEXT_AFTER_QUOTE + " (lines 7-8 of the file)", ""));
    }

    @Test
    void an_unclosed_quote_is_reported_in_its_row_which_took_the_rest_of_the_file() throws IOException {
        // given a quote opened in row 3 that is never closed
        String csv = "email,first_name\na@example.com,ok\nb@example.com,\"open\nc@example.com,x\nd@example.com,y\n";

        // when
        String id = api.uploadAccepted("contacts", write(csv.getBytes(UTF_8)), "filename=open-quote.csv");
        Map<String, Object> job = api.awaitFinished(id, WAIT);

        // then the row before it lands, and the report says which lines the bad row swallowed
        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsRead", 2)
                .containsEntry("rowsStored", 1).containsEntry("rowsFailed", 1);
        assertThat(errorRows(id)).containsExactly(List.of("3", "",
                "a quoted cell is never closed, so the rest of the file (lines 3-5) was read as this row", ""));
    }

    @Test
    void the_escape_option_reads_a_mysql_export_as_its_writer_meant() throws IOException {
        // given a MySQL SELECT … INTO OUTFILE export: \" for a quote, \\ for a backslash, \, for a comma
        String csv = "id,name,note\n"
                + "1,\"say \\\"hi\\\"\",5\\\" screen\n"
                + "2,C:\\\\temp,a\\,b\n";

        // when it is imported with escape=\
        Map<String, Object> job = importFile("records", csv.getBytes(UTF_8), "filename=mysql.csv&escape=%5C");

        // then every value is the one the writer meant
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", 2);
        assertThat(records()).containsExactly(
                Map.entry(2L, Map.of("id", "1", "name", "say \"hi\"", "note", "5\" screen")),
                Map.entry(3L, Map.of("id", "2", "name", "C:\\temp", "note", "a,b")));
    }

    @Test
    void a_bad_escape_option_is_refused_with_400_naming_it() {
        // when
        HttpResponse<String> response = api.upload("records", "a\n1\n".getBytes(UTF_8), "escape=ab");

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("escape must be one character").contains("was 'ab'");
        assertThat(db.count("select count(*) from import_jobs")).isZero();
    }

    @Test
    void a_route_file_sets_the_escape_and_the_encoding_of_its_pipeline(@TempDir Path routes) throws IOException {
        // given a catch-all pipeline for a legacy system that writes windows-1252 with backslash escapes
        db.execute("drop table if exists legacy_records");
        db.execute("create table legacy_records (import_id uuid not null, row_number bigint not null, data jsonb not null, "
                + "primary key (import_id, row_number))");
        Files.writeString(routes.resolve("legacy.camel.yaml"), """
                - beans:
                    - name: legacyPipeline
                      type: "#class:io.bulkimport.pipeline.PipelineDefinition"
                      properties:
                        name: legacy
                        table: legacy_records
                        escape: "\\\\"
                        encoding: windows-1252
                - templatedRoute:
                    routeTemplateRef: batches
                    routeId: legacy
                    parameters:
                      - name: pipeline
                        value: legacy
                - route:
                    id: legacy-batch
                    routeConfigurationId: import-error-handling
                    from:
                      uri: direct:legacy-batch
                      steps:
                        - to: kamelet:validate-stage
                        - to: kamelet:store-stage
                """);
        Files.copy(Path.of("routes", "error-handling.camel.yaml"), routes.resolve("error-handling.camel.yaml"));
        // "Café" with a no-break space before '!' is C9 A0 in windows-1252: a valid UTF-8 pair, which alone would make
        // the file look like UTF-8 with bad bytes; the route's encoding settles it
        byte[] csv = "id,name\n1,\"CAFÉ\u00A0! \\\"Le Nord\\\"\"\n2,Müller\n".getBytes(java.nio.charset.Charset.forName("windows-1252"));

        try (ServiceProcess legacy = ServiceProcess.start("legacy-routes", List.of(),
                Map.of("IMPORT_ROUTES", routes.toString()), false)) {
            ApiClient client = new ApiClient(legacy);

            // when
            String id = String.valueOf(ApiClient.json(client.upload("legacy", csv, "filename=legacy.csv").body()).get("id"));
            Map<String, Object> job = client.awaitFinished(id, WAIT);

            // then
            assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", 2);
            assertThat(db.rows("select data::text as data from legacy_records order by row_number"))
                    .extracting(r -> json(r.get("data")).get("name"))
                    .containsExactly("CAFÉ\u00A0! \"Le Nord\"", "Müller");
        } finally {
            db.execute("drop table if exists legacy_records");
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    private Map<String, Object> importFile(String pipeline, byte[] body, String query) {
        HttpResponse<String> response = api.upload(pipeline, body, query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return api.awaitFinished(String.valueOf(ApiClient.json(response.body()).get("id")), WAIT);
    }

    /** Every stored record, by row number, in row order. */
    private Map<Long, Map<String, String>> records() throws IOException {
        Map<Long, Map<String, String>> byRow = new java.util.LinkedHashMap<>();
        for (Map<String, Object> row : db.rows("select row_number, data::text as data from records order by row_number")) {
            byRow.put(((Number) row.get("row_number")).longValue(), json(row.get("data")));
        }
        return byRow;
    }

    private List<List<String>> errorRows(String id) {
        List<CSVRecord> report = api.errors(id);
        return report.subList(1, report.size()).stream().map(CSVRecord::toList).toList();
    }

    private static Map<String, String> json(Object text) {
        try {
            return new ObjectMapper().readValue(String.valueOf(text), new TypeReference<>() { });
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Path write(byte[] content) throws IOException {
        Path file = Files.createTempFile("dialects-", ".csv");
        Files.write(file, content);
        file.toFile().deleteOnExit();
        return file;
    }
}
