package io.bulkimport.parse;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns header cells into a spelling-insensitive key, so "E-mail", "e_mail" and " E Mail " all match "email", and
 * "Téléphone" matches "Telephone" (accents go: Unicode canonical decomposition, NFD, without its combining marks).
 */
public final class HeaderNames {

    // NBSP included because Excel exports sometimes use it where a person typed a space
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\u00A0_-]+");
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

    private HeaderNames() {
    }

    public static String normalize(String header) {
        if (header == null) {
            return "";
        }
        String plain = COMBINING_MARKS.matcher(java.text.Normalizer.normalize(header, java.text.Normalizer.Form.NFD)).replaceAll("");
        return SEPARATORS.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll("");
    }
}
