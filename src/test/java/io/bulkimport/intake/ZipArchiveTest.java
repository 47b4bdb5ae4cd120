package io.bulkimport.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkimport.parse.CsvDialect;
import io.bulkimport.parse.UnreadableFileException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipArchiveTest {

    @TempDir
    Path dir;

    private static final byte[] ORDERS = "order_id,sku\n1,A\n2,B\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void takes_the_files_below_folders_under_their_base_names_and_skips_the_folder_entries() throws IOException {
        // given a zipped folder with a sub-folder
        Path zip = zip(entry("exports/", new byte[0]), entry("exports/jan/orders.csv", ORDERS),
                entry("exports/top.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8)));

        // when it is extracted
        List<StagedFile> files = ZipArchive.extract(zip, "exports.zip", dir.resolve("out"));

        // then both files are there, under their base names, with their bytes
        assertThat(files).extracting(StagedFile::fileName).containsExactly("orders.csv", "top.csv");
        assertThat(files).allSatisfy(f -> assertThat(f.refusal()).isNull());
        assertThat(Files.readAllBytes(files.get(0).path())).isEqualTo(ORDERS);
        assertThat(files.get(0).sizeBytes()).isEqualTo(ORDERS.length);
    }

    @Test
    void fingerprints_each_file_on_its_way_to_disk_as_a_second_pass_would() throws IOException {
        // given a zip with a CSV file
        Path zip = zip(entry("orders.csv", ORDERS));

        // when it is extracted
        StagedFile file = ZipArchive.extract(zip, "o.zip", dir.resolve("out")).get(0);

        // then its fingerprint is the one of the bytes on disk
        FileFingerprint again = FileFingerprint.of(file.path(), file.fileName(), CsvDialect.DEFAULT);
        assertThat(file.fingerprint()).isEqualTo(again);
        assertThat(file.fingerprint().dataRows()).isEqualTo(2L);
    }

    @Test
    void skips_macos_forks_dot_files_hidden_folders_and_windows_thumbnails() throws IOException {
        // given what macOS and Windows put into a zip beside a person's file
        Path zip = zip(entry("__MACOSX/exports/._orders.csv", "junk".getBytes()), entry("exports/.DS_Store", "junk".getBytes()),
                entry("exports/._orders.csv", "junk".getBytes()), entry(".git/config.csv", "junk".getBytes()),
                entry("exports/Thumbs.db", "junk".getBytes()), entry("exports/orders.csv", ORDERS));

        // when it is extracted
        List<StagedFile> files = ZipArchive.extract(zip, "exports.zip", dir.resolve("out"));

        // then only the person's file is there
        assertThat(files).extracting(StagedFile::fileName).containsExactly("orders.csv");
    }

    @Test
    void never_writes_outside_the_folder_and_shows_only_a_clean_base_name() throws IOException {
        // given entries named to escape the folder, absolute ones, and names with control and bidi characters
        Path out = dir.resolve("a").resolve("out");
        Path zip = zip(entry("../../x.csv", ORDERS), entry("/etc/y.csv", ORDERS), entry("C:\\evil\\z.csv", ORDERS),
                entry("we\u0007ird\u202Egnp.csv", ORDERS), entry("..", ORDERS));

        // when it is extracted
        List<StagedFile> files = ZipArchive.extract(zip, "evil.zip", out);

        // then every file is inside the folder, and the names shown are base names without those characters
        assertThat(files).extracting(StagedFile::fileName)
                .containsExactly("x.csv", "y.csv", "z.csv", "weirdgnp.csv", "unnamed");
        assertThat(files.subList(0, 4)).allSatisfy(f -> assertThat(f.path().normalize().getParent()).isEqualTo(out));
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.filter(Files::isRegularFile).filter(p -> !p.startsWith(out) && !p.equals(zip))).isEmpty();
        }
        assertThat(files.get(4).refusal()).contains("not imported").contains("no extension");
    }

    @Test
    void keeps_files_of_the_same_name_from_two_folders_under_distinct_names() throws IOException {
        // given orders.csv in two folders, and a third differing only in case
        Path zip = zip(entry("jan/orders.csv", "a\n1\n".getBytes()), entry("feb/orders.csv", "a\n2\n".getBytes()),
                entry("mar/Orders.csv", "a\n3\n".getBytes()));

        // when it is extracted
        List<StagedFile> files = ZipArchive.extract(zip, "q1.zip", dir.resolve("out"));

        // then all three are kept, named apart, each with its own bytes
        assertThat(files).extracting(StagedFile::fileName).containsExactly("orders.csv", "orders (2).csv", "Orders (3).csv");
        assertThat(Files.readString(files.get(1).path())).isEqualTo("a\n2\n");
        assertThat(Files.readString(files.get(2).path())).isEqualTo("a\n3\n");
    }

    @Test
    void reads_names_that_are_not_utf8_as_code_page_437_as_the_zip_format_says() throws IOException {
        // given a zip written by a tool that encodes names in code page 437 without the UTF-8 flag
        Path zip = dir.resolve("legacy.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip), Charset.forName("IBM437"))) {
            out.putNextEntry(new ZipEntry("Bestellungen März.csv"));
            out.write(ORDERS);
            out.closeEntry();
        }

        // when it is extracted
        List<StagedFile> files = ZipArchive.extract(zip, "legacy.zip", dir.resolve("out"));

        // then the name reads as it was meant
        assertThat(files).extracting(StagedFile::fileName).containsExactly("Bestellungen März.csv");
    }

    @Test
    void refuses_a_file_that_is_not_imported_alone_with_its_extension_in_the_reason() throws IOException {
        // given a PDF and a nested zip beside a CSV file
        Path zip = zip(entry("readme.pdf", "%PDF-1.4".getBytes()), entry("more.zip", "PK".getBytes()), entry("orders.csv", ORDERS));

        // when it is extracted
        List<StagedFile> files = ZipArchive.extract(zip, "mixed.zip", dir.resolve("out"));

        // then the PDF and the zip are refused, named, and the CSV file is taken
        assertThat(files).extracting(StagedFile::fileName).containsExactly("readme.pdf", "more.zip", "orders.csv");
        assertThat(files.get(0).refusal()).contains(".pdf").contains(".csv");
        assertThat(files.get(1).refusal()).contains(".zip");
        assertThat(files.get(2).refusal()).isNull();
        assertThat(files.get(0).path()).isNull();
    }

    @Test
    void refuses_a_highly_compressible_entry_past_the_ratio_alone_and_leaves_nothing_of_it_on_disk() throws IOException {
        // given a 2 MiB entry of zeros (it compresses about 1000 times) and limits that judge the ratio from 1 MiB
        Path zip = zip(entry("bomb.csv", new byte[2 * 1024 * 1024]), entry("orders.csv", ORDERS));
        ZipLimits limits = new ZipLimits(10, 1L << 30, 200, 1024 * 1024);

        // when it is extracted
        Path out = dir.resolve("out");
        List<StagedFile> files = ZipArchive.extract(zip, "bomb.zip", out, CsvDialect.DEFAULT, limits);

        // then the bomb is refused, the other file is taken, and only the other file is on disk
        assertThat(files.get(0).refusal()).contains("zip bomb").contains("import.zip-max-ratio");
        assertThat(files.get(1).refusal()).isNull();
        try (Stream<Path> all = Files.list(out)) {
            assertThat(all).containsExactly(files.get(1).path());
        }
    }

    @Test
    void refuses_the_whole_archive_when_its_files_expand_past_the_total_or_are_too_many() throws IOException {
        // given three files of 1 KiB
        Path zip = zip(entry("a.csv", new byte[1024]), entry("b.csv", new byte[1024]), entry("c.csv", new byte[1024]));

        // when the limits allow 2 KiB in all, or two files, then the archive is refused naming the setting
        assertThatThrownBy(() -> ZipArchive.extract(zip, "big.zip", dir.resolve("out"), CsvDialect.DEFAULT,
                new ZipLimits(10, 2048, 200, 0)))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("import.zip-max-expanded-bytes");
        assertThatThrownBy(() -> ZipArchive.extract(zip, "many.zip", dir.resolve("out"), CsvDialect.DEFAULT,
                new ZipLimits(2, 1L << 30, 200, 0)))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("import.zip-max-files");
    }

    @Test
    void takes_the_files_before_the_cut_of_a_truncated_archive_and_says_it_is_truncated() throws IOException {
        // given a zip of three files of random text cut in the middle of the third
        byte[] first = randomCsv(1);
        byte[] second = randomCsv(2);
        Path whole = zip(entry("one.csv", first), entry("two.csv", second), entry("three.csv", randomCsv(3)));
        byte[] bytes = Files.readAllBytes(whole);
        int third = indexOf(bytes, "three.csv".getBytes(), 0);
        Path cut = dir.resolve("cut.zip");
        Files.write(cut, Arrays.copyOf(bytes, third + 5000));

        // when it is extracted
        List<StagedFile> files = ZipArchive.extract(cut, "cut.zip", dir.resolve("out"));

        // then the first two are taken whole, the third is refused, and the archive's own item says it was truncated
        assertThat(files).extracting(StagedFile::fileName).containsExactly("one.csv", "two.csv", "three.csv", "cut.zip");
        assertThat(Files.readAllBytes(files.get(0).path())).isEqualTo(first);
        assertThat(Files.readAllBytes(files.get(1).path())).isEqualTo(second);
        assertThat(files.get(2).refusal()).contains("damaged");
        assertThat(files.get(3).refusal()).contains("truncated").contains("2 complete files");
    }

    @Test
    void refuses_a_damaged_entry_alone_when_its_checksum_does_not_match() throws IOException {
        // given a stored (uncompressed) entry whose bytes were changed after it was zipped
        Path zip = zip(stored("bad.csv", "a\nBROKEN\n".getBytes()), entry("good.csv", ORDERS));
        byte[] bytes = Files.readAllBytes(zip);
        int at = indexOf(bytes, "BROKEN".getBytes(), 0);
        bytes[at] = 'b';
        Files.write(zip, bytes);

        // when it is extracted
        List<StagedFile> files = ZipArchive.extract(zip, "damaged.zip", dir.resolve("out"));

        // then it is refused as damaged, and the other file is taken
        assertThat(files.get(0).refusal()).contains("damaged").contains("CRC");
        assertThat(files.get(1).refusal()).isNull();
    }

    @Test
    void refuses_an_encrypted_entry_alone() throws IOException {
        // given a zip whose first entry is marked encrypted (general purpose bit 0, APPNOTE 4.4.4)
        Path zip = zip(stored("secret.csv", ORDERS), entry("open.csv", ORDERS));
        byte[] bytes = Files.readAllBytes(zip);
        bytes[6] |= 1;                                                       // local file header
        bytes[indexOf(bytes, new byte[] {'P', 'K', 1, 2}, 0) + 8] |= 1;      // its central directory record
        Files.write(zip, bytes);

        // when it is extracted
        List<StagedFile> files = ZipArchive.extract(zip, "locked.zip", dir.resolve("out"));

        // then it is refused as encrypted, and the other file is taken
        assertThat(files.get(0).refusal()).contains("encrypted");
        assertThat(files.get(1).refusal()).isNull();
    }

    @Test
    void a_file_that_is_not_a_zip_is_unreadable_with_a_reason() throws IOException {
        // given a CSV file named .zip, and an empty one
        Path csv = Files.write(dir.resolve("orders.zip"), ORDERS);
        Path empty = Files.write(dir.resolve("empty.zip"), new byte[0]);

        // when they are extracted, then each is unreadable, saying why
        assertThatThrownBy(() -> ZipArchive.extract(csv, "orders.zip", dir.resolve("out")))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("orders.zip is not a zip archive");
        assertThatThrownBy(() -> ZipArchive.extract(empty, "empty.zip", dir.resolve("out")))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("empty");
    }

    @Test
    void an_archive_of_only_folders_and_system_files_is_unreadable() throws IOException {
        // given a zip with nothing a person put in it
        Path zip = zip(entry("exports/", new byte[0]), entry("__MACOSX/._x.csv", "junk".getBytes()));

        // when it is extracted, then it is refused as holding no files
        assertThatThrownBy(() -> ZipArchive.extract(zip, "nothing.zip", dir.resolve("out")))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("holds no files");
    }

    private record Entry(String name, byte[] bytes, boolean stored) {
    }

    private static Entry entry(String name, byte[] bytes) {
        return new Entry(name, bytes, false);
    }

    private static Entry stored(String name, byte[] bytes) {
        return new Entry(name, bytes, true);
    }

    private Path zip(Entry... entries) throws IOException {
        Path zip = Files.createTempFile(dir, "test", ".zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Entry e : entries) {
                ZipEntry entry = new ZipEntry(e.name);
                if (e.stored) {
                    CRC32 crc = new CRC32();
                    crc.update(e.bytes);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.bytes.length);
                    entry.setCompressedSize(e.bytes.length);
                    entry.setCrc(crc.getValue());
                }
                out.putNextEntry(entry);
                out.write(e.bytes);
                out.closeEntry();
            }
        }
        return zip;
    }

    /** Rows of random digits: they compress only a few times, so a cut lands inside the entry it is aimed at. */
    private static byte[] randomCsv(long seed) {
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("order_id,amount\n".getBytes());
        for (int i = 0; i < 2000; i++) {
            out.writeBytes((i + "," + random.nextInt(1_000_000) + "\n").getBytes());
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte[] what, int from) {
        for (int i = from; i <= bytes.length - what.length; i++) {
            if (Arrays.equals(bytes, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
