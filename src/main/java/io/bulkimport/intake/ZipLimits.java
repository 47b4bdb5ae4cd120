package io.bulkimport.intake;

/**
 * How far a zip archive may expand before it is refused as a zip bomb (issue #14, part 3). The numbers are the xlsx
 * reader's (parse/XlsxGuard: 4 GiB expanded, 200 times from 50 MiB), since an xlsx is a zip too; the count of files is
 * the one limit a workbook does not need. Settable as {@code import.zip-*} (application.properties).
 *
 * @param maxFiles         the most files one archive may bring (folders and skipped noise such as {@code __MACOSX/}
 *                         not counted); more, and the whole archive is refused
 * @param maxExpandedBytes the most bytes the archive's files may expand to together; a file past it is refused, with
 *                         every file after it
 * @param maxRatio         the most times a file may expand its compressed size, once it is past {@code ratioFromBytes};
 *                         a file past it is refused alone
 * @param ratioFromBytes   the expanded size from which the ratio is judged (small files of one repeated value compress
 *                         very well and are harmless)
 */
public record ZipLimits(int maxFiles, long maxExpandedBytes, long maxRatio, long ratioFromBytes) {

    /** The defaults of application.properties. */
    public static final ZipLimits DEFAULT = new ZipLimits(1000, 4L * 1024 * 1024 * 1024, 200, 50L * 1024 * 1024);

    /** @throws IllegalArgumentException naming the setting, when one is not positive */
    public ZipLimits {
        if (maxFiles < 1 || maxExpandedBytes < 1 || maxRatio < 1 || ratioFromBytes < 0) {
            throw new IllegalArgumentException("import.zip-max-files, import.zip-max-expanded-bytes and import.zip-max-ratio"
                    + " must be positive, import.zip-ratio-from-bytes zero or more; were " + maxFiles + ", "
                    + maxExpandedBytes + ", " + maxRatio + ", " + ratioFromBytes);
        }
    }
}
