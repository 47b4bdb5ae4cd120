import io.bulkimport.parse.Row;
import io.bulkimport.parse.XlsxRowReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

/**
 * Usage: java -Xmx256m -cp target/bulk-import.jar bench/XlsxReadCpu.java WORKBOOK.xlsx [PASSES] [ALL_CELLS]
 *
 * Reads the workbook's sheet with the service's own reader (io.bulkimport.parse.XlsxRowReader, from the jar),
 * PASSES times (default 3), and prints per pass "ROWS WALL_SECONDS CPU_SECONDS" of the reading thread. With
 * ALL_CELLS=true every cell's text is asked for, as pipeline records does; else none, as for the columns a pipeline
 * does not map (formatted numbers are formatted when read). The first pass includes class loading and compilation.
 */
public class XlsxReadCpu {

    public static void main(String[] args) throws Exception {
        Path workbook = Path.of(args[0]);
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean allCells = args.length > 2 && Boolean.parseBoolean(args[2]);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int pass = 0; pass < passes; pass++) {
            long wall = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            long rows = 0;
            long characters = 0;
            try (XlsxRowReader reader = XlsxRowReader.open(workbook, null)) {
                while (reader.hasNext()) {
                    Row row = reader.next();
                    rows++;
                    if (allCells) {
                        for (String value : row.values()) {
                            characters += value.length();
                        }
                    }
                }
            }
            System.out.printf("%d %.2f %.2f%s%n", rows, (System.nanoTime() - wall) / 1e9,
                    (threads.getCurrentThreadCpuTime() - cpu) / 1e9, allCells ? " (" + characters + " characters)" : "");
        }
    }
}
