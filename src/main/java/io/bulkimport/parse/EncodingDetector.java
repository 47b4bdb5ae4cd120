package io.bulkimport.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides a text file's charset from ALL its bytes, fed chunk by chunk in the pass that reads the file anyway (an
 * upload as it streams to disk, an inbox file as its SHA-256 is computed):
 * <ol>
 *   <li>a byte order mark names it: UTF-8, UTF-16LE or UTF-16BE;</li>
 *   <li>else UTF-8 when the bytes are valid UTF-8, or when they hold at least one valid multi-byte sequence: "ü" is
 *       C3 BC in UTF-8, a pair that almost never occurs in windows-1252 text, so such a file is UTF-8 with a few bad
 *       bytes, and those are reported in their rows;</li>
 *   <li>else windows-1252: not UTF-8 and no BOM is almost always an Excel-on-Windows export, wherever in the file its
 *       first accent or curly quote is.</li>
 * </ol>
 * Once the answer cannot change any more (a BOM, or a valid multi-byte sequence) the rest is not looked at.
 * {@code charset=} on an upload and {@code encoding} in a route file override the decision.
 */
public final class EncodingDetector {

    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private static final int READ_CHUNK = 1 << 16;

    private final byte[] head = new byte[3];
    private int headLength;
    private Charset byBom;
    private final Utf8Validator utf8 = new Utf8Validator();

    /** Feeds the next bytes of the file, in order. */
    public void update(byte[] bytes, int offset, int length) {
        if (headLength < head.length) {
            int n = Math.min(length, head.length - headLength);
            System.arraycopy(bytes, offset, head, headLength, n);
            headLength += n;
            byBom = fromBom(head, headLength);
        }
        if (!decided()) {
            utf8.update(bytes, offset, length);
        }
    }

    /** The charset of the bytes fed so far, taken as the whole file. */
    public Charset charset() {
        if (byBom != null) {
            return byBom;
        }
        return utf8.invalidSequences() == 0 || utf8.multiByteSequences() > 0 ? StandardCharsets.UTF_8 : WINDOWS_1252;
    }

    /** Reads a whole file to decide; for a file whose charset intake did not decide (an import registered before it did). */
    static Charset of(Path file) throws IOException {
        EncodingDetector detector = new EncodingDetector();
        byte[] buffer = new byte[READ_CHUNK];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0 && !detector.decided(); n = in.read(buffer)) {
                detector.update(buffer, 0, n);
            }
        }
        return detector.charset();
    }

    /** Bytes of the byte order mark of {@code charset} at the start of {@code prefix}; 0 when it has none. */
    static int bomLength(byte[] prefix, Charset charset) {
        Charset marked = fromBom(prefix, Math.min(prefix.length, 3));
        if (marked == null || !marked.equals(charset)) {
            return 0;
        }
        return marked.equals(StandardCharsets.UTF_8) ? 3 : 2;
    }

    /** "UTF-16" without an order becomes the order its BOM names (big-endian without one, as the Unicode standard says). */
    static Charset withByteOrder(Charset charset, byte[] prefix) {
        if (!charset.equals(StandardCharsets.UTF_16)) {
            return charset;
        }
        return StandardCharsets.UTF_16LE.equals(fromBom(prefix, Math.min(prefix.length, 3)))
                ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
    }

    static boolean isUtf16(Charset charset) {
        return charset.equals(StandardCharsets.UTF_16LE) || charset.equals(StandardCharsets.UTF_16BE);
    }

    private boolean decided() {
        return byBom != null || utf8.multiByteSequences() > 0;
    }

    /** The charset a byte order mark at the start of {@code bytes[0..length)} names; null when there is none. */
    static Charset fromBom(byte[] bytes, int length) {
        if (startsWith(bytes, length, 0xFF, 0xFE)) {
            return StandardCharsets.UTF_16LE;
        }
        if (startsWith(bytes, length, 0xFE, 0xFF)) {
            return StandardCharsets.UTF_16BE;
        }
        return startsWith(bytes, length, 0xEF, 0xBB, 0xBF) ? StandardCharsets.UTF_8 : null;
    }

    private static boolean startsWith(byte[] bytes, int length, int... bom) {
        if (length < bom.length) {
            return false;
        }
        for (int i = 0; i < bom.length; i++) {
            if ((bytes[i] & 0xFF) != bom[i]) {
                return false;
            }
        }
        return true;
    }
}
