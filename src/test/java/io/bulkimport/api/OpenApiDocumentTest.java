package io.bulkimport.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document read by swagger-parser (the OpenAPI Initiative's Java parser) and checked for what we promise. */
class OpenApiDocumentTest {

    private static SwaggerParseResult parse() throws IOException {
        String json;
        try (InputStream in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream("openapi.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        return new OpenAPIV3Parser().readContents(json, null, options);
    }

    @Test
    void is_valid_openapi_3_1_with_no_errors_or_warnings() throws IOException {
        // when
        SwaggerParseResult result = parse();

        // then
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    }

    @Test
    void every_operation_has_an_id_a_success_answer_and_json_errors() throws IOException {
        // given
        OpenAPI api = parse().getOpenAPI();
        List<String> problems = new ArrayList<>();

        // when
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String name = method + " " + path;
            if (operation.getOperationId() == null) {
                problems.add(name + ": no operationId");
            }
            if (operation.getResponses().keySet().stream().noneMatch(code -> code.startsWith("2"))) {
                problems.add(name + ": no 2xx answer");
            }
            boolean secured = operation.getSecurity() == null || !operation.getSecurity().isEmpty();
            if (secured && !operation.getResponses().containsKey("401")) {
                problems.add(name + ": needs the token but documents no 401");
            }
        }));

        // then
        assertThat(problems).isEmpty();
    }

    @Test
    void documents_a_bearer_scheme_and_leaves_the_docs_public() throws IOException {
        // given
        OpenAPI api = parse().getOpenAPI();

        // then
        assertThat(api.getComponents().getSecuritySchemes().get("bearerToken").getScheme()).isEqualTo("bearer");
        assertThat(api.getSecurity()).hasSize(1);
        for (String path : List.of("/api/openapi.json", "/api/docs", "/api/docs/{asset}")) {
            assertThat(api.getPaths().get(path).getGet().getSecurity()).as(path).isEmpty();
        }
    }

    @Test
    void describes_the_upload_in_all_its_forms_and_every_option() throws IOException {
        // given
        JsonNode upload = OpenApiRoutesTest.document().at("/paths/~1api~1imports~1{pipeline}/post");
        List<String> parameters = new ArrayList<>();
        upload.get("parameters").forEach(p -> parameters.add(p.get("$ref").asText().replace("#/components/parameters/", "")));

        // then: README's upload options, the Content-Disposition header, and a raw body, multipart and a zip
        assertThat(parameters).contains("filename", "duplicates", "batchSize", "dryRun", "force", "sheet", "escape",
                "charset", "notifyUrl", "notifyEmail", "mapping", "locale", "dateFormat", "maxErrors", "onTooManyErrors",
                "createNew", "columnOptions", "ContentDisposition");
        assertThat(fieldNames(upload.at("/requestBody/content"))).contains("text/csv", "application/octet-stream",
                "multipart/form-data", "application/zip",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(fieldNames(upload.get("responses"))).contains("202", "400", "401", "404", "409", "413");
    }

    @Test
    void the_error_report_is_csv_and_the_events_are_an_event_stream() throws IOException {
        // given
        Map<String, PathItem> paths = parse().getOpenAPI().getPaths();

        // then
        for (String report : List.of("/api/imports/{id}/errors", "/api/groups/{id}/errors")) {
            assertThat(ok(paths.get(report).getGet()).getContent()).as(report).containsOnlyKeys("text/csv");
        }
        for (String events : List.of("/api/imports/{id}/events", "/api/groups/{id}/events")) {
            assertThat(ok(paths.get(events).getGet()).getContent()).as(events).containsOnlyKeys("text/event-stream");
        }
    }

    private static io.swagger.v3.oas.models.responses.ApiResponse ok(Operation operation) {
        return operation.getResponses().get("200");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
