package io.bulkimport.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Checks the loaded pipeline declarations and the route files against the rules of {@code routes/README.md} ("Checked
 * at start") that can be checked before the first file arrives: unique names, the table and its key, the
 * {@code batches} template and the stage list (or an older stage route with its own split), the building blocks the
 * routes call and their parameters (as the kamelets in {@code routes/kamelets/} describe them), and the inbox. Each
 * broken rule is one line naming the file, the line, the key and the rule.
 */
public final class RouteFileValidator {

    private final RouteFileIndex index;
    private final Map<String, PipelineDefinition> loaded;
    private final Function<PipelineDefinition, Map<String, String>> tableProblems;
    private final KameletCatalog kamelets;
    private final Map<String, String> enrichments;

    /**
     * @param index         where things are written in the route files
     * @param loaded        the declarations Camel bound, by bean name
     * @param tableProblems for a declaration, its table's problems as declaration key to rule
     * @param kamelets      the building blocks the routes may call
     * @param enrichments   the {@code EnrichmentSpec} beans Camel bound: bean name to the pipeline each names
     */
    public RouteFileValidator(RouteFileIndex index, Map<String, PipelineDefinition> loaded,
                              Function<PipelineDefinition, Map<String, String>> tableProblems, KameletCatalog kamelets,
                              Map<String, String> enrichments) {
        this.index = index;
        this.loaded = loaded;
        this.tableProblems = tableProblems;
        this.kamelets = kamelets;
        this.enrichments = enrichments;
    }

    /** One broken rule, where it is written. */
    private record Violation(Path file, int line, String text) {
    }

    /**
     * @return the broken rules, one line each ({@code <file> line <n> (<key>): <rule>}), in file and line order;
     *         empty when all hold
     */
    public List<String> violations() {
        List<Violation> out = new ArrayList<>();
        Map<String, RouteFileIndex.Declaration> byName = new HashMap<>();
        for (RouteFileIndex.Declaration declared : index.declarations()) {
            PipelineDefinition pipeline = loaded.get(declared.beanName());
            if (pipeline == null || pipeline.getName() == null) {
                continue;
            }
            String name = pipeline.getName();
            RouteFileIndex.Declaration first = byName.putIfAbsent(name, declared);
            if (first != null) {
                out.add(at(declared.file(), declared.lineOf("name"), "name", "the name MUST be unique: '" + name
                        + "' is also declared in " + first.file() + " line " + first.lineOf("name")));
                continue;
            }
            tableProblems.apply(pipeline).forEach((key, rule) ->
                    out.add(at(declared.file(), declared.lineOf(key), key, rule)));
            stageRoute(name, declared, out);
        }
        inboxes(byName, out);
        batches(byName, out);
        index.routes().forEach(route -> route.kamelets().forEach(call -> kameletCall(call, out)));
        return out.stream().sorted(Comparator.comparing(Violation::file).thenComparingInt(Violation::line))
                .map(Violation::text).toList();
    }

    private void stageRoute(String name, RouteFileIndex.Declaration declared, List<Violation> out) {
        RouteFileIndex.StageRoute route = route(name);
        if (route == null && index.batches().stream().anyMatch(b -> name.equals(b.pipeline()))) {
            stageList(name, declared, out);
            return;
        }
        if (route == null && index.templatedRouteIds().contains(name)) {
            return;  // the stage route comes from a route template of the team's own, whose shape is the template's
        }
        if (route == null) {
            out.add(at(declared.file(), declared.lineOf("name"), "route", "the pipeline MUST use the batches template "
                    + "(templatedRoute: routeTemplateRef: batches, routeId: " + name + ", parameter pipeline: " + name
                    + ") with a stage list route id: " + name + "-batch; there is none"));
            return;
        }
        // a route file written before the batches template: the route with its own split
        shape(route, "direct:" + name, out);
        if (!route.hasSplit()) {
            return;
        }
        if (!"true".equals(route.streaming())) {
            out.add(at(route.file(), route.splitLine(), "split", "the split MUST keep streaming: true"));
        }
        firstAndLast(route, route.splitSteps(), route.splitLine(), "split.steps", out);
    }

    /** The stage list {@code <name>-batch} that the pipeline's {@code batches} route sends each batch to. */
    private void stageList(String name, RouteFileIndex.Declaration declared, List<Violation> out) {
        RouteFileIndex.StageRoute list = route(name + "-batch");
        if (list == null) {
            out.add(at(declared.file(), declared.lineOf("name"), "route", "the pipeline MUST have its stage list, a "
                    + "route with id: " + name + "-batch that starts from: direct:" + name + "-batch; there is none"));
            return;
        }
        shape(list, "direct:" + name + "-batch", out);
        firstAndLast(list, list.steps(), list.line(), "steps", out);
        for (RouteFileIndex.KameletStep call : list.kamelets()) {
            String spec = call.parameters().get("spec");
            if ("enrich-stage".equals(call.name()) && spec != null && !spec.contains("{{")
                    && !name.equals(enrichments.get(spec))) {
                out.add(at(call.file(), call.parameterLines().get("spec"), "parameters.spec", "spec MUST name an "
                        + "io.bulkimport.enrich.EnrichmentSpec bean with pipeline: " + name + ", was '" + spec + "'"
                        + (enrichments.containsKey(spec) ? " (its pipeline is " + enrichments.get(spec) + ")" : "")));
            }
            String lookup = call.parameters().get("route");
            if ("lookup-stage".equals(call.name()) && lookup != null && !lookup.contains("{{")
                    && (route(lookup) == null || !("direct:" + lookup).equals(route(lookup).from()))) {
                out.add(at(call.file(), call.parameterLines().get("route"), "parameters.route", "route MUST name a "
                        + "route in the route folder that starts from: direct:" + lookup + " and runs the query; there is none"));
            }
        }
    }

    private RouteFileIndex.StageRoute route(String id) {
        return index.routes().stream().filter(r -> id.equals(r.id())).findFirst().orElse(null);
    }

    private static void shape(RouteFileIndex.StageRoute route, String from, List<Violation> out) {
        if (!from.equals(route.from())) {
            out.add(at(route.file(), route.line(), "from", "the route " + route.id() + " MUST start from: " + from
                    + ", was '" + route.from() + "'"));
        }
        if (!"import-error-handling".equals(route.routeConfigurationId())
                && !"import-stop-on-failure".equals(route.routeConfigurationId())) {
            out.add(at(route.file(), route.line(), "routeConfigurationId",
                    "the route " + route.id() + " MUST say routeConfigurationId: import-error-handling (or import-stop-on-failure)"));
        }
    }

    /** Validation first and storing last: the stage blocks or, in an older route file, their beans. */
    private static void firstAndLast(RouteFileIndex.StageRoute route, List<String> steps, int line, String key,
                                     List<Violation> out) {
        if (steps.isEmpty() || !List.of("kamelet:validate-stage", "bean:rowValidator").contains(steps.get(0))) {
            out.add(at(route.file(), line, key, "kamelet:validate-stage MUST come first in the stage list of "
                    + route.id() + ", was '" + (steps.isEmpty() ? "" : steps.get(0)) + "'"));
        }
        if (steps.isEmpty() || !List.of("kamelet:store-stage", "bean:batchStore").contains(steps.get(steps.size() - 1))) {
            out.add(at(route.file(), line, key, "kamelet:store-stage MUST come last in the stage list of "
                    + route.id() + ", was '" + (steps.isEmpty() ? "" : steps.get(steps.size() - 1)) + "'"));
        }
    }

    /** Every use of the batches template names a declared pipeline and is that pipeline's route id. */
    private void batches(Map<String, RouteFileIndex.Declaration> pipelines, List<Violation> out) {
        for (RouteFileIndex.Batches use : index.batches()) {
            if (!pipelines.containsKey(use.pipeline())) {
                out.add(at(use.file(), use.line(), "parameters.pipeline", "the batches template's pipeline MUST name a "
                        + "declared pipeline, was '" + use.pipeline() + "'"));
            } else if (!Objects.equals(use.pipeline(), use.routeId())) {
                out.add(at(use.file(), use.line(), "routeId", "the batches template's routeId MUST be the pipeline's "
                        + "name, " + use.pipeline() + ", was '" + use.routeId() + "'"));
            }
        }
    }

    /** A building block that exists, given only the parameters it describes, every required one, of its type. */
    private void kameletCall(RouteFileIndex.KameletStep call, List<Violation> out) {
        KameletCatalog.Kamelet kamelet;
        try {
            kamelet = kamelets.find(call.name()).orElse(null);
        } catch (RuntimeException e) {
            out.add(at(call.file(), call.line(), "uri", "kamelet " + call.name() + " cannot be read: " + e.getMessage()));
            return;
        }
        if (kamelet == null) {
            out.add(at(call.file(), call.line(), "uri", "kamelet:" + call.name() + " MUST name a building block in "
                    + "kamelets/ (" + call.name() + ".kamelet.yaml) or a shipped one (" + String.join(", ", KameletCatalog.SHIPPED)
                    + "); there is none"));
            return;
        }
        call.parameters().forEach((key, value) -> {
            KameletCatalog.Parameter parameter = kamelet.parameters().get(key);
            int line = call.parameterLines().getOrDefault(key, call.line());
            if (parameter == null) {
                out.add(at(call.file(), line, "parameters." + key, "kamelet " + kamelet.name() + " has no parameter '"
                        + key + "'; its parameters are " + (kamelet.parameters().isEmpty() ? "none"
                        : String.join(", ", kamelet.parameters().keySet())) + " (" + kamelet.source() + ")"));
            } else if (!typed(parameter.type(), value)) {
                out.add(at(call.file(), line, "parameters." + key, "kamelet " + kamelet.name() + "'s parameter " + key
                        + " MUST be of type " + parameter.type() + ", was '" + value + "'"));
            }
        });
        kamelet.parameters().values().stream()
                .filter(p -> p.required() && p.defaultValue() == null && !call.parameters().containsKey(p.name()))
                .forEach(p -> out.add(at(call.file(), call.line(), "parameters", "kamelet " + kamelet.name()
                        + " needs the parameter " + p.name() + " (" + p.title() + ": " + p.description() + ")")));
    }

    /** Whether a value as written fits the declared type; a property placeholder is judged when it is resolved. */
    static boolean typed(String type, String value) {
        if (value == null || value.contains("{{") || type == null) {
            return value != null || type == null;
        }
        return switch (type) {
            case "boolean" -> value.equals("true") || value.equals("false");
            case "integer" -> value.matches("-?[0-9]+");
            case "number" -> value.matches("-?[0-9]+(\\.[0-9]+)?");
            default -> true;
        };
    }

    private void inboxes(Map<String, RouteFileIndex.Declaration> pipelines, List<Violation> out) {
        Map<String, RouteFileIndex.Inbox> seen = new HashMap<>();
        for (RouteFileIndex.Inbox inbox : index.inboxes()) {
            if (!pipelines.containsKey(inbox.pipeline())) {
                out.add(at(inbox.file(), inbox.line(), "parameters.pipeline", "the inbox's pipeline MUST name a declared "
                        + "pipeline, was '" + inbox.pipeline() + "'"));
                continue;
            }
            if (!Objects.equals(inbox.pipeline() + "-inbox", inbox.routeId())) {
                out.add(at(inbox.file(), inbox.line(), "routeId", "the inbox's routeId MUST be " + inbox.pipeline()
                        + "-inbox, was '" + inbox.routeId() + "'"));
            }
            RouteFileIndex.Inbox first = seen.putIfAbsent(inbox.pipeline(), inbox);
            if (first != null) {
                out.add(at(inbox.file(), inbox.line(), "parameters.pipeline", "do not point two inboxes at one folder: "
                        + "pipeline " + inbox.pipeline() + " already has one in " + first.file() + " line " + first.line()));
            }
        }
    }

    private static Violation at(Path file, int line, String key, String rule) {
        return new Violation(file, line, file + " line " + line + " (" + key + "): " + rule);
    }
}
