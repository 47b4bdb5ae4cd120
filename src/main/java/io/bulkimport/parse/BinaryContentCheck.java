package io.bulkimport.parse;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Refuses files that are clearly not text, so that an uploaded PNG or XLSX fails with one clear
 * message instead of thousands of nonsense row errors.
 *
 * <p>Rule: more than 8 NULs that are also more than 1 in 100 code units, or more than 1 in 20 being a control character other
 * than tab, CR, LF and form feed. Real exports contain essentially none of these; random binary data has
 * about 11%. A stray NUL inside one cell is left for row validation, which reports that row alone.
 */
final class BinaryContentCheck {

    static final int MAX_CONTROL_SHARE_DIVISOR = 20;
    static final int MAX_NUL_SHARE_DIVISOR = 100;
    static final int STRAY_NULS = 8;

    private BinaryContentCheck() {
    }

    /** Checks sample[from..] as code units of the given charset: 2 bytes for UTF-16, otherwise 1 (ASCII-compatible). */
    static void requireText(byte[] sample, int from, Charset charset) {
        int unitSize = EncodingDetector.isUtf16(charset) ? 2 : 1;
        boolean bigEndian = charset.equals(StandardCharsets.UTF_16BE);
        long units = 0;
        long controls = 0;
        long nuls = 0;
        int firstControl = -1;
        for (int i = from; i + unitSize <= sample.length; i += unitSize) {
            int unit = unitSize == 1 ? sample[i] & 0xFF : utf16Unit(sample, i, bigEndian);
            units++;
            if (unit == 0) {
                nuls++;
            }
            if (isSuspiciousControl(unit)) {
                controls++;
                if (firstControl < 0) {
                    firstControl = i;
                }
            }
        }
        // a handful of NULs may be stray bytes in cells (reported per row); more than that, in proportion, is binary
        if (controls * MAX_CONTROL_SHARE_DIVISOR > units || (nuls > STRAY_NULS && nuls * MAX_NUL_SHARE_DIVISOR > units)) {
            throw notText(sample, firstControl);
        }
    }

    private static boolean isSuspiciousControl(int unit) {
        return unit < 0x20 && unit != '\t' && unit != '\n' && unit != '\r' && unit != '\f';
    }

    private static int utf16Unit(byte[] sample, int i, boolean bigEndian) {
        int first = sample[i] & 0xFF;
        int second = sample[i + 1] & 0xFF;
        return bigEndian ? (first << 8) | second : (second << 8) | first;
    }

    /** The message, with what the bytes look like when their signature says (a zip's {@code PK\\3\\4}, {@code %PDF}). */
    private static UnreadableFileException notText(byte[] sample, int byteOffset) {
        String looksLike = "";
        if (startsWith(sample, new byte[] {'P', 'K', 3, 4})) {
            looksLike = ": it looks like a zip archive or an .xlsx workbook, which are read by their file name: send it "
                    + "named .xlsx or .zip (filename=people.xlsx, or the multipart part's file name)";
        } else if (startsWith(sample, new byte[] {'%', 'P', 'D', 'F'})) {
            looksLike = ": it looks like a PDF, which cannot be imported; export the table as CSV or .xlsx";
        }
        return new UnreadableFileException("the file is not text (binary content near byte " + byteOffset + ")" + looksLike);
    }

    private static boolean startsWith(byte[] sample, byte[] signature) {
        return sample.length >= signature.length
                && java.util.Arrays.equals(sample, 0, signature.length, signature, 0, signature.length);
    }
}
