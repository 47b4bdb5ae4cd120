package io.bulkimport.pipeline;

import static io.bulkimport.pipeline.RouteFileIndex.line;
import static io.bulkimport.pipeline.RouteFileIndex.scalar;
import static io.bulkimport.pipeline.RouteFileIndex.tuples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Finds the building blocks a route's steps call, for {@link RouteFileIndex}: {@code to: kamelet:<name>} with a
 * {@code parameters} map or a URI query, and the {@code kamelet} EIP ({@code name}, {@code parameters}), at any depth.
 */
final class KameletCallReader {

    private KameletCallReader() {
    }

    /** Every kamelet call under {@code node}, at any depth (inside a split, a step, a filter, …). */
    static void collect(Path file, Node node, List<RouteFileIndex.KameletStep> out) {
        if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(n -> collect(file, n, out));
            return;
        }
        if (!(node instanceof MappingNode)) {
            return;
        }
        Map<String, NodeTuple> map = tuples(node);
        call(file, map).ifPresent(out::add);
        map.values().forEach(t -> collect(file, t.getValueNode(), out));
    }

    /** The call a step's mapping makes, when it is {@code to: kamelet:…} or the {@code kamelet} EIP. */
    private static Optional<RouteFileIndex.KameletStep> call(Path file, Map<String, NodeTuple> step) {
        NodeTuple to = step.containsKey("to") ? step.get("to") : step.get("kamelet");
        if (to == null) {
            return Optional.empty();
        }
        boolean eip = !step.containsKey("to");
        Map<String, NodeTuple> options = to.getValueNode() instanceof ScalarNode ? Map.of() : tuples(to.getValueNode());
        String uri = to.getValueNode() instanceof ScalarNode s ? s.getValue() : scalar(options, eip ? "name" : "uri");
        if (uri == null || !eip && !uri.startsWith("kamelet:")) {
            return Optional.empty();
        }
        String name = eip ? uri : uri.substring("kamelet:".length());
        Map<String, String> parameters = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        int query = name.indexOf('?');
        if (query >= 0) {
            for (String pair : name.substring(query + 1).split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                parameters.put(key, eq < 0 ? "" : pair.substring(eq + 1));
                lines.put(key, line(to.getKeyNode()));
            }
            name = name.substring(0, query);
        }
        if (options.get("parameters") != null) {
            tuples(options.get("parameters").getValueNode()).forEach((key, tuple) -> {
                parameters.put(key, tuple.getValueNode() instanceof ScalarNode v ? v.getValue() : null);
                lines.put(key, line(tuple.getKeyNode()));
            });
        }
        return Optional.of(new RouteFileIndex.KameletStep(file, line(to.getKeyNode()), name.replaceFirst("^//", ""), parameters, lines));
    }
}
