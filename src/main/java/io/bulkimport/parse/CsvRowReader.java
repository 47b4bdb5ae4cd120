package io.bulkimport.parse;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the rows of a CSV/TSV file through commons-csv, one record in memory at a time.
 *
 * <p>Row numbers are what a spreadsheet would show: every record (not line) takes a number, including
 * empty ones (blank, or only delimiters and white space: {@link EmptyRow}), which are skipped. Empty rows before
 * the header are skipped too, so the header is row 1 unless the file starts with empty lines. Excel's
 * {@code sep=} first line takes no number: Excel hides it.
 */
public final class CsvRowReader implements RowReader {

    /**
     * Stands in for bytes that are not valid in the file's encoding. U+FFFF is a noncharacter, never found in real
     * text, so a cell that holds it is known to have had bad bytes.
     */
    public static final String INVALID_BYTES = "\uFFFF";

    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final CountingInputStream counter;
    private final RecordSizeGuard guard;
    private final Charset charset;
    /** lines before the first record the parser sees (Excel's sep= line), for line numbers in messages */
    private final int headLines;
    private List<String> header = List.of();
    /** row number of the last record taken from the parser, blank or not */
    private long lastRowNumber;
    private Row pending;
    private boolean finished;
    private UnreadableFileException failure;

    private CsvRowReader(CSVParser parser, CountingInputStream counter, RecordSizeGuard guard, TextFormat format) {
        this.parser = parser;
        this.records = parser.iterator();
        this.counter = counter;
        this.guard = guard;
        this.charset = format.charset();
        this.headLines = format.headLines();
    }

    /** Opens the file with nothing known about it beforehand: {@link #open(Path, String, CsvDialect)} with the default. */
    public static CsvRowReader open(Path file, String fileName) {
        return open(file, fileName, CsvDialect.DEFAULT);
    }

    /**
     * Opens the file and reads its header. fileName (the name the file was uploaded under) is used only
     * for its extension: ".tsv" means tab-separated, anything else has its delimiter guessed (see {@link FileSniffer}).
     *
     * @param dialect what the import knows already: the charset, an escape character
     * @throws UnreadableFileException if the file is empty, binary, has no data rows or is not parseable
     */
    public static CsvRowReader open(Path file, String fileName, CsvDialect dialect) {
        TextFormat format = FileSniffer.sniff(file, fileName, dialect.charset());
        CsvRowReader reader = openStream(file, format, dialect.escape());
        try {
            Row first = reader.nextNonEmptyRow();
            if (first == null) {
                throw new UnreadableFileException("the file is empty");
            }
            if (first.problem() != null) {
                throw new UnreadableFileException("the header (row " + first.rowNumber() + ") cannot be read: " + first.problem());
            }
            reader.header = withoutLeadingBoms(first.values());
            if (!reader.hasNext()) {
                throw new UnreadableFileException("the file has a header but no data rows");
            }
            return reader;
        } catch (RuntimeException e) {
            reader.closeAfterFailure(e);
            throw e;
        }
    }

    private static CsvRowReader openStream(Path file, TextFormat format, Character escape) {
        if (escape != null && escape == format.delimiter()) {
            throw new UnreadableFileException("the escape character " + escape + " is also the file's delimiter");
        }
        InputStream raw = null;
        try {
            raw = Files.newInputStream(file);
            CountingInputStream counter = new CountingInputStream(new BufferedInputStream(raw, READ_BUFFER_BYTES));
            counter.skipNBytes(format.headBytes());
            RecordSizeGuard guard = new RecordSizeGuard(new InputStreamReader(counter, decoderFor(format.charset())));
            CSVParser parser = CSVFormat.RFC4180.builder()
                    .setDelimiter(format.delimiter())
                    .setEscape(escape)
                    // blank lines must come through as records, otherwise row numbers drift from the spreadsheet's
                    .setIgnoreEmptyLines(false)
                    .get()
                    .parse(guard);
            return new CsvRowReader(parser, counter, guard, format);
        } catch (IOException e) {
            closeQuietly(raw, e);
            throw new UnreadableFileException("the file could not be read (" + e.getMessage() + ")", e);
        }
    }

