package io.bulkimport.parse;

/**
 * Counts the records of CSV text that hold something, in one tight loop over its bytes, splitting them as the
 * reader's parser does (commons-csv's Lexer with {@code CSVFormat.RFC4180}): a quote opens a quoted cell only at the
 * start of a cell, {@code ""} inside it is a quote, white space after the closing quote is dropped and anything else
 * there breaks the record (the reader reports it as a row and starts a new cell after the bad character); the escape
 * character, if any, makes the next character plain; CR, LF and CRLF outside quotes end a record. A record counts
 * when a cell of it holds more than white space ({@link EmptyRow}).
 *
 * <p>Bytes are ASCII-compatible code units: the bytes of UTF-8 or of a single-byte charset, or the units of UTF-16
 * mapped onto bytes by {@link CsvRowCounter}. What a byte above 0x7F means depends on the charset, which is not
 * decided before the last byte (windows-1252 or UTF-8), so both readings are counted side by side: a record of only
 * no-break spaces is empty in either, but they are A0 in one and C2 A0 in the other. Both readings split records
 * the same way, except after a closing quote, where a byte above 0x7F makes the count {@link #ambiguous()}.
 */
final class CsvRecordScanner {

    /** The byte classes, in the table of bytes outside quotes and in the one of bytes inside quotes. */
    private static final byte TEXT = 0;
    private static final byte SPACE = 1;
    private static final byte EOL = 2;
    private static final byte QUOTE = 3;
    private static final byte DELIMITER = 4;
    private static final byte ESCAPE = 5;
    private static final byte HIGH = 6;

    /** Where the parser is: at the start of a cell, in an unquoted one, in a quoted one, … */
    private static final int CELL_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;
    private static final int AFTER_CLOSING_QUOTE = 4;
    private static final int ESCAPED = 5;
    private static final int ESCAPED_IN_QUOTED = 6;

    /** A record's content, as a bit per reading: it holds more than white space read as UTF-8, as single bytes. */
    static final int UTF8 = 1;
    static final int SINGLE = 2;
    private static final int BOTH = UTF8 | SINGLE;

    private final byte[] outside = new byte[256];
    private final byte[] inside = new byte[256];
    /** per byte after an escape character: true when what it stands for is white space ({@code \t}, {@code \n}, …) */
    private final boolean[] escapedBlank = new boolean[256];
    /** per byte: true when it changes nothing in a cell of a record that holds something already, unquoted or quoted */
    private final boolean[] quietOutside = new boolean[256];
    private final boolean[] quietInside = new boolean[256];
    /** per byte above 0x7F: true when the single-byte charset makes it white space (windows-1252: A0, a no-break space) */
    private final boolean[] singleBlank;

    private int state = CELL_START;
    private int content;
    private long position;
    private boolean ambiguous;
    private final long[] records = new long[BOTH + 1];
    /** the UTF-8 reading: the bytes so far of a sequence that may still turn out to be white space, and where it ended */
    private int sequence;
    private long sequenceEnd = -2;

    /**
     * @param delimiter   the cell delimiter, an ASCII character
     * @param escape      the escape character, ASCII, or -1 for none
     * @param singleBlank per byte value, whether the single-byte reading takes it for white space
     */
    CsvRecordScanner(char delimiter, int escape, boolean[] singleBlank) {
        this.singleBlank = singleBlank;
        for (int b = 0; b < 256; b++) {
            byte kind = b >= 0x80 ? HIGH : isSpace(b) ? SPACE : TEXT;
            outside[b] = kind;
            inside[b] = kind;
        }
        outside['\r'] = EOL;
        outside['\n'] = EOL;
        inside['\r'] = SPACE;
        inside['\n'] = SPACE;
        outside['"'] = QUOTE;
        inside['"'] = QUOTE;
        outside[delimiter] = DELIMITER;
        if (escape >= 0) {
            outside[escape] = ESCAPE;
            inside[escape] = ESCAPE;
        }
        for (char c : new char[] {'t', 'n', 'r', 'f', '\t', '\n', '\r', '\f'}) {
            escapedBlank[c] = true;
        }
        for (int b = 0; b < 256; b++) {
            quietOutside[b] = outside[b] != DELIMITER && outside[b] != EOL && outside[b] != ESCAPE;
            quietInside[b] = inside[b] != QUOTE && inside[b] != ESCAPE;
        }
    }

