package io.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchKeysTest {

    @Test
    void finds_a_shared_key_wherever_it_sorts() {
        List<String> first = new ArrayList<>(IntStream.range(0, 3000).mapToObj(i -> "k" + i + "@x.com").toList());
        List<String> second = new ArrayList<>(IntStream.range(3000, 6000).mapToObj(i -> "k" + i + "@x.com").toList());

        assertThat(new BatchKeys(first).sharesAKeyWith(new BatchKeys(second))).isFalse();

        second.add("k1234@x.com");
        assertThat(new BatchKeys(first).sharesAKeyWith(new BatchKeys(second))).isTrue();
        assertThat(new BatchKeys(second).sharesAKeyWith(new BatchKeys(first))).isTrue();
    }

    @Test
    void does_not_take_equal_hashes_for_a_shared_key() {
        // "Aa" and "BB" have the same String hash code
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());

        assertThat(BatchKeys.of("Aa", "x").sharesAKeyWith(BatchKeys.of("BB", "y"))).isFalse();
        assertThat(BatchKeys.of("Aa", "BB").sharesAKeyWith(BatchKeys.of("BB"))).isTrue();
        assertThat(BatchKeys.of("AaAa", "BBBB", "AaBB").sharesAKeyWith(BatchKeys.of("BBAa", "BBBB"))).isTrue();
    }

    @Test
    void compares_composite_keys_by_value() {
        assertThat(BatchKeys.of(List.of("a", "1")).sharesAKeyWith(BatchKeys.of(List.of("a", "1")))).isTrue();
        assertThat(BatchKeys.of(List.of("a", "1")).sharesAKeyWith(BatchKeys.of(List.of("a", "2")))).isFalse();
        assertThat(BatchKeys.NONE.sharesAKeyWith(BatchKeys.of("a"))).isFalse();
    }
}
