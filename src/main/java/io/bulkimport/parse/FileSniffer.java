package io.bulkimport.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Looks at the first 64 KiB once, before streaming starts, because binary content and the delimiter have to be known
 * before the first record can be parsed. The charset is decided over the whole file, not from this sample.
 */
final class FileSniffer {

    /** Big enough to hold the header of any real export plus a good sample of rows, small enough to hold in memory. */
    static final int PREFIX_BYTES = 64 * 1024;

    private FileSniffer() {
    }

    /**
     * The charset is the one the import already knows ({@code known}, decided at intake over the whole file or
     * forced), else the whole file is read once to decide it ({@link EncodingDetector}). The delimiter is, in this
     * order: the one Excel's {@code sep=} first line names (that line is then skipped), tab for a file named
     * {@code .tsv}, else the guess from the header line.
     */
    static TextFormat sniff(Path file, String fileName, Charset known) {
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
        return format(prefix, fileName, known != null ? known : decide(file, prefix, wholeFile));
    }

    /**
     * What the first {@link #PREFIX_BYTES} of a file say once its charset is known; the same conclusion whoever asks
     * (the reader, or intake counting the file's rows as the bytes go by: {@link CsvRowCounter}).
     *
     * @param prefix  the file's first bytes, at most {@link #PREFIX_BYTES}
     * @param decided the file's charset; "UTF-16" without an order becomes the order its BOM names
     * @throws UnreadableFileException when the prefix holds nothing but a BOM, or is not text
     */
    static TextFormat format(byte[] prefix, String fileName, Charset decided) {
        Charset charset = EncodingDetector.withByteOrder(decided, prefix);
        int bom = EncodingDetector.bomLength(prefix, charset);
        if (prefix.length == bom) {
            throw new UnreadableFileException("the file is empty");
        }
        BinaryContentCheck.requireText(prefix, bom, charset);
        String text = new String(prefix, bom, prefix.length - bom, charset);
        Optional<SeparatorLine.Found> hint = SeparatorLine.find(text);
        if (hint.isPresent()) {
            int lineBytes = text.substring(0, hint.get().length()).getBytes(charset).length;
            return new TextFormat(charset, bom + lineBytes, 1, hint.get().delimiter());
        }
        char delimiter = isTsv(fileName) ? '\t' : DelimiterGuesser.guess(text);
        return new TextFormat(charset, bom, 0, delimiter);
    }

    private static Charset decide(Path file, byte[] prefix, boolean wholeFile) {
        if (wholeFile) {
            EncodingDetector detector = new EncodingDetector();
            detector.update(prefix, 0, prefix.length);
            return detector.charset();
        }
        try {
            return EncodingDetector.of(file);
        } catch (IOException e) {
            throw new UnreadableFileException("the file could not be read (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isTsv(String fileName) {
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".tsv");
    }
}
