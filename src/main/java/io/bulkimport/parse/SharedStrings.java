package io.bulkimport.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The workbook's shared strings part ({@code xl/sharedStrings.xml}, ECMA-376 Part 1 §18.4.9), read as far as the
 * sheet has asked for: writers put strings in the order they first use them, so reading on demand keeps only what
 * has been seen. A 1M-row sheet can hold 2M distinct strings; kept as String objects they filled a 256 MB heap and
 * the collector copied them over and over (JFR: young pauses of 0.85 s per 1M rows and repeated old-generation
 * cycles), so they are kept as UTF-8 bytes in 256 KiB chunks (one allocation per chunk, under half a G1 region so
 * never a humongous one, nothing for the collector to trace) and decoded when a cell asks.
 * Used by the reader's thread only.
 */
final class SharedStrings implements AutoCloseable {

    private static final int CHUNK_BYTES = 1 << 18;

    private final InputStream in;
    private final XMLStreamReader xml;
    private final List<byte[]> chunks = new ArrayList<>();
    /** per string: chunk index in the high 32 bits, offset in the low 32; the length is at the offset (4 bytes) */
    private long[] positions = new long[1024];
    private int count;
    private byte[] chunk;
    private int used;
    private boolean exhausted;

    private SharedStrings(InputStream in, XMLStreamReader xml) {
        this.in = in;
        this.xml = xml;
        this.exhausted = xml == null;
    }

    /** @param in the part's content, or null when the workbook has no shared strings */
    static SharedStrings of(InputStream in) throws XMLStreamException {
        return new SharedStrings(in, in == null ? null : StaxFactory.reader(in));
    }

    /**
     * @param index the {@code <v>} of a cell of type {@code s}
     * @return the string's text (see {@link SpreadsheetText})
     * @throws IllegalArgumentException when the table has no such string
     */
    String get(int index) throws XMLStreamException {
        byte[] bytes = chunkOf(index);
        int offset = (int) positions[index];
        return new String(bytes, offset + 4, length(bytes, offset), StandardCharsets.UTF_8);
    }

    /**
     * Whether the string is empty or white space ({@link EmptyRow#isBlank}), as a cell holding it would be; decoded
     * only when it is nothing but bytes above 0x7F and ASCII white space.
     *
     * @throws IllegalArgumentException when the table has no such string
     */
    boolean blank(int index) throws XMLStreamException {
        byte[] bytes = chunkOf(index);
        int offset = (int) positions[index];
        int length = length(bytes, offset);
        boolean high = false;
        for (int i = offset + 4, end = offset + 4 + length; i < end; i++) {
            byte b = bytes[i];
            if (b < 0) {
                high = true;
            } else if (!EmptyRow.isBlank((char) b)) {
                return false;
            }
        }
        return !high || EmptyRow.isBlank(new String(bytes, offset + 4, length, StandardCharsets.UTF_8));
    }

    /** The chunk that holds string {@code index}, read as far as needed. */
    private byte[] chunkOf(int index) throws XMLStreamException {
        while (index >= count && !exhausted) {
            readNext();
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("shared string " + index + " does not exist (the table has " + count + ")");
        }
        return chunks.get((int) (positions[index] >>> 32));
    }

    private static int length(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16)
                | ((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF);
    }

    private void readNext() throws XMLStreamException {
        while (xml.hasNext()) {
            if (xml.next() == XMLStreamConstants.START_ELEMENT && "si".equals(xml.getLocalName())) {
                add(SpreadsheetText.read(xml).getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        exhausted = true;
    }

    private void add(byte[] text) {
        int needed = text.length + 4;
        if (chunk == null || used + needed > chunk.length) {
            chunk = new byte[Math.max(CHUNK_BYTES, needed)];
            chunks.add(chunk);
            used = 0;
        }
        chunk[used] = (byte) (text.length >>> 24);
        chunk[used + 1] = (byte) (text.length >>> 16);
        chunk[used + 2] = (byte) (text.length >>> 8);
        chunk[used + 3] = (byte) text.length;
        System.arraycopy(text, 0, chunk, used + 4, text.length);
        if (count == positions.length) {
            positions = Arrays.copyOf(positions, count * 2);
        }
        positions[count++] = ((long) (chunks.size() - 1) << 32) | used;
        used += needed;
    }

    @Override
    public void close() throws IOException {
        try {
            if (xml != null) {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new IOException(e);
        } finally {
            if (in != null) {
                in.close();
            }
        }
    }
}
