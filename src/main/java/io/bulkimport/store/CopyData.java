package io.bulkimport.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch's COPY text, held as chunks of at most {@value #CHUNK_BYTES} bytes rather than one array.
 *
 * <p>Why chunks: one array for a batch of 3,000 contacts (~600 KB, grown by doubling to 768 KB) is at least half a
 * G1 region at the README's {@code -Xmx256m} (1 MB regions), so G1 allocates it as a <em>humongous</em> object outside
 * the young generation, and such allocations start concurrent marking cycles: a flight recording of a 1M-row import
 * showed a "G1 Humongous Allocation" pause and marking cycle every 150-200 ms for the import's first seconds.
 * Chunks of 64 KiB are ordinary young objects, are written once (no doubling, no final copy), and go to the driver
 * as they are.
 */
final class CopyData {

    /** Bytes per chunk: far below half of G1's smallest region (1 MB), so never humongous. */
    static final int CHUNK_BYTES = 64 * 1024;

    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current = new byte[CHUNK_BYTES];
    private int used;
    private long size;

    /** Appends {@code length} bytes of {@code bytes} from {@code offset}. */
    void write(byte[] bytes, int offset, int length) {
        size += length;
        while (length > 0) {
            if (used == current.length) {
                chunks.add(current);
                current = new byte[CHUNK_BYTES];
                used = 0;
            }
            int n = Math.min(length, current.length - used);
            System.arraycopy(bytes, offset, current, used, n);
            used += n;
            offset += n;
            length -= n;
        }
    }

    /** The number of bytes written so far. */
    long size() {
        return size;
    }

    /**
     * Sends every byte, in order, into an open COPY.
     *
     * @throws SQLException as the driver's {@link org.postgresql.copy.CopyIn#writeToCopy} throws it
     */
    void writeTo(org.postgresql.copy.CopyIn copy) throws SQLException {
        for (byte[] chunk : chunks) {
            copy.writeToCopy(chunk, 0, chunk.length);
        }
        if (used > 0) {
            copy.writeToCopy(current, 0, used);
        }
    }

    /** The text as UTF-8 decodes it (for tests and diagnostics: it copies every byte). */
    @Override
    public String toString() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            all.write(chunk, 0, chunk.length);
        }
        all.write(current, 0, used);
        return all.toString(StandardCharsets.UTF_8);
    }
}