    private static CharsetDecoder decoderFor(Charset charset) {
        // Bytes that are not valid in the file's encoding become a marker the validator reports for that row alone,
        // with its exact row number (the decoder reads ahead, so failing the stream would name the wrong row). This
        // holds for windows-1252 too: its five unassigned bytes (81, 8D, 8F, 90, 9D) are reported, not turned into U+FFFD.
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).replaceWith(INVALID_BYTES);
    }

    /** A file saved twice with a BOM keeps a U+FEFF stuck to its first header name after the real BOM is skipped. */
    private static List<String> withoutLeadingBoms(List<String> header) {
        if (header.isEmpty() || !header.get(0).startsWith("\uFEFF")) {
            return header;
        }
        List<String> cleaned = new java.util.ArrayList<>(header);
        cleaned.set(0, header.get(0).replaceFirst("^\uFEFF+", ""));
        return List.copyOf(cleaned);
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public long bytesRead() {
        return counter.count();
    }

    @Override
    public boolean hasNext() {
        if (failure != null) {
            throw failure;
        }
        if (pending == null && !finished) {
            try {
                pending = nextNonEmptyRow();
                finished = pending == null;
            } catch (UnreadableFileException e) {
                // keep failing the same way so hasNext() stays idempotent
                failure = e;
                throw e;
            }
        }
        return pending != null;
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more rows after row " + lastRowNumber);
        }
        Row row = pending;
        pending = null;
        return row;
    }

    @Override
    public void close() throws IOException {
        finished = true;
        pending = null;
        parser.close();
    }

    private Row nextNonEmptyRow() {
        while (true) {
            // the line the next record starts on: the parser has just read the line break that ended the last one
            long firstLine = parser.getCurrentLineNumber() + 1;
            CSVRecord record;
            try {
                if (!records.hasNext()) {
                    return null;
                }
                record = records.next();
            } catch (RuntimeException e) {
                return unreadableRecord(e, firstLine);
            }
            lastRowNumber++;
            guard.recordTaken();
            if (!EmptyRow.isEmpty(record.values())) {
                return new Row(lastRowNumber, Arrays.asList(record.values()));
            }
        }
    }

    /**
     * A record that breaks the quoting rules becomes a row of its own that carries the reason, and reading goes on
     * after it. The parser stopped inside the record; asked again, it reads the rest of it up to the next line break
     * outside quotes (as one more record, or more failures), which is dropped: the next record starts there. A quote
     * that is never closed takes the rest of the file, and the row says so. A failure of the file itself (reading,
     * the size limit) is thrown as {@link UnreadableFileException}.
     */
    private Row unreadableRecord(RuntimeException failure, long firstLine) {
        long rowNumber = ++lastRowNumber;
        CSVException problem = ParseFailures.brokenRecord(failure);
        if (problem == null) {
            throw ParseFailures.describe(failure, rowNumber, charset);
        }
        boolean swallowedEnd = ParseFailures.endsInsideQuotes(problem);
        while (true) {
            try {
                if (records.hasNext()) {
                    records.next();
                }
                break;
            } catch (RuntimeException again) {
                CSVException more = ParseFailures.brokenRecord(again);
                if (more == null) {
                    throw ParseFailures.describe(again, rowNumber, charset);
                }
                swallowedEnd |= ParseFailures.endsInsideQuotes(more);
            }
        }
        guard.recordTaken();
        long lastLine = Math.max(firstLine, parser.getCurrentLineNumber());
        return Row.unreadable(rowNumber, ParseFailures.rowProblem(problem, swallowedEnd, firstLine + headLines, lastLine + headLines));
    }

    private void closeAfterFailure(RuntimeException failure) {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void closeQuietly(InputStream in, Exception failure) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
