package io.bulkimport.store;

import java.nio.charset.StandardCharsets;

/**
 * Encodes rows in PostgreSQL's COPY text format: tab between fields, newline after each row, {@code \N} for null,
 * and backslash escapes for the characters that would break that framing.
 */
final class CopyEncoder {

    private final CopyData out = new CopyData();
    private final StringBuilder line = new StringBuilder(256);

    void row(String[] values, String trailing) {
        line.setLength(0);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            field(values[i]);
        }
        if (trailing != null) {
            line.append('\t');
            field(trailing);
        }
        line.append('\n');
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
    }

    /** Most values need no escaping; checking first lets them be appended whole (indexOf is the JDK's vectorised scan). */
    private static boolean plain(String value) {
        return value.indexOf('\\') < 0 && value.indexOf('\t') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0;
    }

    /** The rows encoded so far, in order (the encoder keeps appending to the same data). */
    CopyData data() {
        return out;
    }

    private void field(String value) {
        if (value == null) {
            line.append("\\N");
            return;
        }
        if (plain(value)) {
            line.append(value);
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\t' -> line.append("\\t");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                default -> line.append(c);
            }
        }
    }
}
