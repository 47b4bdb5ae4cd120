package io.bulkimport.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;

/**
 * A catalogue of hostile and broken uploads. Every case ends in ONE specific outcome: the job fails at once with a
 * readable reason, or it ends {@code completed_with_errors} with exactly the bad rows reported (row number and reason)
 * and the good rows stored, or the HTTP answer itself refuses the request. After every case the service must still be
 * alive and import an ordinary file.
 *
 * <p>A case that exposes a bug in the service still asserts the CORRECT behaviour and carries a {@code knownBug} text
 * saying what happens instead; it is skipped with {@code Assumptions.abort("bug: …")}. Run those too with
 * {@code -Dhostile.runKnownBugs=true} (or {@code HOSTILE_RUN_KNOWN_BUGS=true}): a known bug that still fails is
 * reported as skipped with the failure, one that passes fails the test so that its marker gets removed.
 */
class HostileInputIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger PROBES = new AtomicInteger();
    private static final boolean RUN_KNOWN_BUGS = Boolean.getBoolean("hostile.runKnownBugs")
            || "true".equalsIgnoreCase(System.getenv("HOSTILE_RUN_KNOWN_BUGS"));

    private final ServiceProcess service = ServiceProcess.shared();
    private final ApiClient api = new ApiClient(service);
    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void clean() {
        db.clean();
    }

    // ------------------------------------------------------------------------------------------------ the catalogue

    /** One hostile input and what must happen to it. */
    record HostileCase(String name, String knownBug, Scenario scenario) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Scenario {
        void run(HostileInputIT it) throws Exception;
    }

    static Stream<HostileCase> catalogue() {
        return Stream.of(
                // --- files that cannot be read at all: the job fails at once with a readable reason
                refused("empty_file_fails_as_empty", "contacts", "empty.csv", new byte[0], "the file is empty"),
                refused("a_file_that_is_only_a_bom_fails_as_empty", "contacts", "bom.csv", bytes(0xEF, 0xBB, 0xBF),
                        "the file is empty"),
                refused("a_file_of_only_blank_lines_fails_as_empty", "records", "blank.csv", utf8("\n\r\n\n\r\n\n"),
                        "the file is empty"),
                refused("header_only_fails_with_no_data_rows", "contacts", "header.csv", utf8("email,first_name\r\n"),
                        "the file has a header but no data rows"),
                refused("binary_garbage_is_refused_as_not_text", "contacts", "photo.csv", binaryGarbage(),
                        "the file is not text"),
                refused("a_nul_heavy_file_is_refused_as_not_text", "contacts", "nuls.csv", nulHeavy(),
                        "the file is not text"),
                refused("utf16_without_bom_is_a_clear_failure", "contacts", "utf16.csv",
                        "email,first_name\nnobom@example.com,Zoë\n".getBytes(StandardCharsets.UTF_16LE),
                        "the file is not text"),
                refused("a_hand_made_workbook_without_its_parts_fails_as_unreadable_excel", "contacts", "people.xlsx", xlsxBytes(),
                        "the file is not a readable Excel workbook"),
                refused("xlsx_bytes_named_csv_are_refused_as_not_text", "contacts", "people.csv", xlsxBytes(),
                        "the file is not text"),
                reportsRow3("an_unterminated_quote_is_reported_in_its_row_which_takes_the_rest_of_the_file", "contacts", "quote.csv",
                        utf8("email,first_name\na@example.com,ok\nb@example.com,\"open\nc@example.com,x\n"),
                        "a quoted cell is never closed, so the rest of the file (lines 3-4) was read as this row"),
                reportsRow3("text_after_a_closing_quote_is_reported_in_its_row_and_the_next_rows_land", "contacts", "quote2.csv",
                        utf8("email,first_name\na@example.com,ok\nb@example.com,\"abc\"def,\nd@example.com,after\n"),
                        "text after the closing quote of a quoted cell: a quote inside a quoted cell must be doubled (\"\"),"
                                + " or, if the file writes it as \\\", import it with escape=\\ (line 3 of the file)"),
                failsAfterRow2("a_3_mb_single_line_fails_as_too_long", "contacts", "long-line.csv", longLine(),
                        "row 3 is longer than 1000000 characters"),
                refused("duplicate_header_names_fail_in_contacts", "contacts", "dup.csv",
                        utf8("email,first_name,E-mail\na@example.com,A,b@example.com\n"),
                        "duplicate column: email (header cells 1 'email' and 3 'E-mail')"),
                new HostileCase("the_same_xlsx_announced_only_by_its_content_type_fails_saying_excel", null,
                        HostileInputIT::xlsx_content_type_without_a_name),
                new HostileCase("batches_before_a_parse_failure_stay_committed", null,
                        HostileInputIT::batches_before_a_parse_failure_stay_committed),
                new HostileCase("bad_utf8_past_64_kib_is_reported_in_the_row_of_the_bad_bytes", null,
                        HostileInputIT::bad_utf8_past_64_kib_is_reported_in_the_row_of_the_bad_bytes),

                // --- encodings and layouts a spreadsheet would read
                new HostileCase("utf16le_with_bom_imports_exact_values", null, HostileInputIT::utf16le_with_bom_imports_exact_values),
                new HostileCase("utf16be_with_bom_imports_exact_values", null, HostileInputIT::utf16be_with_bom_imports_exact_values),
                new HostileCase("windows_1252_bytes_are_stored_as_the_characters_they_mean", null,
                        HostileInputIT::windows_1252_bytes_are_stored_as_the_characters_they_mean),
                new HostileCase("a_utf8_file_with_one_stray_byte_is_not_silently_turned_into_mojibake", null,
                        HostileInputIT::a_utf8_file_with_one_stray_byte_is_not_silently_turned_into_mojibake),
                new HostileCase("a_tsv_file_name_reads_tabs", null, HostileInputIT::a_tsv_file_name_reads_tabs),
                new HostileCase("a_semicolon_file_is_read_by_semicolons", null, HostileInputIT::a_semicolon_file_is_read_by_semicolons),
                new HostileCase("cr_only_line_endings_keep_row_numbers", null, HostileInputIT::cr_only_line_endings_keep_row_numbers),
                new HostileCase("blank_lines_before_the_header_count_as_spreadsheet_rows", null,
                        HostileInputIT::blank_lines_before_the_header_count_as_spreadsheet_rows),
                new HostileCase("a_second_bom_before_the_header_does_not_hide_the_email_column", null,
                        HostileInputIT::a_second_bom_before_the_header_does_not_hide_the_email_column),

                // --- shapes of rows and headers
                new HostileCase("ragged_rows_in_contacts_report_extra_cells_and_store_missing_ones_empty", null,
                        HostileInputIT::ragged_rows_in_contacts),
                new HostileCase("ragged_rows_in_records_keep_every_cell", null, HostileInputIT::ragged_rows_in_records),
                new HostileCase("ten_thousand_header_columns_import_into_records", null,
                        HostileInputIT::ten_thousand_header_columns_import_into_records),
                new HostileCase("ten_thousand_header_columns_in_contacts_still_find_email", null,
                        HostileInputIT::ten_thousand_header_columns_in_contacts_still_find_email),
                new HostileCase("duplicate_header_names_in_records_get_numbered_keys", null,
                        HostileInputIT::duplicate_header_names_in_records_get_numbered_keys),
                new HostileCase("blank_header_names_in_records_get_column_keys", null,
                        HostileInputIT::blank_header_names_in_records_get_column_keys),
                new HostileCase("a_header_with_sql_injection_text_is_only_a_name", null,
                        HostileInputIT::a_header_with_sql_injection_text_is_only_a_name),
                new HostileCase("a_header_with_html_and_script_is_stored_as_plain_text", null,
                        HostileInputIT::a_header_with_html_and_script_is_stored_as_plain_text),
                new HostileCase("thousands_of_bad_rows_are_all_reported", null, HostileInputIT::thousands_of_bad_rows_are_all_reported),

                // --- hostile cell values
                new HostileCase("sql_in_cell_values_is_stored_verbatim", null, HostileInputIT::sql_in_cell_values_is_stored_verbatim),
                new HostileCase("formulas_in_a_bad_contacts_row_are_neutralised_in_the_error_report", null,
                        HostileInputIT::formulas_in_a_bad_contacts_row_are_neutralised_in_the_error_report),
                new HostileCase("formulas_in_records_are_stored_verbatim_and_neutralised_in_the_report", null,
                        HostileInputIT::formulas_in_records_are_stored_verbatim_and_neutralised_in_the_report),
                new HostileCase("json_and_escape_lookalikes_in_records_are_stored_verbatim", null,
                        HostileInputIT::json_and_escape_lookalikes_in_records_are_stored_verbatim),
                new HostileCase("a_nul_inside_a_cell_fails_only_its_row", null, HostileInputIT::a_nul_inside_a_cell_fails_only_its_row),
                new HostileCase("a_nul_inside_a_cell_of_a_small_file_fails_only_its_row", null,
                        HostileInputIT::a_nul_inside_a_cell_of_a_small_file_fails_only_its_row),
                new HostileCase("whitespace_only_emails_are_reported_as_empty", null,
                        HostileInputIT::whitespace_only_emails_are_reported_as_empty),
                new HostileCase("an_email_of_255_characters_is_too_long_and_254_fits", null,
                        HostileInputIT::an_email_of_255_characters_is_too_long_and_254_fits),
                new HostileCase("an_email_with_a_trailing_no_break_space_is_trimmed_and_stored", null,
                        HostileInputIT::an_email_with_a_trailing_no_break_space_is_trimmed_and_stored),

                // --- hostile file names
                new HostileCase("path_traversal_in_the_filename_parameter_keeps_only_the_base_name", null,
                        HostileInputIT::path_traversal_in_the_filename_parameter),
                new HostileCase("path_traversal_in_content_disposition_keeps_only_the_base_name", null,
                        HostileInputIT::path_traversal_in_content_disposition),
                new HostileCase("path_traversal_in_a_multipart_file_name_keeps_only_the_base_name", null,
                        HostileInputIT::path_traversal_in_a_multipart_file_name),
                new HostileCase("a_1000_character_file_name_is_refused_and_a_250_character_one_cut_to_200", null,
                        HostileInputIT::a_1000_character_file_name_is_refused_and_a_250_character_one_cut_to_200),
                new HostileCase("control_characters_in_the_file_name_are_removed", null,
                        HostileInputIT::control_characters_in_the_file_name_are_removed),

                // --- hostile HTTP
                new HostileCase("an_upload_over_the_limit_is_413_and_creates_no_job", null,
                        HostileInputIT::an_upload_over_the_limit_is_413_and_creates_no_job),
                new HostileCase("a_chunked_upload_over_the_limit_is_413_and_creates_no_job", null,
                        HostileInputIT::a_chunked_upload_over_the_limit_is_413_and_creates_no_job),
                new HostileCase("an_upload_cut_off_mid_body_creates_no_job", null,
                        HostileInputIT::an_upload_cut_off_mid_body_creates_no_job),
                new HostileCase("a_chunked_upload_cut_off_mid_body_creates_no_job", null,
                        HostileInputIT::a_chunked_upload_cut_off_mid_body_creates_no_job),
                new HostileCase("a_multipart_upload_cut_off_mid_body_creates_no_job_and_leaves_no_file", null,
                        HostileInputIT::a_multipart_upload_cut_off_mid_body_creates_no_job),
                new HostileCase("an_unknown_pipeline_is_404_json", null, HostileInputIT::an_unknown_pipeline_is_404_json));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("catalogue")
    void hostile_input_has_one_specific_outcome_and_the_service_carries_on(HostileCase hostile) throws Exception {
        if (hostile.knownBug() == null) {
            hostile.scenario().run(this);
            assertServiceStillImports(hostile.name());
            return;
        }
        if (!RUN_KNOWN_BUGS) {
            Assumptions.abort("bug: " + hostile.knownBug());
        }
        try {
            hostile.scenario().run(this);
        } catch (AssertionError stillBroken) {
            assertServiceStillImports(hostile.name());
            throw new TestAbortedException("bug: " + hostile.knownBug() + "\nstill failing: " + stillBroken.getMessage(), stillBroken);
        }
        assertServiceStillImports(hostile.name());
        fail("marked as a known bug but now behaves correctly; remove its knownBug text: " + hostile.knownBug());
    }

    // ------------------------------------------------------------------------------------------------ scenarios

    /** A file readable up to a bad record in row 3: the job fails with its reason, and row 2 before it is stored. */
    private static HostileCase failsAfterRow2(String name, String pipeline, String fileName, byte[] body, String errorStart) {
        return new HostileCase(name, null, it -> it.expectFailedAfter(pipeline, fileName, body, errorStart, 1));
    }

    /** A file with one record in row 3 that breaks the quoting rules: that row is reported, the others land. */
    private static HostileCase reportsRow3(String name, String pipeline, String fileName, byte[] body, String reason) {
        return new HostileCase(name, null, it -> it.expectRow3Reported(pipeline, fileName, body, reason));
    }

    private void expectRow3Reported(String pipeline, String fileName, byte[] body, String reason) throws IOException {
        // given a file whose row 3 breaks the quoting rules
        // when it is uploaded
        String id = accepted(api.upload(pipeline, body, "filename=" + enc(fileName)));

        // then row 3 is in the error report with its reason and no column, and every other row is stored
        Map<String, Object> job = api.awaitFinished(id, WAIT);
        assertThat(job.get("status")).as("status of %s", fileName).isEqualTo("completed_with_errors");
        long stored = db.count("select count(*) from " + pipeline);
        assertThat(job).containsEntry("rowsFailed", 1).containsEntry("rowsStored", (int) stored)
                .containsEntry("rowsRead", (int) stored + 1);
        assertThat(errorRows(id)).containsExactly(List.of("3", "", reason, ""));
    }

    /** The generic "cannot be read" case: the job fails with a reason and stores nothing. */
    private static HostileCase refused(String name, String pipeline, String fileName, byte[] body, String errorStart) {
        return new HostileCase(name, null, it -> it.expectRefused(pipeline, fileName, body, errorStart));
    }

    private void expectRefused(String pipeline, String fileName, byte[] body, String errorStart) throws IOException {
        expectFailedAfter(pipeline, fileName, body, errorStart, 0);
    }

    private void expectFailedAfter(String pipeline, String fileName, byte[] body, String errorStart, int storedBefore)
            throws IOException {
        // given a file that cannot be read as a table (from some row on)
        // when it is uploaded
        String id = accepted(api.upload(pipeline, body, "filename=" + enc(fileName)));

        // then the job fails with a readable reason; only the rows before the bad spot are stored, no row reported,
        // and the error report's one line, without a row number, is the job's reason
        Map<String, Object> job = api.awaitFinished(id, WAIT);
        assertThat(job.get("status")).as("status of %s", fileName).isEqualTo("failed");
        assertThat(String.valueOf(job.get("error"))).startsWith(errorStart);
        assertThat(job).containsEntry("rowsStored", storedBefore).containsEntry("rowsFailed", 0);
        assertThat(db.count("select count(*) from " + pipeline)).isEqualTo(storedBefore);
        assertThat(errorRows(id)).as("error report of %s", fileName).hasSize(1);
        assertThat(errorRows(id).get(0).subList(0, 3)).containsExactly("", "", String.valueOf(job.get("error")));
    }

    private void xlsx_content_type_without_a_name() throws IOException {
        // given a workbook uploaded with the spreadsheet content type and no file name
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(api.uri("/api/imports/contacts"))
                .header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .POST(HttpRequest.BodyPublishers.ofByteArray(xlsxBytes())).build());

        // then the job is named as a workbook and read as one (this hand-made one lacks parts Excel writes: it fails so)
        Map<String, Object> job = api.awaitFinished(accepted(response), WAIT);
        assertThat(job).containsEntry("status", "failed").containsEntry("fileName", "upload.xlsx");
        assertThat(String.valueOf(job.get("error"))).contains("Excel");
    }

    private void batches_before_a_parse_failure_stay_committed() throws IOException {
        // given six good rows and an unterminated quote in row 8 that runs on for more than a row may hold,
        // imported two rows per batch
        String csv = "email,first_name\n" + IntStream.rangeClosed(2, 7).mapToObj(r -> "r" + r + "@example.com,R" + r + "\n")
                .collect(Collectors.joining()) + "bad@example.com,\"open\n" + "last@example.com,x\n".repeat(80_000);

        // when it is uploaded
        String id = accepted(api.upload("contacts", utf8(csv), "filename=partial.csv&batchSize=2"));

        // then the job fails naming row 8, and the three complete batches before it (rows 2-7) stay committed
        Map<String, Object> job = api.awaitFinished(id, WAIT);
        assertThat(job).containsEntry("status", "failed").containsEntry("error",
                "row 8 is longer than 1000000 characters, probably an unterminated quoted field starting at row 8");
        assertThat(emails()).containsExactly("r2@example.com", "r3@example.com", "r4@example.com", "r5@example.com",
                "r6@example.com", "r7@example.com");
        assertThat(job).containsEntry("rowsStored", 6);
    }

    private void bad_utf8_past_64_kib_is_reported_in_the_row_of_the_bad_bytes() throws IOException {
        // given a UTF-8 file (an accent in row 2), 3,000 valid rows (~100 KB) and then a row with bytes that are not
        // UTF-8, in row 3002
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(utf8("email,first_name\n"));
        for (int i = 0; i < 3000; i++) {
            out.write(utf8(String.format("r%05d@example.com,%s%05d\n", i, i == 0 ? "Zo\u00eb" : "Name", i)));
        }
        out.write(utf8("bad@example.com,X"));
        out.write(bytes(0xFF, 0xFE));
        out.write(utf8("Y\nafter@example.com,Z\n"));

        // when it is uploaded
        String id = accepted(api.upload("contacts", out.toByteArray(), "filename=late.csv"));

        // then exactly the row that holds the bad bytes is reported, and every other row is stored
        Map<String, Object> job = api.awaitFinished(id, WAIT);
        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsStored", 3001)
                .containsEntry("rowsFailed", 1);
        List<CSVRecord> report = api.errors(id);
        assertThat(report).hasSize(2);
        assertThat(report.get(1).get(0)).isEqualTo("3002");
        assertThat(report.get(1).get(2)).isEqualTo("contains bytes that are not valid in the file's encoding");
        assertThat(db.count("select count(*) from contacts where email = 'after@example.com'")).isEqualTo(1);
    }

    private void utf16le_with_bom_imports_exact_values() throws IOException {
        utf16WithBomImportsExactValues(StandardCharsets.UTF_16LE, bytes(0xFF, 0xFE));
    }

    private void utf16be_with_bom_imports_exact_values() throws IOException {
        utf16WithBomImportsExactValues(StandardCharsets.UTF_16BE, bytes(0xFE, 0xFF));
    }

    private void utf16WithBomImportsExactValues(Charset charset, byte[] bom) throws IOException {
        // given a UTF-16 export with a BOM, with accents, a symbol and a character outside the BMP
        String csv = "email,first_name,company\r\nzoe@example.com,Zoë,Café ☕ 😀\r\nnot-an-email,Ünïcödé,x\r\n";
        byte[] body = concat(bom, csv.getBytes(charset));

        // when it is uploaded
        String id = accepted(api.upload("contacts", body, "filename=utf16.csv"));

        // then it reads as the text it is: one stored row with exact values and one reported row
        Map<String, Object> job = api.awaitFinished(id, WAIT);
        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsStored", 1).containsEntry("rowsFailed", 1);
        assertThat(contact("zoe@example.com")).containsEntry("first_name", "Zoë").containsEntry("company", "Café ☕ 😀");
        assertThat(errorRows(id)).containsExactly(
                List.of("3", "email", "not a valid email address", "not-an-email", "not-an-email", "Ünïcödé", "x"));
    }

    private void windows_1252_bytes_are_stored_as_the_characters_they_mean() throws IOException {
        // given an Excel-on-Windows export: windows-1252 bytes, no BOM
        String csv = "email,last_name,company\r\nm@example.com,Müller,Straße € “quoted” – Ltd\r\n";
        byte[] body = csv.getBytes(Charset.forName("windows-1252"));

        // when it is uploaded
        String id = accepted(api.upload("contacts", body, "filename=excel.csv"));

        // then the characters are stored as they were meant
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 1);
        assertThat(contact("m@example.com")).containsEntry("last_name", "Müller").containsEntry("company", "Straße € “quoted” – Ltd");
    }

    private void a_utf8_file_with_one_stray_byte_is_not_silently_turned_into_mojibake() throws IOException {
        // given a UTF-8 file with accents in rows 2 and 4 and one stray 0xFF byte in row 3
        byte[] body = concat(utf8("email,last_name\nm1@example.com,Müller\nm2@example.com,Bad"), bytes(0xFF),
                utf8("Byte\nm3@example.com,José\n"));

        // when it is uploaded
        String id = accepted(api.upload("contacts", body, "filename=mixed.csv"));

        // then the file is read as the UTF-8 it is: row 3 alone is reported, the accents are stored as written
        Map<String, Object> job = api.awaitFinished(id, WAIT);
        assertThat(db.count("select count(*) from contacts where last_name like '%Ã%'")).isZero();
        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsStored", 2).containsEntry("rowsFailed", 1);
        assertThat(contact("m1@example.com")).containsEntry("last_name", "Müller");
        assertThat(contact("m3@example.com")).containsEntry("last_name", "José");
        assertThat(api.errors(id).get(1).get(0)).isEqualTo("3");
    }

    private void a_tsv_file_name_reads_tabs() throws IOException {
        // given a .tsv whose values contain commas and semicolons
        String tsv = "email\tfirst_name\tcompany\nt@example.com\tTab\tA, B; C\nbad\tX\tY\n";

        // when it is uploaded under a .tsv name
        String id = accepted(api.upload("contacts", utf8(tsv), "filename=people.tsv"));

        // then tabs separate the cells and commas stay inside them
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed_with_errors")
                .containsEntry("rowsStored", 1).containsEntry("rowsFailed", 1);
        assertThat(contact("t@example.com")).containsEntry("first_name", "Tab").containsEntry("company", "A, B; C");
        assertThat(errorRows(id)).containsExactly(List.of("3", "email", "not a valid email address", "bad", "bad", "X", "Y"));
    }

    private void a_semicolon_file_is_read_by_semicolons() throws IOException {
        // given a European Excel export: ';' between cells, ',' as decimal separator inside them
        String csv = "email;first_name;company\r\ns@example.com;Semi;\"Acme; Inc\"\r\nsemi2@example.com;Two;1,5 GmbH\r\n";

        // when it is uploaded
        String id = accepted(api.upload("contacts", utf8(csv), "filename=semi.csv"));

        // then it is read by semicolons
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 2);
        assertThat(contact("s@example.com")).containsEntry("first_name", "Semi").containsEntry("company", "Acme; Inc");
        assertThat(contact("semi2@example.com")).containsEntry("company", "1,5 GmbH");
    }

    private void cr_only_line_endings_keep_row_numbers() throws IOException {
        // given old-Mac line endings: CR only, with a bad row in row 3
        String csv = "email,first_name\rcr1@example.com,One\rbad,Bad\rcr2@example.com,Two\r";

        // when it is uploaded
        String id = accepted(api.upload("contacts", utf8(csv), "filename=cr.csv"));

        // then every line is a row, and the bad one is reported as row 3
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed_with_errors")
                .containsEntry("rowsRead", 3).containsEntry("rowsStored", 2).containsEntry("rowsFailed", 1);
        assertThat(emails()).containsExactly("cr1@example.com", "cr2@example.com");
        assertThat(errorRows(id)).containsExactly(List.of("3", "email", "not a valid email address", "bad", "bad", "Bad"));
    }

    private void blank_lines_before_the_header_count_as_spreadsheet_rows() throws IOException {
        // given two blank lines above the header, so the header is spreadsheet row 3
        String csv = "\n\nemail,first_name\nbad,x\nok@example.com,y\n";

        // when it is uploaded
        String id = accepted(api.upload("contacts", utf8(csv), "filename=blank-top.csv"));

        // then the bad row is reported as row 4, where a spreadsheet shows it
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed_with_errors").containsEntry("rowsStored", 1);
        assertThat(errorRows(id)).containsExactly(List.of("4", "email", "not a valid email address", "bad", "bad", "x"));
    }

    private void a_second_bom_before_the_header_does_not_hide_the_email_column() throws IOException {
        // given a UTF-8 file that got a BOM written twice (a tool added one to a file that had one)
        byte[] body = concat(bytes(0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF), utf8("email,first_name\nbom@example.com,Twice\n"));

        // when it is uploaded
        String id = accepted(api.upload("contacts", body, "filename=bom2.csv"));

        // then the header's email column is found and the row stored
        Map<String, Object> job = api.awaitFinished(id, WAIT);
        assertThat(job.get("error")).isNull();
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", 1);
        assertThat(contact("bom@example.com")).containsEntry("first_name", "Twice");
    }

    private void ragged_rows_in_contacts() throws IOException {
        // given rows with more cells than the header (one with an extra value, one with only an empty extra) and fewer
        String csv = "email,first_name,last_name\n"
                + "a@example.com,A,One\n"           // row 2
                + "b@example.com,B,Two,EXTRA\n"     // row 3: a fourth value
                + "c@example.com,C\n"               // row 4: no last name
                + "d@example.com,D,Four,\n"         // row 5: an empty fourth cell, as a trailing comma gives
                + "e@example.com\n";                // row 6: email only

        // when it is uploaded
        String id = accepted(api.upload("contacts", utf8(csv), "filename=ragged.csv"));

        // then the row with an extra value is reported, and short rows store their missing cells as empty
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed_with_errors")
                .containsEntry("rowsRead", 5).containsEntry("rowsStored", 4).containsEntry("rowsFailed", 1);
        assertThat(emails()).containsExactly("a@example.com", "c@example.com", "d@example.com", "e@example.com");
        assertThat(contact("c@example.com")).containsEntry("first_name", "C").containsEntry("last_name", null);
        assertThat(contact("e@example.com")).containsEntry("first_name", null).containsEntry("last_name", null);
        assertThat(errorRows(id)).containsExactly(
                List.of("3", "", "row has 4 cells but the header has 3", "", "b@example.com", "B", "Two", "EXTRA"));
    }

    private void ragged_rows_in_records() throws IOException {
        // given rows longer and shorter than the header
        String csv = "a,b,c\n1,2,3\n4,5,6,7\n8\n";

        // when it is imported into the catch-all pipeline
        String id = accepted(api.upload("records", utf8(csv), "filename=ragged.csv"));

        // then no cell is lost: an extra cell gets a column key, a short row has only its cells
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 3);
        List<Map<String, String>> data = recordsData();
        assertThat(data.get(0)).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("c", "3"));
        assertThat(data.get(1)).containsOnly(Map.entry("a", "4"), Map.entry("b", "5"), Map.entry("c", "6"), Map.entry("column_4", "7"));
        assertThat(data.get(2)).containsOnly(Map.entry("a", "8"));
    }

    private void ten_thousand_header_columns_import_into_records() throws IOException {
        // given a header of 10,000 columns and one row
        String header = IntStream.range(0, 10_000).mapToObj(i -> "c" + i).collect(Collectors.joining(","));
        String row = IntStream.range(0, 10_000).mapToObj(i -> "v" + i).collect(Collectors.joining(","));

        // when it is imported into records
        String id = accepted(api.upload("records", utf8(header + "\n" + row + "\n"), "filename=wide.csv"));

        // then the row is one JSON object with all 10,000 keys
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 1);
        Map<String, String> data = recordsData().get(0);
        assertThat(data).hasSize(10_000).containsEntry("c0", "v0").containsEntry("c5000", "v5000").containsEntry("c9999", "v9999");
    }

    private void ten_thousand_header_columns_in_contacts_still_find_email() throws IOException {
        // given 10,000 header columns with email in the middle and first_name last
        List<String> header = new ArrayList<>();
        List<String> row = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            header.add(i == 5_000 ? "E-mail" : i == 9_999 ? "First Name" : "x" + i);
            row.add(i == 5_000 ? "Wide@Example.com" : i == 9_999 ? "Wide" : "v" + i);
        }

        // when it is uploaded to contacts
        String id = accepted(api.upload("contacts", utf8(String.join(",", header) + "\n" + String.join(",", row) + "\n"),
                "filename=wide.csv"));

        // then the declared columns are found among the others and the row imports
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 1);
        assertThat(contact("wide@example.com")).containsEntry("first_name", "Wide");
    }

    private void duplicate_header_names_in_records_get_numbered_keys() throws IOException {
        // given the same name four times (one differing in case)
        String csv = "email,email,Email,email\n1,2,3,4\n";

        // when it is imported into records
        String id = accepted(api.upload("records", utf8(csv), "filename=dup.csv"));

        // then every cell is kept under a distinct key
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 1);
        assertThat(recordsData().get(0)).containsOnly(Map.entry("email", "1"), Map.entry("email (2)", "2"),
                Map.entry("Email", "3"), Map.entry("email (3)", "4"));
    }

    private void blank_header_names_in_records_get_column_keys() throws IOException {
        // given a header whose names are empty or blank but one (a header of only blank names is an empty row)
        String csv = ",  ,,id\nx,y,z,1\n";

        // when it is imported into records
        String id = accepted(api.upload("records", utf8(csv), "filename=blank-header.csv"));

        // then each cell without a name gets its column number as key
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 1);
        assertThat(recordsData().get(0)).containsOnly(Map.entry("column_1", "x"), Map.entry("column_2", "y"), Map.entry("column_3", "z"),
                Map.entry("id", "1"));
    }

    private void a_header_with_sql_injection_text_is_only_a_name() throws IOException {
        // given a header cell written to break out of a column list
        String csv = "email,\"first_name); drop table contacts;--\"\nsql@example.com,x\n";

        // when it is uploaded to contacts and to records
        String contactsId = accepted(api.upload("contacts", utf8(csv), "filename=sql-header.csv"));
        assertThat(api.awaitFinished(contactsId, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 1);
        String recordsId = accepted(api.upload("records", utf8(csv), "filename=sql-header.csv"));
        assertThat(api.awaitFinished(recordsId, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 1);

        // then both tables still exist, the row is in contacts (the unknown column ignored) and the name is a plain key
        assertThat(db.count("select count(*) from pg_tables where tablename in ('contacts', 'records')")).isEqualTo(2);
        assertThat(contact("sql@example.com")).containsEntry("first_name", null);
        assertThat(recordsData().get(0)).containsOnly(Map.entry("email", "sql@example.com"),
                Map.entry("first_name); drop table contacts;--", "x"));
    }

    private void a_header_with_html_and_script_is_stored_as_plain_text() throws IOException {
        // given header names and a file name that are markup
        String csv = "email,<script>alert(1)</script>,\"<img src=x onerror=alert(1)>\"\nhtml@example.com,a,b\n";

        // when it is imported into records
        HttpResponse<String> response = api.upload("records", utf8(csv), "filename=" + enc("<img src=x onerror=alert(1)>.csv"));
        String id = accepted(response);

        // then the names are stored as plain JSON keys and the API answers JSON, never HTML
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 1)
                .containsEntry("fileName", "<img src=x onerror=alert(1)>.csv");
        assertThat(recordsData().get(0)).containsOnly(Map.entry("email", "html@example.com"),
                Map.entry("<script>alert(1)</script>", "a"), Map.entry("<img src=x onerror=alert(1)>", "b"));
        assertThat(api.get("/api/imports/" + id + "/errors").headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/csv"));
    }

    private void thousands_of_bad_rows_are_all_reported() throws IOException {
        // given 5,000 bad rows around 2 good ones, across several batches
        StringBuilder csv = new StringBuilder("email,first_name\ngood1@example.com,G\n");
        for (int i = 0; i < 5_000; i++) {
            csv.append("bad-").append(i).append(",B\n");
        }
        csv.append("good2@example.com,G\n");

        // when it is uploaded
        String id = accepted(api.upload("contacts", utf8(csv.toString()), "filename=mostly-bad.csv&batchSize=700"));

        // then every bad row is in the report, in row order, and the good ones are stored
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed_with_errors")
                .containsEntry("rowsRead", 5_002).containsEntry("rowsStored", 2).containsEntry("rowsFailed", 5_000);
        List<List<String>> errors = errorRows(id);
        assertThat(errors).hasSize(5_000);
        assertThat(errors.get(0)).containsExactly("3", "email", "not a valid email address", "bad-0", "bad-0", "B");
        assertThat(errors.get(4_999)).containsExactly("5002", "email", "not a valid email address", "bad-4999", "bad-4999", "B");
        assertThat(errors).extracting(e -> Long.parseLong(e.get(0))).isSorted().doesNotHaveDuplicates();
        assertThat(emails()).containsExactly("good1@example.com", "good2@example.com");
    }

    private void sql_in_cell_values_is_stored_verbatim() throws IOException {
        // given cells written as SQL injections
        String csv = "email,first_name,company\nq@example.com,'); drop table contacts; --,\"Robert'); DROP TABLE records;--\"\n";

        // when it is uploaded to contacts and to records
        String contactsId = accepted(api.upload("contacts", utf8(csv), "filename=sql.csv"));
        assertThat(api.awaitFinished(contactsId, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 1);
        String recordsId = accepted(api.upload("records", utf8(csv), "filename=sql.csv"));
        assertThat(api.awaitFinished(recordsId, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 1);

        // then the values are stored character for character and the tables are intact
        assertThat(contact("q@example.com")).containsEntry("first_name", "'); drop table contacts; --")
                .containsEntry("company", "Robert'); DROP TABLE records;--");
        assertThat(recordsData().get(0)).containsEntry("first_name", "'); drop table contacts; --")
                .containsEntry("company", "Robert'); DROP TABLE records;--");
        assertThat(db.count("select count(*) from pg_tables where tablename in ('contacts', 'records')")).isEqualTo(2);
    }

    private void formulas_in_a_bad_contacts_row_are_neutralised_in_the_error_report() throws IOException {
        // given formula payloads in two bad rows, in a good row, and as a header name
        String hyperlink = "=HYPERLINK(\"http://evil.example\",\"x\")";
        String csv = "email,first_name,last_name,company,phone,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"h\"\")\"\n"
                + "bad-email,=cmd|' /C calc'!A0,+SUM(A1),@x,-2+3,-12.5\n"                       // row 2
                + "\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",Eve,,,,\n"              // row 3
                + "good@example.com,=cmd|' /C calc'!A0,+SUM(A1),@x,-2+3,\n";                     // row 4

        // when it is uploaded
        String id = accepted(api.upload("contacts", utf8(csv), "filename=formulas.csv"));

        // then the good row is stored verbatim
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed_with_errors")
                .containsEntry("rowsStored", 1).containsEntry("rowsFailed", 2);
        assertThat(contact("good@example.com")).containsEntry("first_name", "=cmd|' /C calc'!A0")
                .containsEntry("last_name", "+SUM(A1)").containsEntry("company", "@x").containsEntry("phone", "-2+3");

        // and in the error report every cell a spreadsheet would run starts with a quote; plain numbers stay
        List<CSVRecord> report = api.errors(id);
        assertThat(report.get(0).toList()).containsExactly("row_number", "column", "reason", "value",
                "email", "first_name", "last_name", "company", "phone", "'=HYPERLINK(\"http://evil.example\",\"h\")");
        assertThat(report.get(1).toList()).containsExactly("2", "email", "not a valid email address", "bad-email",
                "bad-email", "'=cmd|' /C calc'!A0", "'+SUM(A1)", "'@x", "'-2+3", "-12.5");
        assertThat(report.get(2).toList()).containsExactly("3", "email", "not a valid email address", "'" + hyperlink,
                "'" + hyperlink, "Eve", "", "", "", "");
        assertThat(report).hasSize(3);
    }

    private void formulas_in_records_are_stored_verbatim_and_neutralised_in_the_report() throws IOException {
        // given formula payloads in a good row and in a row that fails for a NUL (padded so the file is clearly text)
        StringBuilder csv = new StringBuilder("a,b,c,d,e\n");
        csv.append("=cmd|' /C calc'!A0,+SUM(A1),@x,-2+3,ok\n");                // row 2
        csv.append("=cmd|' /C calc'!A0,+SUM(A1),@x,-2+3,bad\u0000\n");         // row 3
        for (int i = 0; i < 100; i++) {
            csv.append("pad,").append(i).append(",padding padding padding,-1,ok\n");
        }

        // when it is imported into records
        String id = accepted(api.upload("records", utf8(csv.toString()), "filename=formulas.csv"));

        // then the good row's values are stored exactly as written
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed_with_errors")
                .containsEntry("rowsStored", 101).containsEntry("rowsFailed", 1);
        assertThat(recordsData().get(0)).containsOnly(Map.entry("a", "=cmd|' /C calc'!A0"), Map.entry("b", "+SUM(A1)"),
                Map.entry("c", "@x"), Map.entry("d", "-2+3"), Map.entry("e", "ok"));

        // and the reported row's cells are neutralised
        assertThat(errorRows(id)).containsExactly(List.of("3", "e", "contains a NUL character, which cannot be stored", "bad\\0",
                "'=cmd|' /C calc'!A0", "'+SUM(A1)", "'@x", "'-2+3", "bad\\0"));
    }

    private void json_and_escape_lookalikes_in_records_are_stored_verbatim() throws IOException {
        // given cells that would break hand-built JSON or COPY text
        List<String> values = List.of("\"}, {\"injected\": true", "back\\slash \\N \\t \\u0000", "tab\there", "</script><script>x</script>",
                "line1\nline2", "\\.");
        String csv = "a,b,c,d,e,f\n" + values.stream().map(v -> "\"" + v.replace("\"", "\"\"") + "\"")
                .collect(Collectors.joining(",")) + "\n";

        // when it is imported into records
        String id = accepted(api.upload("records", utf8(csv), "filename=escapes.csv"));

        // then each value is stored exactly, under its own key
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 1);
        assertThat(recordsData().get(0)).containsOnly(Map.entry("a", values.get(0)), Map.entry("b", values.get(1)),
                Map.entry("c", values.get(2)), Map.entry("d", values.get(3)), Map.entry("e", values.get(4)),
                Map.entry("f", values.get(5)));
    }

    private void a_nul_inside_a_cell_fails_only_its_row() throws IOException {
        // given an ordinary contacts file with one NUL inside one cell of row 302
        StringBuilder csv = new StringBuilder("email,first_name\n");
        for (int i = 0; i < 300; i++) {
            csv.append("p").append(i).append("@example.com,pad\n");
        }
        csv.append("nul@example.com,bad\u0000value\nlast@example.com,ok\n");

        // when it is uploaded
        String id = accepted(api.upload("contacts", utf8(csv.toString()), "filename=nul.csv"));

        // then only that row is reported, with the NUL shown, and the others are stored
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed_with_errors")
                .containsEntry("rowsStored", 301).containsEntry("rowsFailed", 1);
        assertThat(errorRows(id)).containsExactly(List.of("302", "first_name", "contains a NUL character, which cannot be stored",
                "bad\\0value", "nul@example.com", "bad\\0value"));
        assertThat(db.count("select count(*) from contacts where email in ('nul@example.com', 'last@example.com')")).isEqualTo(1);
    }

    private void a_nul_inside_a_cell_of_a_small_file_fails_only_its_row() throws IOException {
        // given a small file with one stray NUL in one cell
        String csv = "email,first_name\na@example.com,ok\nb@example.com,bad\u0000value\nc@example.com,ok\n";

        // when it is uploaded
        String id = accepted(api.upload("contacts", utf8(csv), "filename=nul-small.csv"));

        // then that row alone is reported and the two others are stored
        Map<String, Object> job = api.awaitFinished(id, WAIT);
        assertThat(job.get("error")).isNull();
        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsStored", 2).containsEntry("rowsFailed", 1);
        assertThat(emails()).containsExactly("a@example.com", "c@example.com");
        assertThat(errorRows(id)).extracting(e -> e.subList(0, 3))
                .containsExactly(List.of("3", "first_name", "contains a NUL character, which cannot be stored"));
    }

    private void whitespace_only_emails_are_reported_as_empty() throws IOException {
        // given emails of spaces only and of a no-break space only
        String csv = "email,first_name\n   ,spaces\n\u00A0,nbsp\nok@example.com,ok\n";

        // when it is uploaded
        String id = accepted(api.upload("contacts", utf8(csv), "filename=blank-emails.csv"));

        // then both are reported as a missing required value, and the good row is stored
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed_with_errors")
                .containsEntry("rowsStored", 1).containsEntry("rowsFailed", 2);
        assertThat(errorRows(id)).containsExactly(
                List.of("2", "email", "required value is empty", "   ", "   ", "spaces"),
                List.of("3", "email", "required value is empty", "\u00A0", "\u00A0", "nbsp"));
        assertThat(emails()).containsExactly("ok@example.com");
    }

    private void an_email_of_255_characters_is_too_long_and_254_fits() throws IOException {
        // given a 255-character email and a 254-character one
        String tooLong = "a".repeat(243) + "@example.com";
        String longest = "b".repeat(242) + "@example.com";
        assertThat(tooLong).hasSize(255);
        assertThat(longest).hasSize(254);
        String csv = "email,first_name\n" + tooLong + ",long\n" + longest + ",fits\n";

        // when it is uploaded
        String id = accepted(api.upload("contacts", utf8(csv), "filename=long-email.csv"));

        // then the 255 one is reported and the 254 one stored
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed_with_errors")
                .containsEntry("rowsStored", 1).containsEntry("rowsFailed", 1);
        assertThat(errorRows(id)).containsExactly(List.of("2", "email", "longer than 254 characters", tooLong, tooLong, "long"));
        assertThat(emails()).containsExactly(longest);
    }

    private void an_email_with_a_trailing_no_break_space_is_trimmed_and_stored() throws IOException {
        // given an email with a trailing no-break space, as copied out of a web page or a spreadsheet
        String csv = "email,first_name\nnbsp@example.com\u00A0,Trailing\n\u00A0 Lead@Example.com,Leading\n";

        // when it is uploaded
        String id = accepted(api.upload("contacts", utf8(csv), "filename=nbsp.csv"));

        // then it is trimmed (and lower-cased) and stored
        assertThat(api.awaitFinished(id, WAIT)).containsEntry("status", "completed").containsEntry("rowsStored", 2);
        assertThat(emails()).containsExactly("lead@example.com", "nbsp@example.com");
    }

    private void path_traversal_in_the_filename_parameter() throws IOException {
        fileNameIsReducedToItsBaseName(api.upload("contacts", utf8("email\ntrav@example.com\n"), "filename=" + enc("../../etc/passwd")),
                "passwd", "trav@example.com", List.of("etc/passwd"));
    }

    private void path_traversal_in_content_disposition() throws IOException {
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(api.uri("/api/imports/contacts"))
                .header("Content-Type", "text/csv")
                .header("Content-Disposition", "attachment; filename=\"..\\..\\..\\evil\\win.csv\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(utf8("email\ndisp@example.com\n"))).build());
        fileNameIsReducedToItsBaseName(response, "win.csv", "disp@example.com", List.of("evil/win.csv", "evil\\win.csv"));
    }

    private void path_traversal_in_a_multipart_file_name() throws IOException {
        String boundary = "----hostile" + System.nanoTime();
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"../../../tmp/evil/part.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n"
                + "email\r\npart@example.com\r\n"
                + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(api.uri("/api/imports/contacts"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        fileNameIsReducedToItsBaseName(response, "part.csv", "part@example.com", List.of("tmp/evil/part.csv", "evil/part.csv"));
    }

    /**
     * given an upload named with a path that climbs out of the work folder; then the job shows only the base name,
     * the file was spooled inside the work folder, nothing appeared where the path pointed, and the rows import.
     */
    private void fileNameIsReducedToItsBaseName(HttpResponse<String> response, String baseName, String email,
                                                List<String> escapedTargets) throws IOException {
        Path home = service.home().toRealPath();
        Path work = home.resolve("work");
        Set<String> before = filesOutside(home, work);

        String id = accepted(response);
        Map<String, Object> job = api.awaitFinished(id, WAIT);

        assertThat(job).containsEntry("fileName", baseName).containsEntry("status", "completed").containsEntry("rowsStored", 1);
        assertThat(emails()).containsExactly(email);
        String spooled = String.valueOf(db.rows("select file_path from import_jobs where id = ?", UUID.fromString(id))
                .get(0).get("file_path"));
        assertThat(Path.of(spooled).toAbsolutePath().normalize()).startsWithRaw(work);
        assertThat(filesOutside(home, work)).isEqualTo(before);
        for (String target : escapedTargets) {
            for (Path base = work.resolve("uploads"); base != null && base.startsWith(home.getParent()); base = base.getParent()) {
                assertThat(base.resolve(target)).as("written through the file name").doesNotExist();
            }
        }
    }

    private void a_1000_character_file_name_is_refused_and_a_250_character_one_cut_to_200() throws IOException {
        // given a 1,000-character file name, over the 255 UTF-8 bytes a name may have (issue #15), and one of 250
        String tooLong = "n".repeat(996) + ".csv";
        String name = "m".repeat(246) + ".csv";

        // when a file is uploaded under each
        HttpResponse<String> refused = api.upload("contacts", utf8("email\nlongname@example.com\n"), "filename=" + enc(tooLong));
        String id = accepted(api.upload("contacts", utf8("email\nlongname@example.com\n"), "filename=" + enc(name)));

        // then the first is a 400 saying why, and the second's name is cut to at most 200 characters, keeps its
        // extension, and the import works
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(String.valueOf(ApiClient.json(refused.body()).get("error"))).contains("1000 bytes").contains("255");
        Map<String, Object> job = api.awaitFinished(id, WAIT);
        String fileName = String.valueOf(job.get("fileName"));
        assertThat(fileName.length()).isLessThanOrEqualTo(200);
        assertThat(fileName).startsWith("mmmm").endsWith(".csv");
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", 1);
        assertThat(ApiClient.jsonList(api.get("/api/imports").body())).extracting(j -> j.get("fileName")).contains(fileName)
                .doesNotContain(tooLong);
    }

    private void control_characters_in_the_file_name_are_removed() throws IOException {
        // given a file name with CR LF (header/log injection), an ANSI escape, a bell, a NUL and DEL
        String name = "evil\r\nX-Injected: 1\u001B[31m\u0007\u0000\u007F.csv";

        // when a file is uploaded under it
        HttpResponse<String> response = api.upload("contacts", utf8("email\nctrl@example.com\n"), "filename=" + enc(name));
        String id = accepted(response);

        // then the control characters are gone from the name, no header was injected, and the import works
        assertThat(response.headers().firstValue("X-Injected")).isEmpty();
        Map<String, Object> job = api.awaitFinished(id, WAIT);
        assertThat(job).containsEntry("fileName", "evilX-Injected: 1[31m.csv").containsEntry("status", "completed")
                .containsEntry("rowsStored", 1);
    }

    private void an_upload_over_the_limit_is_413_and_creates_no_job() {
        // given a body over the shared service's 20 MiB limit, announced by its Content-Length
        byte[] big = new byte[21 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        long jobsBefore = jobCount();

        // when it is uploaded
        HttpResponse<String> response = api.upload("contacts", big, "filename=big.csv");

        // then it is refused with 413 and a JSON reason, and no job exists for it
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(String.valueOf(ApiClient.json(response.body()).get("error"))).startsWith("the upload is larger than import.max-upload-bytes");
        assertThat(jobCount()).isEqualTo(jobsBefore);
    }

    private void a_chunked_upload_over_the_limit_is_413_and_creates_no_job() throws IOException {
        // given a body over the limit sent chunked, so the service only learns its size while reading it
        long size = 21L * 1024 * 1024;
        Path uploads = service.home().resolve("work").resolve("uploads");
        Set<String> spooledBefore = listing(uploads);
        long jobsBefore = jobCount();

        // when it is uploaded
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(api.uri("/api/imports/contacts?filename=big.csv"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new RepeatedByteStream('a', size))).build());

        // then it is refused with 413, no job exists for it, and the partial file is gone
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(String.valueOf(ApiClient.json(response.body()).get("error"))).startsWith("the upload is larger than import.max-upload-bytes");
        assertThat(jobCount()).isEqualTo(jobsBefore);
        awaitNoNewFiles(uploads, spooledBefore);
    }

    private void an_upload_cut_off_mid_body_creates_no_job() throws IOException {
        byte[] part = utf8("email,first_name\ncut@example.com,Cut\n");
        cutOffUploadCreatesNoJob("Content-Type: text/csv\r\nContent-Length: 100000\r\n", part);
    }

    private void a_chunked_upload_cut_off_mid_body_creates_no_job() throws IOException {
        byte[] data = utf8("email,first_name\ncut@example.com,Cut\n");
        byte[] chunk = concat(utf8(Integer.toHexString(data.length) + "\r\n"), data, utf8("\r\n"));
        cutOffUploadCreatesNoJob("Content-Type: text/csv\r\nTransfer-Encoding: chunked\r\n", chunk);
    }

    private void a_multipart_upload_cut_off_mid_body_creates_no_job() throws IOException {
        String boundary = "----cut" + System.nanoTime();
        byte[] part = utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\nemail,first_name\r\ncut@example.com,Cut\r\n");
        cutOffUploadCreatesNoJob("Content-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: 100000\r\n", part);
    }

    /** given a client that sends the head and part of the body, then hangs up; then nothing of it remains. */
    private void cutOffUploadCreatesNoJob(String headers, byte[] partialBody) throws IOException {
        Path uploads = service.home().resolve("work").resolve("uploads");
        Set<String> spooledBefore = listing(uploads);
        int jobsBefore = ApiClient.jsonList(api.get("/api/imports").body()).size();

        // when the upload breaks off mid-body
        URI base = URI.create(service.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(utf8("POST /api/imports/contacts?filename=cut.csv HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + headers + "\r\n"));
            out.write(partialBody);
            out.flush();
            ServiceProcess.sleep(300);
        }

        // then no job is created for it, its spooled part is deleted, and nothing was stored
        ServiceProcess.sleep(500);
        assertThat(ApiClient.jsonList(api.get("/api/imports").body())).hasSize(jobsBefore);
        assertThat(db.count("select count(*) from import_jobs")).isZero();
        awaitNoNewFiles(uploads, spooledBefore);
        assertThat(emails()).doesNotContain("cut@example.com");
    }

    private void an_unknown_pipeline_is_404_json() {
        // given pipeline names that do not exist, one of them SQL and one markup
        for (String pipeline : List.of("nosuch", "contacts%3B%20drop%20table%20contacts", "%3Cscript%3E")) {
            // when a file is uploaded to it
            HttpResponse<String> response = api.upload(pipeline, utf8("email\nx@example.com\n"), "");

            // then the answer is 404 JSON naming the pipeline and listing the real ones, and no job is created
            assertThat(response.statusCode()).as(pipeline).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
            Map<String, Object> body = ApiClient.json(response.body());
            assertThat(body.get("error")).isEqualTo("unknown pipeline: " + URLDecoder.decode(pipeline, UTF_8));
            assertThat(new ArrayList<Object>((List<?>) body.get("pipelines"))).contains("contacts", "records");
        }
        assertThat(jobCount()).isZero();
        assertThat(db.count("select count(*) from pg_tables where tablename = 'contacts'")).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------ after each case

    /** The service process is alive, healthy, and a small ordinary import still completes. */
    private void assertServiceStillImports(String caseName) {
        assertThat(service.alive()).as("service process alive after %s", caseName).isTrue();
        assertThat(api.get("/observe/health").statusCode()).as("health after %s", caseName).isEqualTo(200);
        String email = "alive-" + PROBES.incrementAndGet() + "-" + System.nanoTime() + "@example.com";
        String id = accepted(api.upload("contacts", utf8("email,first_name\n" + email + ",Alive\n"), "filename=alive.csv"));
        assertThat(api.awaitFinished(id, WAIT)).as("ordinary import after %s", caseName)
                .containsEntry("status", "completed").containsEntry("rowsStored", 1);
        assertThat(db.count("select count(*) from contacts where email = ?", email)).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String accepted(HttpResponse<String> response) {
        if (response.statusCode() != 202) {
            throw new AssertionError("expected 202, got " + response.statusCode() + ": " + response.body());
        }
        return String.valueOf(ApiClient.json(response.body()).get("id"));
    }

    /** The error report without its header record, each record as a list of cells. */
    private List<List<String>> errorRows(String id) {
        List<CSVRecord> report = api.errors(id);
        return report.subList(1, report.size()).stream().map(CSVRecord::toList).toList();
    }

    private List<String> emails() {
        return db.rows("select email from contacts order by email").stream().map(r -> (String) r.get("email")).toList();
    }

    private Map<String, Object> contact(String email) {
        List<Map<String, Object>> rows = db.rows("select email, first_name, last_name, company, phone from contacts where email = ?", email);
        assertThat(rows).as("contact %s", email).hasSize(1);
        return rows.get(0);
    }

    /** The data of every stored record, in row order. */
    private List<Map<String, String>> recordsData() throws IOException {
        List<Map<String, String>> data = new ArrayList<>();
        for (Map<String, Object> row : db.rows("select data::text as data from records order by import_id, row_number")) {
            data.add(JSON.readValue(String.valueOf(row.get("data")), new TypeReference<java.util.LinkedHashMap<String, String>>() { }));
        }
        return data;
    }

    private long jobCount() {
        return db.count("select count(*) from import_jobs");
    }

    private static Set<String> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Waits until no file in dir is new compared to before (an aborted upload's part is deleted asynchronously). */
    private static void awaitNoNewFiles(Path dir, Set<String> before) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Set<String> added;
        do {
            added = new TreeSet<>(listing(dir));
            added.removeAll(before);
            if (added.isEmpty()) {
                return;
            }
            ServiceProcess.sleep(100);
        } while (System.nanoTime() < deadline);
        assertThat(added).as("files left in %s by an upload that created no job", dir).isEmpty();
    }

    /** Every file under home except those in the work folder, as relative paths. */
    private static Set<String> filesOutside(Path home, Path work) throws IOException {
        Set<String> found = new TreeSet<>();
        Files.walkFileTree(home, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
                if (dir.equals(work)) {
                    return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                }
                found.add(home.relativize(dir) + "/");
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                found.add(home.relativize(file).toString());
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return found;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, UTF_8).replace("+", "%20");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** 8 KiB of random bytes behind a PNG signature. */
    private static byte[] binaryGarbage() {
        byte[] body = new byte[8192];
        new Random(42).nextBytes(body);
        System.arraycopy(bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'), 0, body, 0, 8);
        return body;
    }

    /** Looks like a CSV, but a tenth of it is NUL. */
    private static byte[] nulHeavy() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8("email,first_name\n"));
        for (int i = 0; i < 50; i++) {
            out.writeBytes(utf8("n" + i + "@example.com,"));
            out.writeBytes(new byte[10]);
            out.writeBytes(utf8("\n"));
        }
        return out.toByteArray();
    }

    /** A good row, then one row of ~3 MB (over the 1,000,000-character limit, under the 20 MiB upload limit). */
    private static byte[] longLine() {
        return utf8("email,first_name\nok@example.com,ok\nbig@example.com," + "x".repeat(3_000_000) + "\nafter@example.com,y\n");
    }

    /** A minimal but real .xlsx: a zip of the workbook parts. */
    private static byte[] xlsxBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            Map<String, String> parts = new java.util.LinkedHashMap<>();
            parts.put("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
                    + "package/2006/content-types\"><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
                    + "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>");
            parts.put("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook><sheets><sheet name=\"People\" "
                    + "sheetId=\"1\"/></sheets></workbook>");
            parts.put("xl/worksheets/sheet1.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet><sheetData>"
                    + "<row r=\"1\"><c t=\"inlineStr\"><is><t>email</t></is></c></row>"
                    + "<row r=\"2\"><c t=\"inlineStr\"><is><t>x@example.com</t></is></c></row></sheetData></worksheet>");
            for (Map.Entry<String, String> part : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                zip.write(utf8(part.getValue()));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    /** {@code size} copies of one byte, without holding them in memory. */
    private static final class RepeatedByteStream extends InputStream {
        private final int value;
        private long remaining;

        RepeatedByteStream(char value, long size) {
            this.value = value;
            this.remaining = size;
        }

        @Override
        public int read() {
            if (remaining <= 0) {
                return -1;
            }
            remaining--;
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) value);
            remaining -= n;
            return n;
        }
    }
}
