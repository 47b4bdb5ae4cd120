import io.bulkimport.parse.CsvRowReader;
import io.bulkimport.parse.Row;
import java.io.Closeable;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.dataformat.csv.CsvDataFormat;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * Usage (camel-csv is not in the service's jar; fetch it next to the outputs first):
 *   mvn -q dependency:copy -Dartifact=org.apache.camel:camel-csv:4.17.0 -DoutputDirectory=bench/out
 *   java -cp target/bulk-import.jar:bench/out/camel-csv-4.17.0.jar bench/CsvReaderVsCamelCsv.java FILE.csv [RUNS]
 *
 * Reads FILE (bench/generate-contacts) RUNS times (default 3) with each reader, alternating, after three untimed
 * rounds of each, and prints rows/s (wall) and CPU seconds of the reading thread for every run and the median:
 *   ours       io.bulkimport.parse.CsvRowReader as the import opens it: charset and delimiter decided from the file,
 *              row numbers, quote errors reported per row (commons-csv underneath)
 *   camel-csv  CsvDataFormat with lazyLoad=true (what {@code unmarshal: csv: {lazyLoad: true}} in a route does):
 *              an iterator of List<String>, default CSVFormat, the exchange's charset (UTF-8)
 * Then feeds both a few small files that real spreadsheets produce and prints what each reader makes of them
 * ("case NAME | ours: … | camel-csv: …"), the row numbers ours gives and camel-csv cannot.
 */
public class CsvReaderVsCamelCsv {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            CsvDataFormat csv = new CsvDataFormat();
            csv.setLazyLoad(true);
            csv.start();
            List<String> readers = List.of("ours", "camel-csv");
            Map<String, List<double[]>> results = new HashMap<>();
            for (int warm = 0; warm < 3; warm++) {
                for (String reader : readers) {
                    read(reader, file, camel, csv);   // untimed: class loading, JIT (one round of 200k rows is not enough)
                }
            }
            for (int run = 0; run < runs; run++) {
                for (int r = 0; r < readers.size(); r++) {
                    String reader = readers.get((r + run) % readers.size());
                    long w0 = System.nanoTime();
                    long c0 = CPU.getCurrentThreadCpuTime();
                    long rows = read(reader, file, camel, csv);
                    double cpu = (CPU.getCurrentThreadCpuTime() - c0) / 1e9;
                    double wall = (System.nanoTime() - w0) / 1e9;
                    results.computeIfAbsent(reader, k -> new ArrayList<>()).add(new double[] {rows / wall, cpu});
                    System.out.printf("run %s %d %d rows %.3f s %.0f rows/s %.3f cpu-s%n", reader, run + 1, rows, wall,
                            rows / wall, cpu);
                }
            }
            for (String reader : readers) {
                System.out.printf("median %s %.0f rows/s %.3f cpu-s%n", reader, median(results.get(reader), 0),
                        median(results.get(reader), 1));
            }
            cases(camel, csv);
        }
    }

    /** Data rows read (the header not counted). */
    private static long read(String reader, Path file, CamelContext camel, CsvDataFormat csv) throws Exception {
        long rows = 0;
        if (reader.equals("ours")) {
            try (CsvRowReader rowReader = CsvRowReader.open(file, file.getFileName().toString())) {
                while (rowReader.hasNext()) {
                    rowReader.next();
                    rows++;
                }
            }
            return rows;
        }
        try (InputStream in = Files.newInputStream(file)) {
            Iterator<?> records = (Iterator<?>) csv.unmarshal(new DefaultExchange(camel), in);
            while (records.hasNext()) {
                records.next();
                rows++;
            }
            ((Closeable) records).close();
        }
        return rows - 1;
    }

    /** Small files as spreadsheets write them, through both readers. */
    private static void cases(CamelContext camel, CsvDataFormat csv) throws Exception {
        byte[] latin1 = "name,city\nAda,Z\u00fcrich\n".getBytes(StandardCharsets.ISO_8859_1);
        show(camel, csv, "quoted-line-break", "name,note\nAda,\"two\nlines\"\nBob,x\n".getBytes(StandardCharsets.UTF_8));
        show(camel, csv, "blank-line", "name,note\nAda,x\n\nBob,y\n".getBytes(StandardCharsets.UTF_8));
        show(camel, csv, "semicolon", "name;note\nAda;x\nBob;y\n".getBytes(StandardCharsets.UTF_8));
        show(camel, csv, "excel-sep-line", "sep=;\nname;note\nAda;x\n".getBytes(StandardCharsets.UTF_8));
        show(camel, csv, "windows-1252", latin1);
        show(camel, csv, "text-after-quote", "name,note\n\"Ada\"x,1\nBob,2\n".getBytes(StandardCharsets.UTF_8));
        show(camel, csv, "utf8-bom", "\ufeffname,note\nAda,x\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void show(CamelContext camel, CsvDataFormat csv, String name, byte[] bytes) throws Exception {
        Path file = Files.createTempFile("csv-case-", ".csv");
        try {
            Files.write(file, bytes);
            System.out.printf("case %s | ours: %s | camel-csv: %s%n", name, ours(file), camelCsv(camel, csv, file));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String ours(Path file) {
        StringBuilder out = new StringBuilder();
        try (CsvRowReader reader = CsvRowReader.open(file, "case.csv")) {
            out.append("header ").append(reader.header());
            while (reader.hasNext()) {
                Row row = reader.next();
                out.append(", row ").append(row.rowNumber()).append(' ')
                        .append(row.problem() == null ? row.values() : "unreadable (" + row.problem() + ")");
            }
        } catch (Exception e) {
            out.append(" FAILED: ").append(e.getMessage());
        }
        return out.toString().replace("\n", "\\n");
    }

    private static String camelCsv(CamelContext camel, CsvDataFormat csv, Path file) {
        StringBuilder out = new StringBuilder();
        try (InputStream in = Files.newInputStream(file)) {
            Iterator<?> records = (Iterator<?>) csv.unmarshal(new DefaultExchange(camel), in);
            for (int i = 0; records.hasNext(); i++) {
                out.append(i == 0 ? "" : ", ").append(i == 0 ? "header " : "record " + i + " ").append(records.next());
            }
        } catch (Exception e) {
            out.append(" FAILED: ").append(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        }
        return out.toString().replace("\n", "\\n");
    }

    private static double median(List<double[]> runs, int field) {
        List<Double> sorted = runs.stream().map(r -> r[field]).sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
