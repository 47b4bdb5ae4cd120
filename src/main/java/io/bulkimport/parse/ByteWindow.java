package io.bulkimport.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A window onto a stream of bytes for a forward-only scanner ({@link XmlText}): the bytes from {@link #pos} to
 * {@link #limit} of {@link #buf} are read and not yet taken. Offsets from {@code pos} stay valid when the window reads
 * on; positions in the buffer do not (what was taken is dropped, and the buffer grows for a longer stretch).
 */
class ByteWindow {

    /**
     * The longest stretch the window holds at once (a tag, or a text up to the next tag). An Excel cell holds at most
     * 32,767 characters and tags are short, so only a hostile part comes near it; without a bound one long text or
     * attribute value grew the buffer until the service's heap ran out.
     */
    static final int MAX_WINDOW_BYTES = 16 << 20;

    private final InputStream in;
    protected byte[] buf = new byte[1 << 16];
    protected int pos;
    protected int limit;
    private boolean eof;

    ByteWindow(InputStream in) {
        this.in = in;
    }

    /** Moves to the next {@code b} (reading on as needed); false at the end of the stream. */
    protected final boolean skipTo(int b) throws IOException {
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == b) {
                    pos = i;
                    return true;
                }
            }
            pos = limit;
            if (!available(1)) {
                return false;
            }
        }
    }

    /** The offset from {@link #pos} of the next {@code b} at or after offset {@code from}; -1 at the end of the stream. */
    protected final int offsetOf(int b, int from) throws IOException {
        int k = from;
        while (true) {
            for (int i = pos + k; i < limit; i++) {
                if (buf[i] == b) {
                    return i - pos;
                }
            }
            k = limit - pos;
            if (!available(k + 1)) {
                return -1;
            }
        }
    }

    /** The offset from {@link #pos} of the next {@code sequence} at or after offset {@code from}; -1 at the end. */
    protected final int offsetOf(byte[] sequence, int from) throws IOException {
        for (int k = offsetOf(sequence[0], from); k >= 0; k = offsetOf(sequence[0], k + 1)) {
            if (startsWith(k, sequence)) {
                return k;
            }
        }
        return -1;
    }

    /** Whether the bytes at offset {@code offset} from {@link #pos} are {@code sequence}. */
    protected final boolean startsWith(int offset, byte[] sequence) throws IOException {
        return available(offset + sequence.length) && sameBytes(pos + offset, sequence);
    }

    /** Whether the buffer holds {@code bytes} at {@code at}: a plain loop, as names are shorter than a vector compare pays for. */
    protected final boolean sameBytes(int at, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (buf[at + i] != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Makes {@code n} bytes from {@link #pos} available in the buffer, reading on (and moving what is left to the
     * buffer's start); false when the stream ends first.
     */
    protected final boolean available(int n) throws IOException {
        while (limit - pos < n) {
            if (eof) {
                return false;
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            if (limit == buf.length) {
                if (buf.length >= MAX_WINDOW_BYTES) {
                    throw new XmlText.Unexpected("more than " + (MAX_WINDOW_BYTES >> 20)
                            + " MiB of XML without a tag boundary (a text or tag longer than any cell holds)");
                }
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int read = in.read(buf, limit, buf.length - limit);
            if (read < 0) {
                eof = true;
            } else {
                limit += read;
            }
        }
        return true;
    }
}
