package io.bulkimport.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The stage building blocks the route files may call ({@code kamelet:<name>}), found where Camel finds them
 * ({@code camel.component.kamelet.location}): {@code <import.routes>/kamelets/<name>.kamelet.yaml} first, else the copy
 * shipped in the jar ({@code classpath:kamelets/<name>.kamelet.yaml}, built from the repository's
 * {@code routes/kamelets/}). Reads each definition's parameters as the file describes them
 * ({@code spec.definition.properties} and {@code required}); what the stage does is the kamelet's template, run by
 * Camel.
 */
public final class KameletCatalog {

    /** The building blocks this service ships, in the order a stage list uses them. */
    public static final List<String> SHIPPED = List.of("validate-stage", "lookup-stage", "enrich-stage", "hash-stage",
            "store-stage");

    /**
     * One parameter as the kamelet describes it.
     *
     * @param defaultValue null when the kamelet gives none
     */
    public record Parameter(String name, String title, String description, String type, String defaultValue,
                            boolean required) {
    }

    /**
     * One kamelet's description.
     *
     * @param source where it was read, for messages ({@code routes/kamelets/x.kamelet.yaml} or {@code classpath:…})
     */
    public record Kamelet(String name, String title, String description, Map<String, Parameter> parameters, String source) {
    }

    private final Path folder;
    private final Map<String, Optional<Kamelet>> byName = new ConcurrentHashMap<>();

    /** @param routesDir the route folder ({@code import.routes}); its {@code kamelets/} need not exist */
    public KameletCatalog(Path routesDir) {
        this.folder = routesDir.resolve("kamelets");
    }

    /**
     * @param name a kamelet's name, as after {@code kamelet:}
     * @return its description, from the route folder or else the jar; empty when neither has it
     * @throws UncheckedIOException when its file exists but cannot be read
     * @throws IllegalArgumentException when its file is not a kamelet definition
     */
    public Optional<Kamelet> find(String name) {
        return byName.computeIfAbsent(name, this::load);
    }

    /** @return the shipped building blocks, as the folder (or else the jar) describes them, in {@link #SHIPPED} order */
    public List<Kamelet> shipped() {
        List<Kamelet> out = new ArrayList<>();
        SHIPPED.forEach(name -> find(name).ifPresent(out::add));
        return out;
    }

    private Optional<Kamelet> load(String name) {
        Path file = folder.resolve(name + ".kamelet.yaml");
        try {
            if (Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    return Optional.of(parse(name, in, file.toString()));
                }
            }
            try (InputStream in = KameletCatalog.class.getClassLoader().getResourceAsStream("kamelets/" + name + ".kamelet.yaml")) {
                return in == null ? Optional.empty() : Optional.of(parse(name, in, "classpath:kamelets/" + name + ".kamelet.yaml"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kamelet " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param in     a {@code *.kamelet.yaml} text
     * @param source where it comes from, for messages
     * @throws IllegalArgumentException when it has no {@code spec.definition}
     */
    static Kamelet parse(String name, InputStream in, String source) {
        Object root = new Load(LoadSettings.builder().build()).loadFromInputStream(in);
        Map<?, ?> definition = map(map(map(root).get("spec")).get("definition"));
        if (definition.isEmpty()) {
            throw new IllegalArgumentException(source + " is not a kamelet definition (it has no spec.definition)");
        }
        List<?> required = definition.get("required") instanceof List<?> l ? l : List.of();
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        map(definition.get("properties")).forEach((key, value) -> {
            Map<?, ?> p = map(value);
            parameters.put(String.valueOf(key), new Parameter(String.valueOf(key), text(p.get("title")),
                    text(p.get("description")), text(p.get("type")), p.containsKey("default") ? text(p.get("default")) : null,
                    required.contains(key)));
        });
        return new Kamelet(name, text(definition.get("title")), text(definition.get("description")), parameters, source);
    }

    private static Map<?, ?> map(Object node) {
        return node instanceof Map<?, ?> m ? m : Map.of();
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value).strip();
    }

}
