package io.bulkimport.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Looks at the first 64 KiB once, before streaming starts, because encoding, binary content and the
 * delimiter all have to be known before the first record can be parsed.
 */
final class FileSniffer {

    /** Big enough to hold the header of any real export plus a good sample of rows, small enough to hold in memory. */
    static final int PREFIX_BYTES = 64 * 1024;

    private FileSniffer() {
    }

    static TextFormat sniff(Path file, String fileName) {
        byte[] prefix;
        boolean wholeFile;
        try (InputStream in = Files.newInputStream(file)) {
            prefix = in.readNBytes(PREFIX_BYTES);
            wholeFile = in.read() == -1;
        } catch (NoSuchFileException e) {
            throw new UnreadableFileException("the file does not exist", e);
        } catch (IOException e) {
            throw new UnreadableFileException("the file could not be read (" + e.getMessage() + ")", e);
        }
        if (prefix.length == 0) {
            throw new UnreadableFileException("the file is empty");
        }
        EncodingDetector.Detected encoding = EncodingDetector.detect(prefix, wholeFile);
        if (prefix.length == encoding.bomLength()) {
            throw new UnreadableFileException("the file is empty");
        }
        BinaryContentCheck.requireText(prefix, encoding.bomLength(), encoding.charset());
        char delimiter = isTsv(fileName)
                ? '\t'
                : DelimiterGuesser.guess(new String(prefix, encoding.bomLength(),
                        prefix.length - encoding.bomLength(), encoding.charset()));
        return new TextFormat(encoding.charset(), encoding.bomLength(), delimiter);
    }

    private static boolean isTsv(String fileName) {
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".tsv");
    }
}
