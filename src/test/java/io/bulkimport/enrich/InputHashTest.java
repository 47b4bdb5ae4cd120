package io.bulkimport.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputHashTest {

    @Test
    void the_same_fields_in_any_order_hash_the_same_and_a_changed_value_does_not() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("title", "Lamp");
        a.put("description", null);
        Map<String, String> b = new LinkedHashMap<>();
        b.put("description", null);
        b.put("title", "Lamp");

        assertThat(InputHash.of(a)).isEqualTo(InputHash.of(b)).hasSize(64);
        b.put("title", "Lamp ");
        assertThat(InputHash.of(a)).isNotEqualTo(InputHash.of(b));
    }
}
