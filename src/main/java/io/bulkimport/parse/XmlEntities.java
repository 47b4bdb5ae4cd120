package io.bulkimport.parse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Replaces XML's five predefined entities and its character references (XML 1.0 §4.1, §4.6) in UTF-8 text, for
 * the rare text {@link XmlText} has to decode; a spreadsheet part declares no other entities.
 */
final class XmlEntities {

    private XmlEntities() {
    }

    /** Writes bytes [from, to) of {@code bytes} to {@code out}, each entity replaced by the UTF-8 of its character. */
    static void decode(byte[] bytes, int from, int to, ByteArrayOutputStream out) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b != '&') {
                out.write(b);
                continue;
            }
            int semicolon = i + 1;
            while (semicolon < to && bytes[semicolon] != ';') {
                semicolon++;
            }
            if (semicolon >= to) {
                throw new XmlText.Unexpected("an entity without its ';'");
            }
            out.writeBytes(character(new String(bytes, i + 1, semicolon - i - 1, StandardCharsets.US_ASCII))
                    .getBytes(StandardCharsets.UTF_8));
            i = semicolon;
        }
    }

    private static String character(String entity) {
        switch (entity) {
            case "lt": return "<";
            case "gt": return ">";
            case "amp": return "&";
            case "quot": return "\"";
            case "apos": return "'";
            default:
                try {
                    int code = entity.startsWith("#x") ? Integer.parseInt(entity.substring(2), 16)
                            : entity.startsWith("#") ? Integer.parseInt(entity.substring(1)) : -1;
                    if (code >= 0 && Character.isValidCodePoint(code)) {
                        return new String(Character.toChars(code));
                    }
                } catch (NumberFormatException e) {
                    // not a character reference either
                }
                throw new XmlText.Unexpected("an entity the scanner does not know: &" + entity + ";");
        }
    }
}
