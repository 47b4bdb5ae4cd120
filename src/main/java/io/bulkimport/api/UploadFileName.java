package io.bulkimport.api;

/** Makes a user-supplied file name safe to show and to judge the format by; it never becomes a path. */
final class UploadFileName {

    private static final int MAX = 200;

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
}
