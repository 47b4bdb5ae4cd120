package io.bulkimport.parse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Looks inside an .xlsx (a zip) before it is parsed: it must be a zip with a workbook in it, and its entries must
 * not expand absurdly (a zip bomb dressed as a spreadsheet would otherwise hold the import for hours).
 */
final class XlsxGuard {

    static final long MAX_EXPANDED_BYTES = 4L * 1024 * 1024 * 1024;
    static final long MAX_RATIO = 200;
    private static final long RATIO_CHECK_FROM = 50L * 1024 * 1024;

    private XlsxGuard() {
    }

    static void requireWorkbook(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            boolean workbook = false;
            long expanded = 0;
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                workbook |= entry.getName().equals("xl/workbook.xml");
                long size = entry.getSize();
                long packed = entry.getCompressedSize();
                if (size < 0 || packed < 0) {
                    continue;
                }
                expanded += size;
                if (size > RATIO_CHECK_FROM && packed > 0 && size / packed > MAX_RATIO) {
                    throw new UnreadableFileException("the workbook looks like a zip bomb: " + entry.getName()
                            + " expands " + (size / packed) + " times (more than " + MAX_RATIO + ")");
                }
            }
            if (expanded > MAX_EXPANDED_BYTES) {
                throw new UnreadableFileException("the workbook expands to more than " + MAX_EXPANDED_BYTES + " bytes");
            }
            if (!workbook) {
                throw new UnreadableFileException("the file is a zip but not an Excel workbook (no xl/workbook.xml)");
            }
        } catch (IOException e) {
            throw new UnreadableFileException("the file is not a readable Excel workbook (not a zip: " + e.getMessage() + ")", e);
        }
    }
}
