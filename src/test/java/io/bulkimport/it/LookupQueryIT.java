package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage lookup runs the query written in the route file (routes/README.md, "Stage lookup"): a copy of routes/ whose
 * query maps columns differently and filters more is what the import reflects; the batch's ids go in chunks of
 * {@code lookup.batch-size}; an id holding a quote or SQL is a bound value, never SQL text.
 */
class LookupQueryIT {

    /** The edited query: upper-cased names, closed companies left out, and each record says how many its query found. */
    static final String EDITED_QUERY = """
                        sql:select lead_id, upper(name) as lead_name, company,
                          (count(*) over ())::text as notes
                        from crm_leads
                        where lead_id in (:#in:ids) and company <> 'Closed Ltd'
            """;

    static final String QUOTED_ID = "O'Brien-7";
    static final String INJECTION_OR = "X' or '1'='1";
    static final String INJECTION_DROP = "L1'); drop table crm_leads; --";

    private final TestDatabase db = TestDatabase.get();

    @TempDir
    Path routes;

    @Test
    void the_route_files_query_decides_what_is_found_chunks_hold_150_ids_and_ids_are_bound() throws IOException {
        // given a copy of routes/ with the leads query edited
        copyRoutesWithQuery(EDITED_QUERY);
        // and a file of 403 ids: the quoted one, two that are SQL, then the 400 leads (one batch)
        String csv = Stream.concat(Stream.of("Lead ID", QUOTED_ID, INJECTION_OR, INJECTION_DROP),
                IntStream.rangeClosed(1, 400).mapToObj(i -> "L" + i)).collect(Collectors.joining("\n", "", "\n"));

        try (FakeAiProvider ai = new FakeAiProvider();
             ServiceProcess service = ServiceProcess.start("lookup-query", List.of(), Map.of("IMPORT_ROUTES",
                     routes.toString(), "AI_BASE_URL", ai.baseUrl(), "AI_API_KEY", "lookup-test-key",
                     "AI_REQUESTS_PER_MINUTE", "600"))) {
            // and the CRM's 400 leads, one of them closed, and one whose id holds a quote
            db.clean();
            db.execute("truncate crm_leads, lead_assessments, ai_cache");
            db.execute("insert into crm_leads (lead_id, name, company) select 'L' || g, 'Lead ' || g, "
                    + "case when g = 5 then 'Closed Ltd' else 'Company ' || g end from generate_series(1, 400) g");
            db.execute("insert into crm_leads (lead_id, name, company) values (?, 'Pat O''Brien', 'Quote Co')", QUOTED_ID);
            ApiClient api = new ApiClient(service);

            // when the ids are imported
            String id = String.valueOf(ApiClient.json(api.upload("leads", csv.getBytes(StandardCharsets.UTF_8),
                    "batchSize=1000&filename=leads.csv").body()).get("id"));
            Map<String, Object> job = api.awaitFinished(id, Duration.ofMinutes(2));

            // then the rows carry what the edited query returned: names upper-cased, the closed lead not found
            assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsRead", 403)
                    .containsEntry("rowsStored", 400).containsEntry("rowsFailed", 3);
            assertThat(db.rows("select lead_name, company from lead_assessments where lead_id = 'L7'").get(0))
                    .containsEntry("lead_name", "LEAD 7").containsEntry("company", "Company 7");
            // and 403 ids at 150 per query made three queries, which found 147 of the first 150 (two ids are SQL, L5
            // is closed), all 150 of the second and all 103 of the last
            assertThat(db.rows("select notes, count(*) as n from lead_assessments group by notes order by notes"))
                    .extracting(r -> r.get("notes") + "x" + r.get("n")).containsExactly("103x103", "147x147", "150x150");
            // and the ids that are SQL were values: not found, reported as written, the table intact
            assertThat(db.rows("select lead_name from lead_assessments where lead_id = ?", QUOTED_ID).get(0))
                    .containsEntry("lead_name", "PAT O'BRIEN");
            assertThat(db.count("select count(*) from crm_leads")).isEqualTo(401);
            List<CSVRecord> report = api.errors(id);
            assertThat(report.subList(1, report.size())).extracting(r -> r.get(0) + " " + r.get(3) + " | " + r.get(2))
                    .containsExactly("3 " + INJECTION_OR + " | unknown lead id (not in crm_leads)",
                            "4 " + INJECTION_DROP + " | unknown lead id (not in crm_leads)",
                            "9 L5 | unknown lead id (not in crm_leads)");
        }
    }

