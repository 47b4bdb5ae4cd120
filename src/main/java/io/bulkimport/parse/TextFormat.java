package io.bulkimport.parse;

import java.nio.charset.Charset;

/**
 * How the bytes of one file must be decoded and split: what {@link FileSniffer} concluded before the first record.
 *
 * @param charset     the file's charset
 * @param headBytes   bytes before the first record the parser sees: a byte order mark and Excel's {@code sep=} line
 * @param headLines   lines in those bytes (1 with a {@code sep=} line, else 0), so messages can name the file's lines
 * @param delimiter   the cell delimiter
 */
record TextFormat(Charset charset, int headBytes, int headLines, char delimiter) {
}
