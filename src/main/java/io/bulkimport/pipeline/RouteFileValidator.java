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
 * Checks the loaded pipeline declarations and the route files against the rules of {@code routes/README.md} that
 * can be checked before the first file arrives: unique names, the table and its key, the stage route's shape and
 * the inbox. Each broken rule is one line naming the file, the line, the key and the rule.
 */
public final class RouteFileValidator {

    private final RouteFileIndex index;
    private final Map<String, PipelineDefinition> loaded;
    private final Function<PipelineDefinition, Map<String, String>> tableProblems;

    /**
     * @param index         where things are written in the route files
     * @param loaded        the declarations Camel bound, by bean name
     * @param tableProblems for a declaration, its table's problems as declaration key to rule
     */
    public RouteFileValidator(RouteFileIndex index, Map<String, PipelineDefinition> loaded,
                              Function<PipelineDefinition, Map<String, String>> tableProblems) {
        this.index = index;
        this.loaded = loaded;
        this.tableProblems = tableProblems;
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
        return out.stream().sorted(Comparator.comparing(Violation::file).thenComparingInt(Violation::line))
                .map(Violation::text).toList();
    }

    private void stageRoute(String name, RouteFileIndex.Declaration declared, List<Violation> out) {
        RouteFileIndex.StageRoute route = index.routes().stream().filter(r -> name.equals(r.id())).findFirst().orElse(null);
        if (route == null && index.templatedRouteIds().contains(name)) {
            return;  // the stage route comes from a route template, whose shape is the template's
        }
        if (route == null) {
            out.add(at(declared.file(), declared.lineOf("name"), "route", "the pipeline MUST have a route with id: "
                    + name + " that starts from: direct:" + name + "; there is none"));
            return;
        }
        if (!("direct:" + name).equals(route.from())) {
            out.add(at(route.file(), route.line(), "from", "the stage route MUST start from: direct:" + name
                    + ", was '" + route.from() + "'"));
        }
        if (!"import-error-handling".equals(route.routeConfigurationId())
                && !"import-stop-on-failure".equals(route.routeConfigurationId())) {
            out.add(at(route.file(), route.line(), "routeConfigurationId",
                    "the stage route MUST say routeConfigurationId: import-error-handling (or import-stop-on-failure)"));
        }
        if (!route.hasSplit()) {
            return;
        }
        if (!"true".equals(route.streaming())) {
            out.add(at(route.file(), route.splitLine(), "split", "the split MUST keep streaming: true"));
        }
        List<String> steps = route.splitSteps();
        if (steps.isEmpty() || !"bean:rowValidator".equals(steps.get(0))) {
            out.add(at(route.file(), route.splitLine(), "split.steps", "bean:rowValidator MUST come first in the split"));
        }
        if (steps.isEmpty() || !"bean:batchStore".equals(steps.get(steps.size() - 1))) {
            out.add(at(route.file(), route.splitLine(), "split.steps", "bean:batchStore MUST come last in the split"));
        }
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
