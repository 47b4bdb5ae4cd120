package io.bulkimport.parse;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Chooses the charset from a BOM, or from whether the sample is valid UTF-8. Files that are not valid
 * UTF-8 and carry no BOM are almost always Excel-on-Windows exports, hence the windows-1252 fallback.
 */
final class EncodingDetector {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    record Detected(Charset charset, int bomLength) {
    }

    private EncodingDetector() {
    }

    /** @param wholeFile whether the sample is the entire file (otherwise a sequence cut at its end is not an error) */
    static Detected detect(byte[] sample, boolean wholeFile) {
        if (startsWith(sample, 0xEF, 0xBB, 0xBF)) {
            return new Detected(StandardCharsets.UTF_8, 3);
        }
        if (startsWith(sample, 0xFF, 0xFE)) {
            return new Detected(StandardCharsets.UTF_16LE, 2);
        }
        if (startsWith(sample, 0xFE, 0xFF)) {
            return new Detected(StandardCharsets.UTF_16BE, 2);
        }
        boolean utf8 = isValidUtf8(sample, wholeFile) || hasUtf8MultiByteSequence(sample);
        return new Detected(utf8 ? StandardCharsets.UTF_8 : WINDOWS_1252, 0);
    }

    static boolean isUtf16(Charset charset) {
        return charset.equals(StandardCharsets.UTF_16LE) || charset.equals(StandardCharsets.UTF_16BE);
    }

    private static boolean isValidUtf8(byte[] sample, boolean wholeFile) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(sample.length);
        // endOfInput=false leaves a multi-byte sequence cut by the 64 KiB boundary pending instead of failing it
        boolean valid = !decoder.decode(ByteBuffer.wrap(sample), out, wholeFile).isError();
        return valid && (!wholeFile || !decoder.flush(out).isError());
    }

    /**
     * A valid UTF-8 sequence of two or more bytes ("ü" is C3 BC) almost never occurs in windows-1252 text, so a
     * sample that has one is UTF-8 with a few bad bytes, not a windows-1252 export.
     */
    private static boolean hasUtf8MultiByteSequence(byte[] sample) {
        for (int i = 0; i < sample.length; i++) {
            int b = sample[i] & 0xFF;
            int continuation = b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2 : b >= 0xF0 && b <= 0xF4 ? 3 : 0;
            if (continuation == 0 || i + continuation >= sample.length) {
                continue;
            }
            boolean valid = true;
            for (int k = 1; k <= continuation; k++) {
                valid &= (sample[i + k] & 0xC0) == 0x80;
            }
            if (valid) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] sample, int... bom) {
        if (sample.length < bom.length) {
            return false;
        }
        for (int i = 0; i < bom.length; i++) {
            if ((sample[i] & 0xFF) != bom[i]) {
                return false;
            }
        }
        return true;
    }
}
