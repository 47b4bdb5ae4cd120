package io.bulkimport.parse;

import java.nio.charset.Charset;

/** How the bytes of one file must be decoded and split: what {@link FileSniffer} concluded from its first 64 KiB. */
record TextFormat(Charset charset, int bomLength, char delimiter) {
}
