package io.bulkimport.parse;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.util.Locale;
import org.apache.commons.csv.CSVException;

/**
 * Turns what commons-csv and the decoder throw mid-file into one sentence an operator can act on. The raw messages
 * speak of lines and tokens; people look for the spreadsheet row.
 *
 * <p>Two kinds: a record whose text breaks the quoting rules of RFC 4180 (the parser can go on after it: that row is
 * reported, see {@link #rowProblem}), and a failure of the file itself, which stops the import ({@link #describe}).
 */
final class ParseFailures {

    private ParseFailures() {
    }

    /**
     * The parser's complaint about the text of one record, or null when the failure is about the file (reading it, a
     * record over {@link RecordSizeGuard#MAX_RECORD_CHARS}, decoding).
     */
    static CSVException brokenRecord(RuntimeException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CSVException csv) {
                return csv;
            }
            if (t instanceof RecordSizeGuard.RecordTooLargeException) {
                return null;
            }
        }
        return null;
    }

    /** Whether the parser reached the end of the file inside a quoted cell. */
    static boolean endsInsideQuotes(CSVException problem) {
        return lower(problem).contains("eof reached before encapsulated token finished");
    }

    /**
     * The reason reported for a row whose record breaks the quoting rules.
     *
     * @param first        what the parser said first about the record
     * @param swallowedEnd whether a quote in the record is never closed, so the record ran to the end of the file
     * @param firstLine    the file's line (1-based, as a text editor shows it) where the record starts
     * @param lastLine     the file's line where the record ends
     */
    static String rowProblem(CSVException first, boolean swallowedEnd, long firstLine, long lastLine) {
        String lines = lastLine > firstLine ? "lines " + firstLine + "-" + lastLine : "line " + firstLine;
        if (endsInsideQuotes(first)) {
            return "a quoted cell is never closed, so the rest of the file (" + lines + ") was read as this row";
        }
        String what = lower(first).contains("invalid character between encapsulated token and delimiter")
                ? "text after the closing quote of a quoted cell: a quote inside a quoted cell must be doubled (\"\"),"
                        + " or, if the file writes it as \\\", import it with escape=\\"
                : "the row is not valid CSV (" + first.getMessage() + ")";
        return swallowedEnd
                ? what + "; a quoted cell after it is never closed, so the rest of the file (" + lines + ") was read as this row"
                : what + " (" + lines + " of the file)";
    }

    /** @param rowNumber the row whose record was being read when reading the file failed */
    static UnreadableFileException describe(RuntimeException failure, long rowNumber, Charset charset) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CharacterCodingException) {
                // the decoder reads ahead a few KB, so the bad bytes are at this row or shortly after it
                return new UnreadableFileException(
                        "the file is not valid " + displayName(charset) + " near row " + rowNumber, failure);
            }
            if (t instanceof RecordSizeGuard.RecordTooLargeException) {
                return new UnreadableFileException("row " + rowNumber + " is longer than "
                        + RecordSizeGuard.MAX_RECORD_CHARS + " characters, probably an unterminated quoted field"
                        + " starting at row " + rowNumber, failure);
            }
        }
        if (failure.getCause() instanceof IOException io) {
            return new UnreadableFileException(
                    "the file could not be read near row " + rowNumber + " (" + io.getMessage() + ")", failure);
        }
        return new UnreadableFileException(
                "the file could not be parsed near row " + rowNumber + " (" + failure.getMessage() + ")", failure);
    }

    private static String lower(CSVException problem) {
        return problem.getMessage() == null ? "" : problem.getMessage().toLowerCase(Locale.ROOT);
    }

    private static String displayName(Charset charset) {
        return EncodingDetector.isUtf16(charset) ? "UTF-16" : charset.name();
    }
}