    /** Takes the next bytes of the text, in order. */
    void scan(byte[] bytes, int from, int to) {
        int state = this.state;
        int content = this.content;
        for (int i = from; i < to; i++) {
            if (content == BOTH) {
                // the record holds something already: inside a cell only the bytes that end it matter
                if (state == UNQUOTED) {
                    while (i < to && quietOutside[bytes[i] & 0xFF]) {
                        i++;
                    }
                } else if (state == QUOTED) {
                    while (i < to && quietInside[bytes[i] & 0xFF]) {
                        i++;
                    }
                }
                if (i == to) {
                    break;
                }
            }
            int b = bytes[i] & 0xFF;
            switch (state) {
                case CELL_START, UNQUOTED -> {
                    switch (outside[b]) {
                        case TEXT -> {
                            content = BOTH;
                            state = UNQUOTED;
                        }
                        case SPACE -> state = UNQUOTED;
                        case DELIMITER -> state = CELL_START;
                        case EOL -> {
                            endRecord(content);
                            content = 0;
                            state = CELL_START;
                        }
                        case QUOTE -> {
                            if (state == CELL_START) {
                                state = QUOTED;
                            } else {
                                content = BOTH;
                            }
                        }
                        case ESCAPE -> state = ESCAPED;
                        default -> {
                            content = content == BOTH ? BOTH : high(b, content, position + i - from);
                            state = UNQUOTED;
                        }
                    }
                }
                case QUOTED -> {
                    switch (inside[b]) {
                        case TEXT -> content = BOTH;
                        case QUOTE -> state = QUOTE_IN_QUOTED;
                        case ESCAPE -> state = ESCAPED_IN_QUOTED;
                        case HIGH -> content = content == BOTH ? BOTH : high(b, content, position + i - from);
                        default -> { }
                    }
                }
                case QUOTE_IN_QUOTED, AFTER_CLOSING_QUOTE -> {
                    byte kind = outside[b];
                    if (kind == QUOTE && state == QUOTE_IN_QUOTED) {
                        content = BOTH;
                        state = QUOTED;
                    } else if (kind == DELIMITER) {
                        state = CELL_START;
                    } else if (kind == EOL) {
                        endRecord(content);
                        content = 0;
                        state = CELL_START;
                    } else if (kind == SPACE) {
                        state = AFTER_CLOSING_QUOTE;
                    } else {
                        // text after the closing quote: a broken record, a row of its own; the next character starts a cell
                        ambiguous |= kind == HIGH;
                        content = BOTH;
                        state = CELL_START;
                    }
                }
                case ESCAPED -> {
                    content = escapedBlank[b] ? content : BOTH;
                    state = UNQUOTED;
                }
                default -> {
                    content = escapedBlank[b] ? content : BOTH;
                    state = QUOTED;
                }
            }
        }
        position += to - from;
        this.state = state;
        this.content = content;
    }

    /** The end of the text: a quote never closed, or an escape character with nothing after it, is a row too. */
    void finish() {
        if (state == QUOTED || state == ESCAPED || state == ESCAPED_IN_QUOTED) {
            content = BOTH;
        }
        endRecord(content);
        content = 0;
        state = CELL_START;
    }

    /** @param reading {@link #UTF8} or {@link #SINGLE} */
    long records(int reading) {
        return records[reading];
    }

    /** Whether the two readings could split records differently, so that neither count can be trusted. */
    boolean ambiguous() {
        return ambiguous;
    }

    private void endRecord(int content) {
        if (sequence != 0) {
            // a sequence cut off by the end of the record is a bad byte in UTF-8: something, not white space
            content |= UTF8;
            sequence = 0;
        }
        records[UTF8] += content & UTF8;
        records[SINGLE] += (content & SINGLE) >>> 1;
    }

    /**
     * A byte above 0x7F in a record that is empty so far in one reading at least. In the single-byte reading it is
     * white space or not by the table. In UTF-8 only the sequences of the white-space characters of
     * {@link EmptyRow#isBlank} above U+007F are white space (U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F,
     * U+205F, U+3000); any other sequence, or a broken one, is something.
     */
    private int high(int b, int content, long at) {
        int next = content | (singleBlank[b] ? 0 : SINGLE);
        if (sequence != 0) {
            int longer = sequence << 8 | b;
            boolean continues = at == sequenceEnd + 1;
            sequence = 0;
            if (continues && isWhiteSpaceSequence(longer)) {
                return next;
            }
            if (continues && startsWhiteSpaceSequence(longer)) {
                sequence = longer;
                sequenceEnd = at;
                return next;
            }
            return next | UTF8;
        }
        if (startsWhiteSpaceSequence(b)) {
            sequence = b;
            sequenceEnd = at;
            return next;
        }
        return next | UTF8;
    }

    private static boolean startsWhiteSpaceSequence(int bytes) {
        return bytes == 0xC2 || bytes == 0xE1 || bytes == 0xE2 || bytes == 0xE3
                || bytes == 0xE19A || bytes == 0xE280 || bytes == 0xE281 || bytes == 0xE380;
    }

    private static boolean isWhiteSpaceSequence(int bytes) {
        return bytes == 0xC2A0 || bytes == 0xE19A80 || (bytes >= 0xE28080 && bytes <= 0xE2808A) || bytes == 0xE280A8
                || bytes == 0xE280A9 || bytes == 0xE280AF || bytes == 0xE2819F || bytes == 0xE38080;
    }

    /** ASCII white space as {@link Character#isWhitespace} has it, line breaks aside. */
    private static boolean isSpace(int b) {
        return b == ' ' || b == '\t' || b == 0x0B || b == '\f' || (b >= 0x1C && b <= 0x1F);
    }
}
