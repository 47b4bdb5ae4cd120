package io.bulkimport.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyDataTest {

    @Test
    void keeps_every_byte_in_order_across_chunk_boundaries() {
        // given: small writes, then one write larger than two chunks, then small writes again
        CopyData data = new CopyData();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            String line = "row " + i + "\tvalue " + (i * 7) + "\n";
            write(data, line);
            expected.append(line);
        }
        String large = "x".repeat(2 * CopyData.CHUNK_BYTES + 17) + "\n";
        write(data, large);
        expected.append(large);
        write(data, "last\n");
        expected.append("last\n");

        // then
        assertThat(data.size()).isEqualTo(expected.length());
        assertThat(data.toString()).isEqualTo(expected.toString());
    }

    @Test
    void an_exactly_full_chunk_is_followed_by_nothing_extra() {
        CopyData data = new CopyData();
        String full = "y".repeat(CopyData.CHUNK_BYTES);

        write(data, full);

        assertThat(data.size()).isEqualTo(CopyData.CHUNK_BYTES);
        assertThat(data.toString()).isEqualTo(full);
    }

    private static void write(CopyData data, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        data.write(bytes, 0, bytes.length);
    }
}
