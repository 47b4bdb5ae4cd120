package io.bulkimport.enrich;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a reply's content, {@code {"results": [{"id": …, <output fields>}]}}, into the outputs of the rows it
 * answers. A row it does not answer, or answers without every output field, is simply absent: the caller asks again.
 */
public final class ReplyParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplyParser() {
    }

    /** Empty when the content is not JSON of that shape at all. */
    public static Optional<Map<String, Map<String, String>>> parse(String content, Collection<String> askedIds,
                                                                   List<String> outputFields) {
        JsonNode results;
        try {
            results = JSON.readTree(content == null ? "" : content).path("results");
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (!results.isArray()) {
            return Optional.empty();
        }
        Map<String, Map<String, String>> answered = new LinkedHashMap<>();
        for (JsonNode result : results) {
            JsonNode id = result.path("id");
            if (!(id.isTextual() || id.isIntegralNumber()) || !askedIds.contains(id.asText())) {
                continue;
            }
            Map<String, String> outputs = outputs(result, outputFields);
            if (outputs != null) {
                answered.putIfAbsent(id.asText(), outputs);
            }
        }
        return Optional.of(answered);
    }

    private static Map<String, String> outputs(JsonNode result, List<String> outputFields) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String field : outputFields) {
            JsonNode value = result.path(field);
            if (!value.isValueNode() || value.isNull()) {
                return null;
            }
            outputs.put(field, value.asText());
        }
        return outputs;
    }
}
