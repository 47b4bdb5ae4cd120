package io.bulkimport.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The file name a {@code Content-Disposition} header value gives (RFC 6266 §4): {@code filename*} when present
 * (RFC 8187 ext-value {@code charset'language'pct-encoded}, charset {@code UTF-8} or {@code ISO-8859-1}), which
 * RFC 6266 §4.3 says wins over {@code filename} wherever it stands; else {@code filename}, a token or a quoted-string
 * (RFC 9110 §5.6.4; a backslash escapes only a quote or a backslash, as RFC 6266 §4.3 warns that clients send
 * Windows paths unescaped). Returns null when the value names no file; throws
 * {@link IllegalArgumentException} for a {@code filename*} that cannot be decoded. A plain {@code filename} of raw
 * UTF-8 bytes is read as UTF-8 ({@link #utf8Read}). The name is not sanitised here
 * ({@link UploadFileName} does that).
 */
final class ContentDispositionName {

    private ContentDispositionName() {
    }

    static String of(String header) {
        if (header == null) {
            return null;
        }
        String plain = null;
        String extended = null;
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            int start = i + 1;
            int eq = header.indexOf('=', start);
            if (eq < 0) {
                break;
            }
            String name = header.substring(start, eq).strip().toLowerCase(Locale.ROOT);
            int[] end = new int[1];
            String value = value(header, eq + 1, end);
            if (name.equals("filename*")) {
                extended = value;
            } else if (name.equals("filename")) {
                plain = value;
            }
            i = header.indexOf(';', end[0]);
        }
        return extended != null ? decodeExtended(extended) : utf8Read(plain);
    }

    /**
     * A plain {@code filename} with raw UTF-8 bytes, as browsers and curl send it, arrives from the HTTP decoder as
     * ISO-8859-1 characters (RFC 9110 §5.5: other octets are opaque); when those bytes are valid UTF-8 they are read
     * so, else the name is kept as it came.
     */
    private static String utf8Read(String plain) {
        if (plain == null || plain.chars().allMatch(c -> c < 0x80) || plain.chars().anyMatch(c -> c > 0xFF)) {
            return plain;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return plain;
        }
    }

    /** A parameter's value from {@code from}: a quoted-string (unescaped) or a token up to the next {@code ;}. */
    private static String value(String header, int from, int[] end) {
        int p = from;
        while (p < header.length() && header.charAt(p) == ' ') {
            p++;
        }
        if (p < header.length() && header.charAt(p) == '"') {
            StringBuilder out = new StringBuilder();
            for (p++; p < header.length() && header.charAt(p) != '"'; p++) {
                char c = header.charAt(p);
                // a quoted-pair only before a quote or a backslash: Windows clients send paths with bare backslashes
                if (c == '\\' && p + 1 < header.length() && (header.charAt(p + 1) == '"' || header.charAt(p + 1) == '\\')) {
                    c = header.charAt(++p);
                }
                out.append(c);
            }
            end[0] = Math.min(p + 1, header.length());
            return out.toString();
        }
        int semicolon = header.indexOf(';', p);
        end[0] = semicolon < 0 ? header.length() : semicolon;
        return header.substring(p, end[0]).strip();
    }

    /** RFC 8187 §3.2: {@code charset "'" [ language ] "'" value-chars}, value-chars percent-encoded octets. */
    static String decodeExtended(String ext) {
        int first = ext.indexOf('\'');
        int second = first < 0 ? -1 : ext.indexOf('\'', first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("Content-Disposition filename* must be charset'language'value (RFC 8187), was "
                    + ext);
        }
        String charsetName = ext.substring(0, first).strip();
        Charset charset;
        if (charsetName.equalsIgnoreCase("UTF-8")) {
            charset = StandardCharsets.UTF_8;
        } else if (charsetName.equalsIgnoreCase("ISO-8859-1")) {
            charset = StandardCharsets.ISO_8859_1;
        } else {
            throw new IllegalArgumentException("Content-Disposition filename* charset must be UTF-8 or ISO-8859-1 "
                    + "(RFC 8187), was " + charsetName);
        }
        String encoded = ext.substring(second + 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length() || Character.digit(encoded.charAt(i + 1), 16) < 0
                        || Character.digit(encoded.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("Content-Disposition filename* has a bad percent-encoding: " + ext);
                }
                bytes.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Content-Disposition filename* is not valid " + charset.name() + ": " + ext);
        }
    }
}
