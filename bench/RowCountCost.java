import io.bulkimport.intake.FileFingerprint;
import io.bulkimport.parse.CsvDialect;
import io.bulkimport.parse.RowReader;
import io.bulkimport.parse.XlsxRowReader;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Usage: java -cp target/bulk-import.jar bench/RowCountCost.java FILE [ROUNDS]
 *
 * What counting a file's rows before its first batch costs (issue #11), in CPU seconds of this thread, best of
 * ROUNDS (default 5) after one untimed round:
 *   a .csv/.tsv  intake's one pass over the bytes (io.bulkimport.intake.FileFingerprint.Scan, 64 KiB chunks as an
 *                inbox file is read) with the row count, and the same pass without it: the pass a workbook gets,
 *                SHA-256 and charset only. Prints "csv BYTES ROWS WITH_S WITHOUT_S COUNT_S".
 *   an .xlsx     the sheet's row count when its reader opens (XlsxRowReader.dataRows: the sheet part inflated again
 *                and scanned as bytes), on a reader opened for each round; and, for the floor under it, inflating
 *                the first worksheet part alone. Prints "xlsx ROWS COUNT_S COUNT_WALL_S INFLATE_S".
 * The file is read from the page cache after the first round, so this is CPU, not disk.
 */
public class RowCountCost {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String name = file.getFileName().toString();
        if (name.endsWith(".xlsx")) {
            xlsx(file, rounds);
        } else {
            csv(file, name, rounds);
        }
    }

    private static void csv(Path file, String name, int rounds) throws Exception {
        double with = Double.MAX_VALUE;
        double without = Double.MAX_VALUE;
        Long rows = null;
        for (int round = 0; round <= rounds; round++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            rows = pass(file, name).dataRows();
            long t1 = CPU.getCurrentThreadCpuTime();
            pass(file, name + ".xlsx");
            long t2 = CPU.getCurrentThreadCpuTime();
            if (round > 0) {
                with = Math.min(with, (t1 - t0) / 1e9);
                without = Math.min(without, (t2 - t1) / 1e9);
            }
        }
        System.out.printf("csv %d %d %.3f %.3f %.3f%n", Files.size(file), rows, with, without, with - without);
    }

    private static FileFingerprint pass(Path file, String name) throws Exception {
        FileFingerprint.Scan scan = new FileFingerprint.Scan(name, CsvDialect.DEFAULT);
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                scan.update(buffer, 0, n);
            }
        }
        return scan.finish();
    }

    private static void xlsx(Path file, int rounds) throws Exception {
        double cpu = Double.MAX_VALUE;
        double wall = Double.MAX_VALUE;
        long rows = -1;
        for (int round = 0; round <= rounds; round++) {
            try (RowReader reader = XlsxRowReader.open(file, null)) {
                long w0 = System.nanoTime();
                long t0 = CPU.getCurrentThreadCpuTime();
                rows = reader.dataRows().orElse(-1);
                long t1 = CPU.getCurrentThreadCpuTime();
                long w1 = System.nanoTime();
                if (round > 0) {
                    cpu = Math.min(cpu, (t1 - t0) / 1e9);
                    wall = Math.min(wall, (w1 - w0) / 1e9);
                }
            }
        }
        double inflate = Double.MAX_VALUE;
        for (int round = 0; round <= rounds; round++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            inflateFirstSheet(file);
            if (round > 0) {
                inflate = Math.min(inflate, (CPU.getCurrentThreadCpuTime() - t0) / 1e9);
            }
        }
        System.out.printf("xlsx %d %.3f %.3f %.3f%n", rows, cpu, wall, inflate);
    }

    /** Only inflates the workbook's first worksheet part (java.util.zip), the floor under any count of its rows. */
    private static long inflateFirstSheet(Path file) throws Exception {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry sheet = zip.stream().filter(e -> e.getName().startsWith("xl/worksheets/sheet")).findFirst().orElseThrow();
            long bytes = 0;
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = zip.getInputStream(sheet)) {
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    bytes += n;
                }
            }
            return bytes;
        }
    }
}
