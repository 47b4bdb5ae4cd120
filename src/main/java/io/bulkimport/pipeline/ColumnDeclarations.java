package io.bulkimport.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Reads the {@code columns} block of a pipeline declaration. It is YAML inside the route file's YAML because
 * Camel's bean properties cannot hold lists, and a plain YAML block is what an integration engineer already knows.
 */
final class ColumnDeclarations {

    private static final Set<String> RULES = rules();

    private ColumnDeclarations() {
    }

    static List<ColumnDefinition> parse(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            return List.of();
        }
        Object loaded = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("columns must be a YAML mapping of column name to rules");
        }
        List<ColumnDefinition> columns = new ArrayList<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            columns.add(column(String.valueOf(entry.getKey()), entry.getValue()));
        }
        return List.copyOf(columns);
    }

    private static ColumnDefinition column(String name, Object rulesNode) {
        Map<?, ?> rules = rulesNode == null ? Map.of() : asMap(name, rulesNode);
        for (Object rule : rules.keySet()) {
            if (!RULES.contains(String.valueOf(rule))) {
                throw new IllegalArgumentException("column " + name + ": unknown rule '" + rule + "', known: " + RULES);
            }
        }
        boolean key = flag(name, rules, "key");
        String format = format(name, rules);
        TypeRules typeRules = TypeRules.TYPES.contains(format) ? TypeRules.from(name, format, rules) : TypeRules.NONE;
        if (typeRules == TypeRules.NONE) {
            TypeRules.RULES.keySet().stream().filter(rules::containsKey).findFirst().ifPresent(rule -> {
                throw new IllegalArgumentException("column " + name + ": " + rule + " needs a type (type: "
                        + String.join("|", TypeRules.RULES.get(rule).stream().sorted().toList()) + ")");
            });
        }
        Object max = rules.get("maxLength");
        Object pattern = rules.get("pattern");
        Object defaultValue = rules.get("default");
        return new ColumnDefinition(name, key, key || flag(name, rules, "required"), format, flag(name, rules, "lowercase"),
                key || !"text".equals(format) || flag(name, rules, "trim"),
                positive(name, "maxLength", max),
                pattern == null ? null : Pattern.compile(String.valueOf(pattern)),
                list(rules.get("allowed")), defaultValue == null ? null : String.valueOf(defaultValue),
                list(rules.get("aliases")), flag(name, rules, "secret"), typeRules);
    }

    /**
     * The column's {@code type}, or its {@code format} (the older spelling of the same types, and the place of
     * {@code email}, {@code currency} and {@code text}), lower-cased; {@code text} when neither is given.
     */
    private static String format(String name, Map<?, ?> rules) {
        String format = String.valueOf(rules.containsKey("format") ? rules.get("format") : "text").toLowerCase(Locale.ROOT);
        if (!ColumnDefinition.FORMATS.contains(format)) {
            throw new IllegalArgumentException("column " + name + ": format must be one of " + ColumnDefinition.FORMATS);
        }
        if (!rules.containsKey("type")) {
            return format;
        }
        String type = String.valueOf(rules.get("type")).toLowerCase(Locale.ROOT);
        if (!TypeRules.TYPES.contains(type) && !"text".equals(type)) {
            throw new IllegalArgumentException("column " + name + ": type must be one of text, " + String.join(", ", TypeRules.TYPES));
        }
        if (rules.containsKey("format") && !format.equals(type) && !("text".equals(type) && !TypeRules.TYPES.contains(format))) {
            throw new IllegalArgumentException("column " + name + ": type " + type + " and format " + format
                    + " disagree (format: " + type + " is the older spelling of type: " + type + "; give one)");
        }
        return "text".equals(type) ? format : type;
    }

    private static Set<String> rules() {
        Set<String> rules = new java.util.HashSet<>(Set.of("key", "required", "type", "format", "lowercase", "trim",
                "maxLength", "pattern", "allowed", "default", "aliases", "secret"));
        rules.addAll(TypeRules.RULES.keySet());
        return Set.copyOf(rules);
    }

    static Map<String, Object> describe(ColumnDefinition c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", c.name());
        out.put("key", c.key());
        out.put("required", c.required());
        out.put("format", c.format());
        if (c.type() != null) {
            out.put("type", c.type());
            out.putAll(c.typeRules().describe());
        }
        if (c.maxLength() != null) {
            out.put("maxLength", c.maxLength());
        }
        if (c.pattern() != null) {
            out.put("pattern", c.pattern().pattern());
        }
        if (!c.allowed().isEmpty()) {
            out.put("allowed", c.allowed());
        }
        if (c.defaultValue() != null) {
            out.put("default", c.defaultValue());
        }
        out.put("aliases", c.aliases());
        if (c.secret()) {
            out.put("secret", true);
        }
        return out;
    }

    private static Map<?, ?> asMap(String name, Object node) {
        if (node instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException("column " + name + ": rules must be a mapping like { required: true }");
    }

    private static boolean flag(String column, Map<?, ?> rules, String name) {
        Object value = rules.get(name);
        if (value == null || Boolean.FALSE.equals(value) || "false".equals(String.valueOf(value))) {
            return false;
        }
        if (Boolean.TRUE.equals(value) || "true".equals(String.valueOf(value))) {
            return true;
        }
        throw new IllegalArgumentException("column " + column + ": " + name + " must be true or false, was '" + value + "'");
    }

    private static Integer positive(String column, String name, Object value) {
        if (value == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(String.valueOf(value).trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("column " + column + ": " + name + " must be a positive whole number, was '" + value + "'");
    }

    private static List<String> list(Object node) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof List<?> l) {
            return l.stream().map(String::valueOf).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        return java.util.Arrays.stream(String.valueOf(node).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
