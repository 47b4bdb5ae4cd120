package io.bulkimport.parse;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.util.Locale;
import org.apache.commons.csv.CSVException;

/**
 * Turns what commons-csv and the strict decoder throw mid-file into one sentence an operator can act
 * on. The raw messages speak of lines and tokens; people look for the spreadsheet row.
 */
final class ParseFailures {

    private ParseFailures() {
    }

    /** @param rowNumber the row whose record was being read when parsing failed */
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
            if (t instanceof CSVException) {
                return fromParserMessage(t.getMessage(), rowNumber, failure);
            }
        }
        if (failure.getCause() instanceof IOException io) {
            return new UnreadableFileException(
                    "the file could not be read near row " + rowNumber + " (" + io.getMessage() + ")", failure);
        }
        return new UnreadableFileException(
                "the file could not be parsed near row " + rowNumber + " (" + failure.getMessage() + ")", failure);
    }

    private static UnreadableFileException fromParserMessage(String message, long rowNumber, RuntimeException failure) {
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (lower.contains("eof reached before encapsulated token finished")) {
            return new UnreadableFileException("unterminated quoted field starting at row " + rowNumber, failure);
        }
        if (lower.contains("invalid character between encapsulated token and delimiter")) {
            return new UnreadableFileException(
                    "unexpected text after a closing quote in row " + rowNumber
                            + " (quotes inside a quoted field must be doubled)", failure);
        }
        return new UnreadableFileException(
                "the file is not valid CSV at row " + rowNumber + " (" + message + ")", failure);
    }

    private static String displayName(Charset charset) {
        return EncodingDetector.isUtf16(charset) ? "UTF-16" : charset.name();
    }
}
