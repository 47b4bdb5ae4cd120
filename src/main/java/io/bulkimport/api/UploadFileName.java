package io.bulkimport.api;

/** Makes a user-supplied file name safe to show and to judge the format by; it never becomes a path. */
final class UploadFileName {

    private static final int MAX = 200;
    /**
     * The longest name an upload may give, in UTF-8 bytes of its last path segment: 255, the NAME_MAX of ext4, XFS
     * and most file systems, so no name a real file could have is refused.
     */
    static final int MAX_GIVEN_BYTES = 255;

    private UploadFileName() {
    }

    static String of(String given, String contentType) {
        String name = given == null ? "" : given;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[\\p{Cc}\"]", "").strip();
        while (name.startsWith(".")) {
            name = name.substring(1);
        }
        if (name.length() > MAX) {
            int dot = name.lastIndexOf('.');
            String ext = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
            name = name.substring(0, MAX - ext.length()) + ext;
        }
        if (name.isEmpty()) {
            name = contentType != null && contentType.contains("spreadsheetml") ? "upload.xlsx" : "upload.csv";
        }
        return name;
    }

    /**
     * Refuses a name an upload gives ({@code ?filename=}, {@code Content-Disposition}) whose last path segment is
     * longer than {@link #MAX_GIVEN_BYTES} bytes in UTF-8, with an {@link IllegalArgumentException} saying so; a
     * shorter one is then made safe by {@link #of} as any other. Null passes.
     */
    static String requireNotTooLong(String given) {
        if (given == null) {
            return null;
        }
        String last = given.substring(Math.max(given.lastIndexOf('/'), given.lastIndexOf('\\')) + 1);
        int bytes = last.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_GIVEN_BYTES) {
            throw new IllegalArgumentException("the file name is " + bytes + " bytes long in UTF-8, longer than the "
                    + MAX_GIVEN_BYTES + " a file name may have");
        }
        return given;
    }
}
