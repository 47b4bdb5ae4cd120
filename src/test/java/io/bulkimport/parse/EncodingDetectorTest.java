package io.bulkimport.parse;

import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;

class EncodingDetectorTest {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    @Test
    void decides_windows_1252_when_the_first_curly_quote_comes_after_64_kib_of_ascii() {
        // given 1,800 ASCII rows, then a windows-1252 row with curly quotes, an en dash and an accent
        byte[] file = concat(asciiRows(1800), "Siobhán O’Neil,“VIP” since 2019 – call first\r\n".getBytes(WINDOWS_1252));

        // when / then
        assertThat(file.length).isGreaterThan(64 * 1024);
        assertThat(detect(file)).isEqualTo(WINDOWS_1252);
    }

    @Test
    void keeps_utf8_for_a_utf8_file_with_a_few_stray_bytes_anywhere() {
        // given UTF-8 accents late in the file, and stray windows-1252 bytes early and late
        byte[] file = concat("name\nM".getBytes(UTF_8), new byte[] {(byte) 0xFC}, "ller\n".getBytes(UTF_8), asciiRows(2000),
                "Zoë\n".getBytes(UTF_8), new byte[] {(byte) 0xFF, (byte) 0xFE});

        // when / then the valid sequence says UTF-8; the bad bytes are reported in their rows when read
        assertThat(detect(file)).isEqualTo(UTF_8);
    }

    @Test
    void decides_utf8_for_plain_ascii_and_for_an_empty_file() {
        // when / then
        assertThat(detect(asciiRows(10))).isEqualTo(UTF_8);
        assertThat(detect(new byte[0])).isEqualTo(UTF_8);
    }

    @Test
    void decides_windows_1252_for_ascii_with_bytes_that_are_never_utf8() {
        // given a lone 0xE9 (é in windows-1252) after more than 64 KiB
        byte[] file = concat(asciiRows(3000), new byte[] {'C', 'a', 'f', (byte) 0xE9, '\n'});

        // when / then
        assertThat(detect(file)).isEqualTo(WINDOWS_1252);
    }

    @Test
    void lets_a_byte_order_mark_decide_even_when_it_arrives_byte_by_byte() {
        // given
        byte[] utf16le = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "a,b\r\nZoë,1\r\n".getBytes(UTF_16LE));
        byte[] utf16be = concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, "a,b\r\n".getBytes(UTF_16BE));
        byte[] utf8 = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "a\n".getBytes(UTF_8));

        // when / then
        for (int chunk : new int[] {1, 2, 1 << 16}) {
            assertThat(detect(utf16le, chunk)).isEqualTo(UTF_16LE);
            assertThat(detect(utf16be, chunk)).isEqualTo(UTF_16BE);
            assertThat(detect(utf8, chunk)).isEqualTo(UTF_8);
        }
    }

    @Test
    void measures_only_the_bom_of_the_charset_in_use() {
        // given
        byte[] utf8Bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a'};
        byte[] utf16Bom = {(byte) 0xFF, (byte) 0xFE, 'a', 0};

        // when / then
        assertThat(EncodingDetector.bomLength(utf8Bom, UTF_8)).isEqualTo(3);
        assertThat(EncodingDetector.bomLength(utf8Bom, WINDOWS_1252)).isZero();
        assertThat(EncodingDetector.bomLength(utf16Bom, UTF_16LE)).isEqualTo(2);
        assertThat(EncodingDetector.bomLength(new byte[] {'a'}, UTF_8)).isZero();
        assertThat(EncodingDetector.withByteOrder(java.nio.charset.StandardCharsets.UTF_16, utf16Bom)).isEqualTo(UTF_16LE);
        assertThat(EncodingDetector.withByteOrder(java.nio.charset.StandardCharsets.UTF_16, new byte[] {0, 'a'})).isEqualTo(UTF_16BE);
    }

    private static Charset detect(byte[] file) {
        return detect(file, 8192);
    }

    private static Charset detect(byte[] file, int chunk) {
        EncodingDetector detector = new EncodingDetector();
        for (int i = 0; i < file.length; i += chunk) {
            detector.update(file, i, Math.min(chunk, file.length - i));
        }
        return detector.charset();
    }

    private static byte[] asciiRows(int rows) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= rows; i++) {
            text.append(String.format("%04d,Person number %04d,an ordinary note for row %04d\r\n", i, i, i));
        }
        return text.toString().getBytes(UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
