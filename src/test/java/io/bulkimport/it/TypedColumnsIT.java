package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typed columns through the running service: a route folder with a {@code payments} pipeline (a date, a timestamp,
 * a decimal, an integer and a boolean column, in a table of the real types) and a {@code visits} pipeline whose
 * date column allows both day-first and month-first dates; the shipped users pipeline's {@code signed_up} date.
 */
class TypedColumnsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final TestDatabase DB = TestDatabase.get();

    @TempDir
    static Path routes;
    @TempDir
    static Path files;

    private static ServiceProcess service;
    private static ApiClient api;

    @BeforeAll
    static void startOnARouteFolderWithTypedPipelines() throws IOException {
        DB.clean();
        DB.execute("drop table if exists payments, visits, routes_schema_history");
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path file : shipped.filter(Files::isRegularFile).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Files.createDirectories(routes.resolve("migrations"));
        Files.writeString(routes.resolve("migrations").resolve("V1__typed.sql"), """
                create table payments (ref text primary key, paid_on date, booked_at timestamptz, amount numeric,
                                       quantity bigint, settled boolean, import_id uuid not null);
                create table visits (id text primary key, visited_on date, import_id uuid not null);
                """);
        Files.writeString(routes.resolve("payments.camel.yaml"), PipelineRouteFiles.validateAndStore("payments", """
                          ref:       { key: true }
                          paid_on:   { type: date, formats: [dd/MM/yyyy, yyyy-MM-dd] }
                          booked_at: { type: timestamp, formats: ['dd/MM/yyyy HH:mm', "yyyy-MM-dd'T'HH:mm:ssXXX"], zone: Europe/Paris }
                          amount:    { type: decimal }
                          quantity:  { type: integer }
                          settled:   { type: boolean }
                """));
        Files.writeString(routes.resolve("visits.camel.yaml"), PipelineRouteFiles.validateAndStore("visits", """
                          id:         { key: true }
                          visited_on: { type: date, formats: [dd/MM/yyyy, MM/dd/yyyy] }
                """));
        service = ServiceProcess.start("typed-columns", List.of(), Map.of("IMPORT_ROUTES", routes.toString()));
        api = new ApiClient(service);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        DB.execute("drop table if exists payments, visits, routes_schema_history");
    }

    @Test
    void typed_values_land_in_real_date_timestamptz_numeric_bigint_and_boolean_columns() {
        // given day-first and ISO dates, a Paris time and one with its own offset, English amounts with a currency
        // sign, a grouped integer, yes/0 booleans, and an impossible date
        String csv = """
                ref,paid_on,booked_at,amount,quantity,settled
                P1,03/05/2024,01/07/2024 10:00,"1,234.56",7,yes
                P2,2024-05-04,2024-07-01T10:00:00-05:00,€ 12.50,"1,000",0
                P3,31/02/2024,01/07/2024 10:00,5,1,true
                """;

        // when
        Map<String, Object> job = imported("payments", csv, "filename=payments.csv");

        // then the good rows are stored in the table's own types
        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsStored", 2).containsEntry("rowsFailed", 1);
        assertThat(DB.rows("select ref, paid_on::text as paid_on, to_char(booked_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as booked_utc, "
                + "amount::text as amount, quantity::text as quantity, settled::text as settled, "
                + "pg_typeof(paid_on)::text || ',' || pg_typeof(booked_at) || ',' || pg_typeof(amount) || ',' || pg_typeof(quantity) "
                + "|| ',' || pg_typeof(settled) as types from payments where ref in ('P1', 'P2', 'P3') order by ref")).containsExactly(
                row("P1", "2024-05-03", "2024-07-01 08:00", "1234.56", "7", "true"),
                row("P2", "2024-05-04", "2024-07-01 15:00", "12.50", "1000", "false"));
    }

    @Test
    void a_bad_date_is_reported_with_its_original_value_and_what_was_expected() {
        // given
        String csv = "ref,paid_on\nB1,31/02/2024\nB2,04/05/2024\n";

        // when
        String id = String.valueOf(imported("payments", csv, "filename=bad-date.csv").get("id"));

        // then
        List<CSVRecord> errors = api.errors(id);
        assertThat(errors).hasSize(2);
        assertThat(errors.get(1).toList().subList(0, 4)).containsExactly("2", "paid_on",
                "not a date (dd/MM/yyyy or yyyy-MM-dd): 31/02/2024", "31/02/2024");
        assertThat(DB.rows("select paid_on::text as d from payments where ref = 'B2'")).containsExactly(Map.of("d", "2024-05-04"));
    }

    @Test
    void german_amounts_need_locale_de_DE_on_the_upload() {
        // given the same German amount in two files
        String plain = "ref,amount\nG1,\"1.234,56\"\n";
        String withLocale = "ref,amount\nG2,\"1.234,56\"\n";

        // when one is imported as it is and one with locale=de-DE
        String plainId = String.valueOf(imported("payments", plain, "filename=g1.csv").get("id"));
        Map<String, Object> german = imported("payments", withLocale, "filename=g2.csv&locale=de-DE");

        // then English reading refuses it, saying what it expected; German reading stores it
        assertThat(api.errors(plainId).get(1).get(2)).isEqualTo("not a number (en, e.g. 1,234.56): 1.234,56");
        assertThat(german).containsEntry("rowsStored", 1);
        assertThat(DB.rows("select amount::text as a from payments where ref = 'G2'")).containsExactly(Map.of("a", "1234.56"));
    }

    @Test
    void an_ambiguous_date_is_refused_unless_the_upload_gives_the_order() {
        // given a date column that allows dd/MM/yyyy and MM/dd/yyyy
        String csv = "id,visited_on\nV1,03/05/2024\nV2,13/05/2024\n";
        String monthFirst = "id,visited_on\nV3,03/05/2024\n";

        // when
        String id = String.valueOf(imported("visits", csv, "filename=v.csv").get("id"));
        Map<String, Object> ordered = imported("visits", monthFirst, "filename=v3.csv&dateFormat=MM/dd/yyyy");

        // then the ambiguous one names both readings; dateFormat= reads month-first
        assertThat(api.errors(id).get(1).get(2)).isEqualTo("ambiguous date (2024-05-03 by dd/MM/yyyy or 2024-03-05 by "
                + "MM/dd/yyyy; set the column's dateOrder, or dateFormat= on the upload): 03/05/2024");
        assertThat(ordered).containsEntry("rowsStored", 1);
        assertThat(DB.rows("select id, visited_on::text as d from visits order by id"))
                .containsExactly(Map.of("id", "V2", "d", "2024-05-13"), Map.of("id", "V3", "d", "2024-03-05"));
    }

    @Test
    void an_update_compares_typed_values_by_their_type_and_stores_the_new_ones() {
        // given a stored payment
        imported("payments", "ref,paid_on,amount,settled\nU1,03/05/2024,1.5,yes\n", "filename=u1.csv");

        // when the same values written otherwise come with duplicates=update, then a changed amount
        Map<String, Object> same = imported("payments", "ref,paid_on,amount,settled\nU1,2024-05-03,1.50,TRUE\n",
                "filename=u2.csv&duplicates=update");
        Map<String, Object> changed = imported("payments", "ref,paid_on,amount,settled\nU1,2024-05-03,\"2,000.25\",Y\n",
                "filename=u3.csv&duplicates=update");

        // then the first changes nothing (1.5 = 1.50 as numbers) and the second stores the new amount
        assertThat(same).containsEntry("rowsStored", 0).containsEntry("rowsDuplicate", 1);
        assertThat(changed).containsEntry("rowsStored", 1);
        assertThat(DB.rows("select amount::text as a, paid_on::text as d from payments where ref = 'U1'"))
                .containsExactly(Map.of("a", "2000.25", "d", "2024-05-03"));
    }

    @Test
    void the_start_check_refuses_a_typed_column_whose_table_column_cannot_hold_its_values() {
        // given a table whose date column is an integer and whose amount is text (text holds any typed value)
        DB.execute("drop table if exists typed_misfit");
        DB.execute("create table typed_misfit (ref text primary key, paid_on integer, amount text, import_id uuid not null)");
        io.bulkimport.pipeline.PipelineDefinition pipeline = new io.bulkimport.pipeline.PipelineDefinition();
        pipeline.setName("typed_misfit");
        pipeline.setTable("typed_misfit");
        pipeline.setColumns("ref: { key: true }\npaid_on: { type: date }\namount: { type: decimal }\n");

        try {
            // when
            Map<String, String> problems = new io.bulkimport.store.PipelineTableCheck(DB.dataSource()).problems(pipeline);

            // then
            assertThat(problems).containsOnlyKeys("paid_on");
            assertThat(problems.get("paid_on")).startsWith("a column of type date MUST be stored in a column of type date, ")
                    .endsWith("table typed_misfit has paid_on integer");
        } finally {
            DB.execute("drop table typed_misfit");
        }
    }

    @Test
    void an_unknown_locale_or_a_bad_date_pattern_is_refused_at_upload() {
        HttpResponse<String> locale = api.upload("payments", "ref\nX\n".getBytes(StandardCharsets.UTF_8), "locale=xx-YY");
        HttpResponse<String> pattern = api.upload("payments", "ref\nX\n".getBytes(StandardCharsets.UTF_8), "dateFormat=dd/bb/yyyy");

        assertThat(locale.statusCode()).isEqualTo(400);
        assertThat(locale.body()).contains("unknown locale 'xx-YY'");
        assertThat(pattern.statusCode()).isEqualTo(400);
        assertThat(pattern.body()).contains("dateFormat: not a date pattern 'dd/bb/yyyy'");
    }

    @Test
    void a_workbooks_date_and_number_cells_are_read_by_their_value_not_their_text() throws IOException {
        // given cells shown as 1,234.56, 1,000, 12.5% and dates in a month-first display, read with German numbers
        Path file = files.resolve("payments.xlsx");
        try (OutputStream out = Files.newOutputStream(file)) {
            Workbook wb = new Workbook(out, "test", "1.0");
            Worksheet sheet = wb.newWorksheet("Sheet1");
            String[] header = {"ref", "paid_on", "booked_at", "amount", "quantity", "settled"};
            for (int i = 0; i < header.length; i++) {
                sheet.value(0, i, header[i]);
            }
            sheet.value(1, 0, "X1");
            sheet.value(1, 1, LocalDate.of(2024, 5, 3));
            sheet.style(1, 1).format("mm/dd/yyyy").set();
            sheet.value(1, 2, LocalDateTime.of(2024, 7, 1, 10, 0));
            sheet.style(1, 2).format("mm/dd/yyyy hh:mm").set();
            sheet.value(1, 3, 1234.56);
            sheet.style(1, 3).format("#,##0.00").set();
            sheet.value(1, 4, 1000);
            sheet.style(1, 4).format("#,##0").set();
            sheet.value(1, 5, true);
            sheet.value(2, 0, "X2");
            sheet.value(2, 3, 0.125);
            sheet.style(2, 3).format("0.0%").set();
            wb.finish();
        }

        // when
        String id = api.uploadAccepted("payments", file, "filename=payments.xlsx&locale=de-DE");
        Map<String, Object> job = api.awaitFinished(id, WAIT);

        // then
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", 2);
        assertThat(DB.rows("select ref, paid_on::text as paid_on, to_char(booked_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as booked_utc, "
                + "amount::text as amount, quantity::text as quantity, settled::text as settled, '' as types "
                + "from payments where ref like 'X%' order by ref")).containsExactly(
                row("X1", "2024-05-03", "2024-07-01 08:00", "1234.56", "1000", "true", ""),
                row("X2", null, null, "0.125", null, null, ""));
    }

    @Test
    void the_pipelines_list_shows_each_columns_type_and_rules() {
        // when
        HttpResponse<String> response = api.get("/api/pipelines");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> bookedAt = column(response.body(), "payments", "booked_at");
        assertThat(bookedAt).containsEntry("type", "timestamp").containsEntry("zone", "Europe/Paris")
                .containsEntry("formats", List.of("dd/MM/yyyy HH:mm", "yyyy-MM-dd'T'HH:mm:ssXXX"));
        assertThat(column(response.body(), "users", "signed_up")).containsEntry("type", "date")
                .containsEntry("formats", List.of("yyyy-MM-dd", "dd/MM/yyyy"));
    }

    @Test
    void users_keep_the_day_they_signed_up_as_a_date() {
        // given operational users (no password to hash) with a day-first and an ISO sign-up date
        DB.execute("delete from users where email like 'typed-%'");
        String csv = "email,user_type,Signed Up\ntyped-ann@example.com,operational,03/05/2024\n"
                + "typed-bob@example.com,operational,2024-01-31\n";

        // when
        Map<String, Object> job = imported("users", csv, "filename=users-signed-up.csv");

        // then
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", 2);
        assertThat(DB.rows("select email, signed_up::text as d, pg_typeof(signed_up)::text as t from users where email like 'typed-%' order by email"))
                .containsExactly(Map.of("email", "typed-ann@example.com", "d", "2024-05-03", "t", "date"),
                        Map.of("email", "typed-bob@example.com", "d", "2024-01-31", "t", "date"));
    }

    private static Map<String, Object> imported(String pipeline, String csv, String query) {
        HttpResponse<String> accepted = api.upload(pipeline, csv.getBytes(StandardCharsets.UTF_8), query);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return api.awaitFinished(String.valueOf(ApiClient.json(accepted.body()).get("id")), WAIT);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> column(String pipelinesJson, String pipeline, String column) {
        Object parsed;
        try {
            parsed = new com.fasterxml.jackson.databind.ObjectMapper().readValue(pipelinesJson, Object.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        List<Map<String, Object>> pipelines = parsed instanceof Map<?, ?> m && m.get("pipelines") != null
                ? (List<Map<String, Object>>) m.get("pipelines") : (List<Map<String, Object>>) parsed;
        Map<String, Object> found = pipelines.stream().filter(p -> pipeline.equals(p.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no pipeline " + pipeline + " in " + pipelinesJson));
        return ((List<Map<String, Object>>) found.get("columns")).stream().filter(c -> column.equals(c.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no column " + column + " in " + found));
    }

    private static Map<String, Object> row(String ref, String paidOn, String bookedUtc, String amount, String quantity,
                                           String settled) {
        return row(ref, paidOn, bookedUtc, amount, quantity, settled,
                "date,timestamp with time zone,numeric,bigint,boolean");
    }

    private static Map<String, Object> row(String ref, String paidOn, String bookedUtc, String amount, String quantity,
                                           String settled, String types) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ref", ref);
        row.put("paid_on", paidOn);
        row.put("booked_utc", bookedUtc);
        row.put("amount", amount);
        row.put("quantity", quantity);
        row.put("settled", settled);
        row.put("types", types);
        return row;
    }
}