    @Test
    void the_chunk_size_is_the_routes_parameter_and_the_environment_overrides_it() throws IOException {
        // given the edited query, 250 known leads, and LEADS_LOOKUP_CHUNK_SIZE=100
        copyRoutesWithQuery(EDITED_QUERY);
        String csv = Stream.concat(Stream.of("Lead ID"), IntStream.rangeClosed(1, 250).mapToObj(i -> "L" + i))
                .collect(Collectors.joining("\n", "", "\n"));

        try (FakeAiProvider ai = new FakeAiProvider();
             ServiceProcess service = ServiceProcess.start("lookup-chunk-size", List.of(), Map.of("IMPORT_ROUTES",
                     routes.toString(), "AI_BASE_URL", ai.baseUrl(), "AI_API_KEY", "lookup-test-key",
                     "AI_REQUESTS_PER_MINUTE", "600", "LEADS_LOOKUP_CHUNK_SIZE", "100"))) {
            db.clean();
            db.execute("truncate crm_leads, lead_assessments, ai_cache");
            db.execute("insert into crm_leads (lead_id, name, company) select 'L' || g, 'Lead ' || g, 'Company ' || g "
                    + "from generate_series(1, 250) g");
            ApiClient api = new ApiClient(service);

            // when
            String id = String.valueOf(ApiClient.json(api.upload("leads", csv.getBytes(StandardCharsets.UTF_8),
                    "batchSize=1000&filename=leads.csv").body()).get("id"));
            Map<String, Object> job = api.awaitFinished(id, Duration.ofMinutes(2));

            // then three queries: 100, 100 and 50 ids
            assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", 250);
            assertThat(db.rows("select notes, count(*) as n from lead_assessments group by notes order by notes"))
                    .extracting(r -> r.get("notes") + "x" + r.get("n")).containsExactly("100x200", "50x50");
        }
    }

    @Test
    void a_query_the_database_refuses_on_a_later_chunk_sends_the_batch_to_the_dead_letters_with_its_reason() throws IOException {
        // given a copy of routes/ whose query fails for a chunk of 50 ids only: the second of 200 ids at 150 per query
        copyRoutesWithQuery("""
                sql:select lead_id, name as lead_name, company
                from crm_leads
                where lead_id in (:#in:ids) and 1 / (cardinality(array[:#in:ids]) - 50) <> 0
                """);
        String csv = Stream.concat(Stream.of("Lead ID"), IntStream.rangeClosed(1, 200).mapToObj(i -> "L" + i))
                .collect(Collectors.joining("\n", "", "\n"));

        try (FakeAiProvider ai = new FakeAiProvider();
             ServiceProcess service = ServiceProcess.start("lookup-bad-query", List.of(), Map.of("IMPORT_ROUTES",
                     routes.toString(), "AI_BASE_URL", ai.baseUrl(), "AI_API_KEY", "lookup-test-key"))) {
            db.clean();
            db.execute("truncate crm_leads, lead_assessments, ai_cache");
            db.execute("insert into crm_leads (lead_id, name, company) select 'L' || g, 'Lead ' || g, 'Company ' || g "
                    + "from generate_series(1, 200) g");
            ApiClient api = new ApiClient(service);

            // when
            String id = String.valueOf(ApiClient.json(api.upload("leads", csv.getBytes(StandardCharsets.UTF_8),
                    "batchSize=1000&filename=leads.csv").body()).get("id"));
            Map<String, Object> job = api.awaitFinished(id, Duration.ofMinutes(1));

            // then the failure of the lookup route is the batch's: after its redeliveries the batch goes to the dead
            // letters (the database answered, so it is not an outage): each of its rows is an error with the
            // database's reason, nothing of it is stored (the first chunk's records are not taken for the whole
            // batch, nor its other ids reported unknown), and the AI provider is not asked
            assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsStored", 0)
                    .containsEntry("rowsFailed", 200);
            assertThat(db.count("select count(*) from import_errors where import_id = ?::uuid and reason like ?", id,
                    "%division by zero%")).isEqualTo(200);
            assertThat(ai.requestCount()).isZero();
            assertThat(db.count("select count(*) from lead_assessments")).isZero();
        }
    }

    /** Copies the shipped route files, replacing the query of route leads-lookup with {@code query}. */
    private void copyRoutesWithQuery(String query) throws IOException {
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path file : shipped.filter(Files::isRegularFile).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Path leads = routes.resolve("leads.camel.yaml");
        String route = Files.readString(leads);
        int query0 = route.indexOf("                    sql:select");
        String shipped = route.substring(query0, route.indexOf("                  parameters:", query0));
        assertThat(shipped).contains("from crm_leads");
        String indented = query.lines().map(line -> " ".repeat(20) + line.strip()).collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(leads, route.replace(shipped, indented));
    }
}
