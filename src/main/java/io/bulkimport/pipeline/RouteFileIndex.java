package io.bulkimport.pipeline;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Where things are written in the route files ({@code <import.routes>/*.camel.yaml}): each pipeline declaration
 * with the line of every property and column, each route (its steps, and the building blocks it calls with their
 * parameters), each inbox and each use of the {@code batches} template, so that a broken rule can be reported by
 * file and line. Reads the YAML text only; what the values mean is decided elsewhere.
 */
public final class RouteFileIndex {

    static final String DEFINITION_TYPE = "#class:" + PipelineDefinition.class.getName();

    /** A pipeline declaration: its bean, its {@code name} as written, and the 1-based line of each key. */
    public record Declaration(Path file, int line, String beanName, String name, Map<String, Integer> propertyLines,
                              Map<String, Integer> columnLines) {

        /** The line of a property or, failing that, of a column, or else of the bean. */
        public int lineOf(String key) {
            return propertyLines.getOrDefault(key, columnLines.getOrDefault(key, line));
        }
    }

    /**
     * A {@code route}: its id, {@code from} URI, route configuration, its steps ({@code to} URIs without their query,
     * other steps by kind), every {@code kamelet:} it calls (at any depth) and, when it has a {@code split}, the
     * split's {@code streaming} and steps.
     */
    public record StageRoute(Path file, int line, String id, String from, String routeConfigurationId,
                             List<String> steps, List<KameletStep> kamelets,
                             boolean hasSplit, String streaming, List<String> splitSteps, int splitLine) {
    }

    /**
     * A call of a building block: {@code to: kamelet:<name>} (its {@code parameters} map or URI query) or the
     * {@code kamelet} EIP ({@code name}, {@code parameters}).
     *
     * @param parameters     the parameters as written, by name
     * @param parameterLines the line of each parameter (the step's line for one in the URI query)
     */
    public record KameletStep(Path file, int line, String name, Map<String, String> parameters,
                              Map<String, Integer> parameterLines) {
    }

    /** A {@code templatedRoute} of the {@code batches} template: its route id and its {@code pipeline} parameter. */
    public record Batches(Path file, int line, String routeId, String pipeline) {
    }

    /** A {@code templatedRoute} of the {@code inbox} template: its route id and its {@code pipeline} parameter. */
    public record Inbox(Path file, int line, String routeId, String pipeline) {
    }

    private final List<Declaration> declarations = new ArrayList<>();
    private final List<StageRoute> routes = new ArrayList<>();
    private final List<Inbox> inboxes = new ArrayList<>();
    private final List<Batches> batches = new ArrayList<>();
    private final List<String> templatedRouteIds = new ArrayList<>();

    private RouteFileIndex() {
    }

    /**
     * Reads every {@code *.camel.yaml} directly in {@code routesDir}, in file name order.
     *
     * @throws IOException when the folder or a file cannot be read
     * @throws org.snakeyaml.engine.v2.exceptions.YAMLException when a file is not YAML (Camel reports it as well)
     */
    public static RouteFileIndex read(Path routesDir) throws IOException {
        RouteFileIndex index = new RouteFileIndex();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(routesDir, "*.camel.yaml")) {
            dir.forEach(files::add);
        }
        files.sort(null);
        for (Path file : files) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                Optional<Node> root = new Compose(LoadSettings.builder().build()).composeReader(reader);
                if (root.isPresent() && root.get() instanceof SequenceNode entries) {
                    entries.getValue().forEach(entry -> index.add(file, entry));
                }
            }
        }
        return index;
    }

    /** @return the {@code PipelineDefinition} beans, in file order then as written */
    public List<Declaration> declarations() {
        return declarations;
    }

    /** @return every {@code route} entry, whatever its id, in file order then as written */
    public List<StageRoute> routes() {
        return routes;
    }

    /** @return every {@code templatedRoute} of the {@code inbox} template, in file order then as written */
    public List<Inbox> inboxes() {
        return inboxes;
    }

    /** @return every {@code templatedRoute} of the {@code batches} template, in file order then as written */
    public List<Batches> batches() {
        return batches;
    }

    /** The route ids of every {@code templatedRoute} (inboxes included): a stage route may come from a template. */
    public List<String> templatedRouteIds() {
        return templatedRouteIds;
    }

    private void add(Path file, Node entry) {
        Map<String, NodeTuple> top = tuples(entry);
        if (top.containsKey("beans") && top.get("beans").getValueNode() instanceof SequenceNode beans) {
            beans.getValue().forEach(bean -> addBean(file, bean));
        }
        if (top.containsKey("route")) {
            addRoute(file, top.get("route").getValueNode());
        }
        if (top.containsKey("templatedRoute")) {
            Map<String, NodeTuple> t = tuples(top.get("templatedRoute").getValueNode());
            templatedRouteIds.add(scalar(t, "routeId"));
            String template = scalar(t, "routeTemplateRef");
            if ("inbox".equals(template)) {
                inboxes.add(new Inbox(file, line(entry), scalar(t, "routeId"), parameter(t, "pipeline")));
            } else if (BatchesRouteTemplate.ID.equals(template)) {
                batches.add(new Batches(file, line(entry), scalar(t, "routeId"), parameter(t, "pipeline")));
            }
        }
    }

    /** A {@code templatedRoute}'s parameter, from its list of {@code name}/{@code value} pairs. */
    private static String parameter(Map<String, NodeTuple> templated, String name) {
        String value = null;
        if (templated.containsKey("parameters") && templated.get("parameters").getValueNode() instanceof SequenceNode params) {
            for (Node p : params.getValue()) {
                Map<String, NodeTuple> param = tuples(p);
                if (name.equals(scalar(param, "name"))) {
                    value = scalar(param, "value");
                }
            }
        }
        return value;
    }

    private void addBean(Path file, Node bean) {
        Map<String, NodeTuple> b = tuples(bean);
        if (!DEFINITION_TYPE.equals(scalar(b, "type"))) {
            return;
        }
        Map<String, Integer> propertyLines = new LinkedHashMap<>();
        Map<String, Integer> columnLines = new LinkedHashMap<>();
        Map<String, NodeTuple> props = b.containsKey("properties") ? tuples(b.get("properties").getValueNode()) : Map.of();
        props.forEach((key, tuple) -> propertyLines.put(key, line(tuple.getKeyNode())));
        if (props.get("columns") != null && props.get("columns").getValueNode() instanceof ScalarNode block) {
            columnLines.putAll(columnLines(block));
        }
        declarations.add(new Declaration(file, line(bean), scalar(b, "name"), scalar(props, "name"), propertyLines, columnLines));
    }

    /** The columns block is YAML inside a literal block scalar, whose text starts on the line after the {@code |}. */
    private static Map<String, Integer> columnLines(ScalarNode block) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        try {
            Optional<Node> inner = new Compose(LoadSettings.builder().build()).composeString(block.getValue());
            inner.ifPresent(node -> tuples(node).forEach((name, tuple) -> lines.put(name, line(block) + line(tuple.getKeyNode()))));
        } catch (RuntimeException e) {
            // not YAML: PipelineDefinition reports that when Camel loads the bean
        }
        return lines;
    }

    private void addRoute(Path file, Node routeNode) {
        Map<String, NodeTuple> route = tuples(routeNode);
        Map<String, NodeTuple> from = route.containsKey("from") ? tuples(route.get("from").getValueNode()) : Map.of();
        List<String> topSteps = new ArrayList<>();
        List<String> splitSteps = new ArrayList<>();
        List<KameletStep> kamelets = new ArrayList<>();
        String streaming = null;
        boolean hasSplit = false;
        int splitLine = line(routeNode);
        if (from.containsKey("steps") && from.get("steps").getValueNode() instanceof SequenceNode steps) {
            for (Node step : steps.getValue()) {
                topSteps.add(stepName(step));
                NodeTuple split = tuples(step).get("split");
                if (split != null) {
                    hasSplit = true;
                    Map<String, NodeTuple> s = tuples(split.getValueNode());
                    streaming = scalar(s, "streaming");
                    splitLine = line(split.getKeyNode());
                    if (s.containsKey("steps") && s.get("steps").getValueNode() instanceof SequenceNode inner) {
                        inner.getValue().forEach(n -> splitSteps.add(stepName(n)));
                    }
                }
            }
            KameletCallReader.collect(file, steps, kamelets);
        }
        routes.add(new StageRoute(file, line(routeNode), scalar(route, "id"), scalar(from, "uri"),
                scalar(route, "routeConfigurationId"), topSteps, kamelets, hasSplit, streaming, splitSteps, splitLine));
    }

    /**
     * {@code to: bean:x} as {@code bean:x}, a {@code kamelet:} call (URI or EIP) as {@code kamelet:<name>}; any other
     * step as its kind.
     */
    private static String stepName(Node step) {
        Map<String, NodeTuple> s = tuples(step);
        if (s.containsKey("to")) {
            NodeTuple to = s.get("to");
            String uri = to.getValueNode() instanceof ScalarNode u ? u.getValue() : scalar(tuples(to.getValueNode()), "uri");
            return uri != null && uri.startsWith("kamelet:") ? uri.replaceFirst("\\?.*$", "") : uri;
        }
        if (s.containsKey("kamelet")) {   // the kamelet EIP: kamelet: {name: x, parameters: …}
            NodeTuple kamelet = s.get("kamelet");
            String name = kamelet.getValueNode() instanceof ScalarNode n ? n.getValue() : scalar(tuples(kamelet.getValueNode()), "name");
            return "kamelet:" + (name == null ? "" : name.replaceFirst("\\?.*$", ""));
        }
        return s.keySet().stream().findFirst().orElse("");
    }

    static Map<String, NodeTuple> tuples(Node node) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        if (node instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key) {
                    out.put(key.getValue(), t);
                }
            }
        }
        return out;
    }

    static String scalar(Map<String, NodeTuple> map, String key) {
        NodeTuple t = map.get(key);
        return t != null && t.getValueNode() instanceof ScalarNode s ? s.getValue() : null;
    }

    /** 1-based, as an editor shows it. */
    static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }
}
