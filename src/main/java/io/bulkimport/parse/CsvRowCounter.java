package io.bulkimport.parse;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Counts the data rows {@link CsvRowReader} will give for a file, fed chunk by chunk in the pass that reads the file
 * anyway (intake's SHA-256): its records that hold something ({@link EmptyRow}), less the header, after Excel's
 * {@code sep=} line. The first {@link FileSniffer#PREFIX_BYTES} are held until the reader's own conclusions from them
 * are known (a BOM, text or not, a {@code sep=} line, the delimiter: {@link FileSniffer#format}); from then on the
 * bytes are counted as they go by ({@link CsvRecordScanner}). At the end the conclusions are drawn again with the
 * charset decided over the whole file. The count is unknown when they differ, or when it cannot be exact for another
 * reason: the file is not text, its charset's bytes cannot be split without decoding them (Shift_JIS, GBK, …), the
 * delimiter or escape character is not ASCII, or a quote error is split differently by the two readings.
 */
public final class CsvRowCounter {

    private final String fileName;
    private final Charset forced;
    private final Character escape;
    private byte[] prefix = new byte[FileSniffer.PREFIX_BYTES];
    private int prefixLength;
    private CsvRecordScanner scanner;
    /** what the prefix said with the charset known at its end, and the single-byte charset the scanner reads */
    private TextFormat format;
    private Charset singleByte;
    private boolean unknown;
    private boolean finished;
    /** UTF-16: the units mapped onto bytes, and the first byte of a unit cut by the end of a chunk (-1 for none) */
    private boolean utf16;
    private boolean bigEndian;
    private byte[] units = new byte[0];
    private int carry = -1;

    /**
     * @param fileName the name the file came under: ".tsv" means tab-separated, as for the reader
     * @param dialect  what the import knows already: a forced charset, the escape character
     */
    public CsvRowCounter(String fileName, CsvDialect dialect) {
        this.fileName = fileName;
        this.forced = dialect.charset();
        this.escape = dialect.escape();
    }

    /** Feeds the next bytes of the file, in order. */
    public void update(byte[] bytes, int offset, int length) {
        if (unknown || finished) {
            return;
        }
        if (scanner == null) {
            int n = Math.min(length, prefix.length - prefixLength);
            System.arraycopy(bytes, offset, prefix, prefixLength, n);
            prefixLength += n;
            if (prefixLength < prefix.length) {
                return;
            }
            start();
            offset += n;
            length -= n;
        }
        if (!unknown) {
            feed(bytes, offset, length);
        }
    }

    /**
     * Ends the count; call once, after the last byte.
     *
     * @param decided the charset decided over the whole file ({@link EncodingDetector}), used unless one was forced
     * @return the rows the reader will give after the header; null when the count cannot be trusted to be exact
     */
    public Long dataRows(Charset decided) {
        if (!finished) {
            finished = true;
            if (scanner == null && !unknown) {
                start();
            }
            if (!unknown) {
                scanner.finish();
            }
        }
        if (unknown || scanner.ambiguous()) {
            return null;
        }
        Charset charset = EncodingDetector.withByteOrder(forced != null ? forced : decided, prefix);
        if (!charset.equals(format.charset()) && !sameFormat(charset)) {
            return null;
        }
        int reading = charset.equals(StandardCharsets.UTF_8) ? CsvRecordScanner.UTF8 : CsvRecordScanner.SINGLE;
        return Math.max(0, scanner.records(reading) - 1);
    }

    /** Draws the reader's conclusions from the prefix with the charset known so far, and counts the prefix. */
    private void start() {
        prefix = Arrays.copyOf(prefix, prefixLength);
        Charset bom = EncodingDetector.fromBom(prefix, Math.min(3, prefixLength));
        // before the last byte only a BOM decides; UTF-8 stands for any ASCII-compatible charset till then
        Charset known = forced != null ? forced : bom != null ? bom : StandardCharsets.UTF_8;
        try {
            format = FileSniffer.format(prefix, fileName, known);
        } catch (UnreadableFileException e) {
            unknown = true;
            return;
        }
        Charset charset = format.charset();
        utf16 = EncodingDetector.isUtf16(charset);
        bigEndian = charset.equals(StandardCharsets.UTF_16BE);
        boolean oneByte = charset.newEncoder().maxBytesPerChar() == 1;
        if (!(utf16 || oneByte || charset.equals(StandardCharsets.UTF_8)) || format.delimiter() > 0x7F
                || (escape != null && (escape > 0x7F || escape == format.delimiter()))) {
            unknown = true;
            return;
        }
        singleByte = oneByte ? charset : EncodingDetector.WINDOWS_1252;
        scanner = new CsvRecordScanner(format.delimiter(), escape == null ? -1 : escape,
                utf16 ? utf16Blanks() : singleByteBlanks(singleByte));
        feed(prefix, format.headBytes(), prefixLength - format.headBytes());
    }

    /** Whether the prefix says the same in the charset decided at the end, and the scanner counted its reading. */
    private boolean sameFormat(Charset decided) {
        if (utf16 || EncodingDetector.isUtf16(decided)
                || !(decided.equals(StandardCharsets.UTF_8) || decided.equals(singleByte))) {
            return false;
        }
        try {
            TextFormat again = FileSniffer.format(prefix, fileName, decided);
            return again.delimiter() == format.delimiter() && again.headBytes() == format.headBytes();
        } catch (UnreadableFileException e) {
            return false;
        }
    }

    private void feed(byte[] bytes, int offset, int length) {
        if (length <= 0) {
            return;
        }
        if (!utf16) {
            scanner.scan(bytes, offset, offset + length);
            return;
        }
        if (units.length < length / 2 + 1) {
            units = new byte[length / 2 + 1];
        }
        int n = 0;
        int i = offset;
        int end = offset + length;
        if (carry >= 0) {
            units[n++] = unitByte(carry, bytes[i++] & 0xFF);
            carry = -1;
        }
        for (; i + 1 < end; i += 2) {
            units[n++] = unitByte(bytes[i] & 0xFF, bytes[i + 1] & 0xFF);
        }
        if (i < end) {
            carry = bytes[i] & 0xFF;
        }
        scanner.scan(units, 0, n);
    }

    /** A UTF-16 unit as the scanner's byte: ASCII as itself; above, A0 for white space, 81 for anything else. */
    private byte unitByte(int first, int second) {
        int unit = bigEndian ? first << 8 | second : second << 8 | first;
        if (unit < 0x80) {
            return (byte) unit;
        }
        return (byte) (EmptyRow.isBlank((char) unit) ? 0xA0 : 0x81);
    }

    private static boolean[] utf16Blanks() {
        boolean[] blanks = new boolean[256];
        blanks[0xA0] = true;
        return blanks;
    }

    /** Per byte, whether the single-byte charset decodes it to white space (a byte it has no character for is not). */
    private static boolean[] singleByteBlanks(Charset charset) {
        boolean[] blanks = new boolean[256];
        for (int b = 0x80; b < 256; b++) {
            String decoded = new String(new byte[] {(byte) b}, charset);
            blanks[b] = decoded.length() == 1 && EmptyRow.isBlank(decoded.charAt(0));
        }
        return blanks;
    }
}
