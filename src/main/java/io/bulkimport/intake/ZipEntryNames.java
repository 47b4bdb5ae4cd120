package io.bulkimport.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names of a zip archive's entries as a person sees them: decoded, reduced to the base name (an entry's folders,
 * and any {@code ..} or absolute prefix, never reach a path on disk or the name shown), without control or format
 * characters, and distinct within the archive ({@code orders.csv}, {@code orders (2).csv}). Also tells which entries
 * are not a person's files at all (folders, macOS {@code __MACOSX/} and {@code ._x} forks, dot files, Windows
 * {@code Thumbs.db}), and which files are imported. One instance per archive.
 */
final class ZipEntryNames {

    /** The extensions a file of a zip must have to be imported, as the inbox takes them, plus macro workbooks. */
    static final List<String> IMPORTED = List.of("csv", "tsv", "txt", "xlsx", "xlsm");

    private static final int MAX_LENGTH = 200;
    private static final Set<String> SYSTEM_FILES = Set.of("thumbs.db", "desktop.ini");
    private static final Charset LEGACY = legacyCharset();

    private final Set<String> taken = new HashSet<>();

    /**
     * Decodes an entry's raw name. The zip format (PKWARE APPNOTE 4.4.4 and appendix D) says: UTF-8 when general purpose
     * bit 11 is set, else IBM code page 437. Many tools write UTF-8 without setting the bit, so bytes that are valid
     * UTF-8 are read as UTF-8, and only the others as code page 437 (ISO-8859-1 where the JDK lacks it).
     */
    static String decode(byte[] raw, boolean utf8Flag) {
        if (utf8Flag) {
            return new String(raw, StandardCharsets.UTF_8);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return new String(raw, LEGACY);
        }
    }

    /**
     * Whether an entry is left out without a word: a folder entry (the files below folders are taken: a person zips
     * a folder), anything under {@code __MACOSX/} or a hidden folder, a dot file ({@code .DS_Store}, {@code ._x.csv}),
     * {@code Thumbs.db} or {@code desktop.ini}.
     */
    static boolean skipped(String path, boolean directory) {
        if (directory || path.endsWith("/") || path.endsWith("\\")) {
            return true;
        }
        String[] segments = path.split("[/\\\\]");
        for (String segment : segments) {
            if (segment.equalsIgnoreCase("__MACOSX")
                    || segment.startsWith(".") && !segment.equals(".") && !segment.equals("..")) {
                return true;
            }
        }
        return SYSTEM_FILES.contains(segments[segments.length - 1].toLowerCase(Locale.ROOT));
    }

    /** Whether a file of this (base) name is imported: its extension is one of {@link #IMPORTED}. */
    static boolean imported(String name) {
        return IMPORTED.contains(extension(name));
    }

    /** The name's extension in lower case, without the dot; empty for none. */
    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * The name a person sees for the entry at {@code path}: its last segment, without control and format characters
     * (a right-to-left override could fake the extension shown), at most 200 characters keeping the extension, and
     * not equal (ignoring case) to a name given before in this archive.
     */
    String personName(String path) {
        String name = baseName(path);
        String key = name.toLowerCase(Locale.ROOT);
        if (!taken.add(key)) {
            int dot = name.lastIndexOf('.');
            String stem = dot > 0 ? name.substring(0, dot) : name;
            String ext = dot > 0 ? name.substring(dot) : "";
            for (int n = 2; !taken.add(key); n++) {
                name = stem + " (" + n + ")" + ext;
                key = name.toLowerCase(Locale.ROOT);
            }
        }
        return name;
    }

    static String baseName(String path) {
        String name = "";
        for (String segment : path.split("[/\\\\]")) {
            if (!segment.isBlank()) {
                name = segment;
            }
        }
        name = name.replaceAll("[\\p{Cc}\\p{Cf}]", "").strip();
        if (name.equals("..") || name.equals(".") || name.isEmpty()) {
            name = "unnamed";
        }
        if (name.length() > MAX_LENGTH) {
            int dot = name.lastIndexOf('.');
            String ext = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
            name = name.substring(0, MAX_LENGTH - ext.length()) + ext;
        }
        return name;
    }

    private static Charset legacyCharset() {
        try {
            return Charset.forName("IBM437");
        } catch (IllegalArgumentException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }
}
