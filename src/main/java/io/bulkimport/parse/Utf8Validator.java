package io.bulkimport.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks bytes against UTF-8 (RFC 3629, section 4: no overlong forms, no surrogates, nothing above U+10FFFF) chunk by
 * chunk as they go by, so a file is checked in the same pass that reads it for another reason. A sequence cut at the
 * end of one chunk goes on in the next. Runs of ASCII are skipped eight bytes at a time.
 *
 * <p>Counts what decides the file's encoding ({@link EncodingDetector}): valid sequences of two or more bytes, and
 * invalid ones (a byte that cannot start a sequence, or a sequence that breaks off, counts once, as a decoder that
 * replaces bad input would replace it).
 */
final class Utf8Validator {

    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final int CONTINUATION_MIN = 0x80;
    private static final int CONTINUATION_MAX = 0xBF;

    /** continuation bytes the current sequence still needs; 0 between sequences */
    private int needed;
    /** the range the next continuation byte must fall in (narrower after E0, ED, F0 and F4) */
    private int lower = CONTINUATION_MIN;
    private int upper = CONTINUATION_MAX;
    private long multiByteSequences;
    private long invalidSequences;

    void update(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (needed == 0) {
                while (i + Long.BYTES <= end && ((long) EIGHT_BYTES.get(bytes, i) & HIGH_BITS) == 0) {
                    i += Long.BYTES;
                }
                if (i == end) {
                    return;
                }
                int b = bytes[i++] & 0xFF;
                if (b >= 0x80) {
                    start(b);
                }
            } else {
                int b = bytes[i] & 0xFF;
                if (b >= lower && b <= upper) {
                    i++;
                    lower = CONTINUATION_MIN;
                    upper = CONTINUATION_MAX;
                    if (--needed == 0) {
                        multiByteSequences++;
                    }
                } else {
                    // the sequence broke off; this byte is looked at again as the start of the next one
                    invalidSequences++;
                    needed = 0;
                    lower = CONTINUATION_MIN;
                    upper = CONTINUATION_MAX;
                }
            }
        }
    }

    /** Valid sequences of two or more bytes so far: characters beyond ASCII. */
    long multiByteSequences() {
        return multiByteSequences;
    }

    /** Invalid sequences so far; a sequence still open counts as invalid, so ask after the last byte. */
    long invalidSequences() {
        return invalidSequences + (needed > 0 ? 1 : 0);
    }

    /** RFC 3629 table: the lead byte says how many continuation bytes follow and, for some, their narrower range. */
    private void start(int lead) {
        if (lead >= 0xC2 && lead <= 0xDF) {
            needed = 1;
        } else if (lead == 0xE0) {
            needed = 2;
            lower = 0xA0;
        } else if (lead == 0xED) {
            needed = 2;
            upper = 0x9F;
        } else if (lead >= 0xE1 && lead <= 0xEF) {
            needed = 2;
        } else if (lead == 0xF0) {
            needed = 3;
            lower = 0x90;
        } else if (lead >= 0xF1 && lead <= 0xF3) {
            needed = 3;
        } else if (lead == 0xF4) {
            needed = 3;
            upper = 0x8F;
        } else {
            invalidSequences++;
        }
    }
}
