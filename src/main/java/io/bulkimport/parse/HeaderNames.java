package io.bulkimport.parse;

import java.util.Locale;
import java.util.regex.Pattern;

/** Turns header cells into a spelling-insensitive key, so "E-mail", "e_mail" and " E Mail " all match "email". */
public final class HeaderNames {

    // NBSP included because Excel exports sometimes use it where a person typed a space
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\u00A0_-]+");

    private HeaderNames() {
    }

    public static String normalize(String header) {
        if (header == null) {
            return "";
        }
        return SEPARATORS.matcher(header.toLowerCase(Locale.ROOT)).replaceAll("");
    }
}
