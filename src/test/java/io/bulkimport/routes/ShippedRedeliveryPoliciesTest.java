package io.bulkimport.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The redelivery policies of the shipped route files do what their comments and the README promise: a
 * {@code collisionAvoidanceFactor} (the ±25% jitter) only takes effect with {@code useCollisionAvoidance: true} in
 * Camel's RedeliveryPolicy, and without it every redelivery of every failing batch or webhook came at exactly 1, 2,
 * 4, 8 s (found by a newcomer's trial, measured on a receiver that stayed down).
 */
class ShippedRedeliveryPoliciesTest {

    @Test
    void every_policy_with_a_jitter_factor_switches_jitter_on() throws IOException {
        List<Map<?, ?>> policies = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file))
                        .forEach(document -> collect(document, policies));
            }
        }
        List<Map<?, ?>> withFactor = policies.stream().filter(p -> p.containsKey("collisionAvoidanceFactor")).toList();
        assertThat(withFactor).as("redelivery policies with a jitter factor").hasSizeGreaterThanOrEqualTo(2);
        assertThat(withFactor).allSatisfy(p -> assertThat(p.get("useCollisionAvoidance")).isEqualTo(true));
    }

    private static void collect(Object node, List<Map<?, ?>> policies) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("redeliveryPolicy".equals(key) && value instanceof Map<?, ?> policy) {
                    policies.add(policy);
                }
                collect(value, policies);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, policies));
        }
    }
}
