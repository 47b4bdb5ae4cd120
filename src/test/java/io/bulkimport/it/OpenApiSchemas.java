package io.bulkimport.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Checks a real JSON answer against a schema of the service's own {@code /api/openapi.json}, as far as the
 * document uses JSON Schema: {@code $ref}, {@code allOf}, {@code oneOf} (one must fit), {@code type} (one or a list),
 * {@code enum}, {@code required}, {@code properties}, {@code items}, and properties the schema does not name
 * (an answer's property must be documented unless {@code additionalProperties} allows it). Returns the problems found,
 * each with its JSON path; empty when the answer fits.
 */
final class OpenApiSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonNode document;

    OpenApiSchemas(String document) throws IOException {
        this.document = JSON.readTree(document);
    }

    List<String> check(String schemaName, String answer) throws IOException {
        List<String> problems = new ArrayList<>();
        check(resolve(document.at("/components/schemas/" + schemaName)), JSON.readTree(answer), "$", problems);
        return problems;
    }

    private JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            schema = document.at(schema.get("$ref").asText().substring(1));
        }
        return schema;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> problems) {
        schema = resolve(schema);
        if (schema.has("allOf")) {
            List<String> named = new ArrayList<>();
            for (JsonNode part : schema.get("allOf")) {
                JsonNode resolved = resolveAll(part, named);
                checkOne(resolved, value, at, problems, false);
            }
            if (value.isObject()) {
                value.fieldNames().forEachRemaining(f -> {
                    if (!named.contains(f) && !named.contains("*")) {
                        problems.add(at + "." + f + ": not in the schema");
                    }
                });
            }
            return;
        }
        if (schema.has("oneOf")) {
            int fits = 0;
            List<String> all = new ArrayList<>();
            for (JsonNode option : schema.get("oneOf")) {
                List<String> mine = new ArrayList<>();
                check(option, value, at, mine);
                fits += mine.isEmpty() ? 1 : 0;
                all.addAll(mine);
            }
            if (fits != 1) {
                problems.add(at + ": fits " + fits + " of the oneOf schemas, not one: " + all);
            }
            return;
        }
        checkOne(schema, value, at, problems, true);
    }

    /** The property names a part of an allOf declares (following its own allOf). */
    private JsonNode resolveAll(JsonNode part, List<String> named) {
        JsonNode resolved = resolve(part);
        if (resolved.has("allOf")) {
            for (JsonNode inner : resolved.get("allOf")) {
                resolveAll(inner, named);
            }
        }
        if (resolved.has("properties")) {
            resolved.get("properties").fieldNames().forEachRemaining(named::add);
        }
        if (resolved.has("additionalProperties") && !resolved.get("additionalProperties").isBoolean()) {
            named.add("*");
        }
        return resolved;
    }

    private void checkOne(JsonNode schema, JsonNode value, String at, List<String> problems, boolean closed) {
        if (schema.has("allOf") || schema.has("oneOf")) {
            List<String> inner = new ArrayList<>();
            check(schema, value, at, inner);
            problems.addAll(closed ? inner : inner.stream().filter(p -> !p.endsWith("not in the schema")).toList());
            return;
        }
        if (schema.has("type") && !typeFits(schema.get("type"), value)) {
            problems.add(at + ": " + value.getNodeType() + " is not " + schema.get("type"));
            return;
        }
        if (schema.has("enum") && !value.isNull()) {
            boolean listed = false;
            for (JsonNode e : schema.get("enum")) {
                listed |= e.equals(value);
            }
            if (!listed) {
                problems.add(at + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    problems.add(at + ": lacks required " + required.asText());
                }
            }
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.get("additionalProperties");
            for (Iterator<String> f = value.fieldNames(); f.hasNext(); ) {
                String field = f.next();
                if (properties.has(field)) {
                    check(properties.get(field), value.get(field), at + "." + field, problems);
                } else if (additional != null && additional.isObject()) {
                    check(additional, value.get(field), at + "." + field, problems);
                } else if (closed && (additional == null || !additional.asBoolean())) {
                    problems.add(at + "." + field + ": not in the schema");
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), at + "[" + i + "]", problems);
            }
        }
    }

    private static boolean typeFits(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeFits(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> false;
        };
    }
}
