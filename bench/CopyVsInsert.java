import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.bulkimport.parse.CsvRowReader;
import io.bulkimport.parse.Row;
import io.bulkimport.pipeline.CommitSequencer;
import io.bulkimport.pipeline.HeaderMapping;
import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.pipeline.ImportOptions;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.PreparedRow;
import io.bulkimport.store.BatchWrite;
import io.bulkimport.store.KeyedUpsertWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.postgresql.PGConnection;

/**
 * Usage: java -cp target/bulk-import.jar bench/CopyVsInsert.java FILE.csv [RUNS [BATCH]]
 *
 * Loads the contacts of FILE (bench/generate-contacts) into an empty table shaped like {@code contacts} (email
 * primary key, first_name, last_name, company, phone, import_id uuid not null) RUNS times (default 3) with each
 * method, the methods alternating (run r starts at method r), and prints rows/s of every run and the median:
 *   copy             the service's path for a batch of new keys: KeyedUpsertWriter (CopyEncoder) + COPY ... FROM STDIN
 *   copy-raw         COPY alone: the batch's COPY text written here and sent through the driver's CopyManager, without
 *                    what the service does before it (folding keys repeated in the batch, DuplicateCollapser)
 *   unnest           the service's statement path (a batch that meets existing keys): one
 *                    insert ... select from unnest(text[]...) on conflict (email) do nothing, KeyedUpsertWriter.upsert
 *   jdbc-batch       insert ... values (?,?,?,?,?,?) on conflict (email) do nothing, addBatch per row, executeBatch
 *                    per batch; reWriteBatchedInserts=false (the driver's default)
 *   jdbc-rewrite     the same with reWriteBatchedInserts=true (the driver folds the batch into multi-row inserts)
 *   camel-sql-batch  the same statement through camel-sql ({@code sql:...?batch=true}, a list of parameter maps per
 *                    batch) on a one-connection Hikari pool with reWriteBatchedInserts=true: what a route could
 *                    do without Java
 * Before the timed runs every method loads the first tenth of the rows once, untimed (class loading, JIT).
 * Each batch (BATCH rows, default 3000 = contacts.batch-size) is one transaction, committed with
 * synchronous_commit off as the service runs (db.synchronous-commit=false). The file is read into memory first
 * (CsvRowReader); the timed part is turning rows into the batch's statement or COPY text and writing it. The table is
 * truncated before each run and dropped at the end; the row count is checked after each run.
 * Database: PGHOST, PGPORT, PGUSER, PGPASSWORD (default localhost, 5432, bulkimport, bulkimport) and BENCH_DB
 * (default bulkimport_bench); only the table bench_copy_vs_insert is created there.
 * Prints one line per run, "run METHOD RUN ROWS SECONDS ROWS_PER_S CLIENT_CPU_S SERVER_CPU_S LOAD1", then
 * "median METHOD ROWS_PER_S RATIO_TO_COPY CLIENT_CPU_S SERVER_CPU_S". CLIENT_CPU_S is this thread's CPU time;
 * SERVER_CPU_S the PostgreSQL backend's (from /proc/PID/stat, so the database must run on this machine, else -1);
 * LOAD1 the machine's one-minute load average when the run started. On a shared machine CPU seconds move less than
 * the wall time.
 */
public class CopyVsInsert {

    private static final String TABLE = "bench_copy_vs_insert";
    private static final String COLUMNS = """
            email:      { key: true, format: email, lowercase: true, maxLength: 254 }
            first_name: { }
            last_name:  { }
            company:    { }
            phone:      { }
            """;
    private static final String INSERT = "insert into " + TABLE
            + " (email, first_name, last_name, company, phone, import_id) values (?, ?, ?, ?, ?, ?) on conflict (email) do nothing";
    private static final List<String> METHODS = List.of("copy", "copy-raw", "unnest", "jdbc-batch", "jdbc-rewrite",
            "camel-sql-batch");

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
        String url = "jdbc:postgresql://" + env("PGHOST", "localhost") + ":" + env("PGPORT", "5432") + "/"
                + env("BENCH_DB", "bulkimport_bench");
        List<String[]> rows = read(file);
        System.out.printf("# %d rows of %s, batches of %d, %d runs per method, %d CPUs%n", rows.size(), file, batchSize,
                runs, Runtime.getRuntime().availableProcessors());
        try (Connection admin = connect(url, false)) {
            execute(admin, "drop table if exists " + TABLE);
            execute(admin, "create table " + TABLE + " (email text primary key, first_name text, last_name text, "
                    + "company text, phone text, import_id uuid not null)");
        }
        Map<String, List<Double>> rates = new HashMap<>();
        Map<String, List<Double>> clientCpu = new HashMap<>();
        Map<String, List<Double>> serverCpu = new HashMap<>();
        try (CamelContext camel = camel(url)) {
            // untimed: every method once on the first 10% of the rows, so no method pays for class loading and JIT
            for (String method : METHODS) {
                timed(method, url, rows.subList(0, Math.max(1, rows.size() / 10)), batchSize, camel);
            }
            for (int run = 0; run < runs; run++) {
                for (int m = 0; m < METHODS.size(); m++) {
                    String method = METHODS.get((m + run) % METHODS.size());
                    String load = loadAverage();
                    double[] t = timed(method, url, rows, batchSize, camel);
                    double rate = rows.size() / t[0];
                    rates.computeIfAbsent(method, k -> new ArrayList<>()).add(rate);
                    clientCpu.computeIfAbsent(method, k -> new ArrayList<>()).add(t[1]);
                    serverCpu.computeIfAbsent(method, k -> new ArrayList<>()).add(t[2]);
                    System.out.printf("run %s %d %d %.3f %.0f %.2f %.2f %s%n", method, run + 1, rows.size(), t[0], rate,
                            t[1], t[2], load);
                }
            }
        } finally {
            try (Connection admin = connect(url, false)) {
                execute(admin, "drop table if exists " + TABLE);
            }
        }
        double copy = median(rates.get("copy"));
        for (String method : METHODS) {
            double median = median(rates.get(method));
            System.out.printf("median %s %.0f %.2f %.2f %.2f%n", method, median, median / copy,
                    median(clientCpu.get(method)), median(serverCpu.get(method)));
        }
    }

    /**
     * Seconds, client CPU seconds and server CPU seconds to load every row with the method into the emptied table;
     * fails when a row is missing afterwards.
     */
    private static double[] timed(String method, String url, List<String[]> rows, int batchSize, CamelContext camel)
            throws Exception {
        try (Connection c = connect(url, method.equals("jdbc-rewrite"))) {
            execute(c, "truncate " + TABLE);
            execute(c, "set synchronous_commit = off");
            c.setAutoCommit(false);
            UUID importId = UUID.randomUUID();
            long backend = method.equals("camel-sql-batch") ? camelSqlBackend(camel) : backendPid(c);
            double server0 = serverCpu(backend);
            long cpu0 = CPU.getCurrentThreadCpuTime();
            long started = System.nanoTime();
            for (int from = 0; from < rows.size(); from += batchSize) {
                List<String[]> batch = rows.subList(from, Math.min(rows.size(), from + batchSize));
                switch (method) {
                    case "copy", "unnest" -> service(method, c, batch, importId);
                    case "copy-raw" -> copyRaw(c, batch, importId);
                    case "jdbc-batch", "jdbc-rewrite" -> jdbcBatch(c, batch, importId);
                    case "camel-sql-batch" -> camelSql(camel, batch, importId);
                    default -> throw new IllegalArgumentException(method);
                }
                c.commit();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double client = (CPU.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double server = server0 < 0 ? -1 : serverCpu(backend) - server0;
            c.setAutoCommit(true);
            long count = count(c);
            if (count != rows.size()) {
                throw new IllegalStateException(method + " stored " + count + " rows of " + rows.size());
            }
            return new double[] {seconds, client, server};
        }
    }

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final KeyedUpsertWriter WRITER = new KeyedUpsertWriter();
    private static final Map<UUID, ImportContext> CONTEXTS = new HashMap<>();

    /** The batch as the service writes it: KeyedUpsertWriter prepares it, then COPY or its one upsert statement. */
    private static void service(String method, Connection c, List<String[]> batch, UUID importId) throws SQLException {
        ImportContext context = CONTEXTS.computeIfAbsent(importId, CopyVsInsert::context);
        List<PreparedRow> prepared = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            prepared.add(new PreparedRow(i + 2, batch.get(i).clone(), List.of()));
        }
        if (method.equals("copy")) {
            BatchWrite write = WRITER.prepare(context, prepared);
            if (!write.copyFirst()) {
                throw new IllegalStateException("the writer chose not to COPY");
            }
            write.copy(c);
        } else {
            WRITER.prepareUpsert(context, prepared).upsert(c);
        }
    }

    private static ImportContext context(UUID importId) {
        PipelineDefinition pipeline = new PipelineDefinition();
        pipeline.setName("contacts");
        pipeline.setTable(TABLE);
        pipeline.setColumns(COLUMNS);
        List<String> header = List.of("email", "first_name", "last_name", "company", "phone");
        return new ImportContext(importId, pipeline, new ImportOptions("skip", 3000, false, false), "bench.csv",
                Path.of("bench.csv"), header, HeaderMapping.of(pipeline, header), new CommitSequencer(0));
    }

    /** COPY text (tab-separated, \N for null, backslash escapes) built here and sent through CopyManager. */
    private static void copyRaw(Connection c, List<String[]> batch, UUID importId) throws SQLException {
        StringBuilder text = new StringBuilder(batch.size() * 100);
        String id = importId.toString();
        for (String[] row : batch) {
            for (int i = 0; i < 5; i++) {
                String v = row[i];
                if (v == null) {
                    text.append("\\N");
                } else {
                    for (int k = 0; k < v.length(); k++) {
                        char ch = v.charAt(k);
                        switch (ch) {
                            case '\\' -> text.append("\\\\");
                            case '\t' -> text.append("\\t");
                            case '\n' -> text.append("\\n");
                            case '\r' -> text.append("\\r");
                            default -> text.append(ch);
                        }
                    }
                }
                text.append('\t');
            }
            text.append(id).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + TABLE
                    + " (email, first_name, last_name, company, phone, import_id) from stdin", new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new SQLException(e);
        }
    }

    private static void jdbcBatch(Connection c, List<String[]> batch, UUID importId) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (String[] row : batch) {
                for (int i = 0; i < 5; i++) {
                    insert.setString(i + 1, row[i]);
                }
                insert.setObject(6, importId);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** camel-sql opens its own connection per exchange (autocommit: one implicit transaction per executeBatch). */
    private static void camelSql(CamelContext camel, List<String[]> batch, UUID importId) {
        List<Map<String, Object>> parameters = new ArrayList<>(batch.size());
        for (String[] row : batch) {
            Map<String, Object> p = new HashMap<>();
            p.put("email", row[0]);
            p.put("first_name", row[1]);
            p.put("last_name", row[2]);
            p.put("company", row[3]);
            p.put("phone", row[4]);
            p.put("import_id", importId);
            parameters.add(p);
        }
        camel.getRegistry().lookupByNameAndType("benchTemplate", ProducerTemplate.class)
                .sendBody("direct:camel-sql-batch", parameters);
    }

    private static CamelContext camel(String url) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(env("PGUSER", "bulkimport"));
        config.setPassword(env("PGPASSWORD", "bulkimport"));
        config.setMaximumPoolSize(1);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.setConnectionInitSql("set synchronous_commit = off");
        HikariDataSource dataSource = new HikariDataSource(config);
        CamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind("benchDataSource", dataSource);
        camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("direct:camel-sql-batch").to("sql:insert into " + TABLE
                        + " (email, first_name, last_name, company, phone, import_id) values (:#email, :#first_name,"
                        + " :#last_name, :#company, :#phone, :#import_id) on conflict (email) do nothing"
                        + "?batch=true&dataSource=#benchDataSource");
            }
        });
        camel.start();
        camel.getRegistry().bind("benchTemplate", camel.createProducerTemplate());
        return camel;
    }

    /** The file's rows as the validator hands them on: email lower case, empty cells null. */
    private static List<String[]> read(Path file) throws Exception {
        List<String[]> rows = new ArrayList<>();
        try (CsvRowReader reader = CsvRowReader.open(file, file.getFileName().toString())) {
            while (reader.hasNext()) {
                Row row = reader.next();
                String[] values = row.values().toArray(new String[0]);
                values[0] = values[0].toLowerCase(java.util.Locale.ROOT);
                for (int i = 0; i < values.length; i++) {
                    values[i] = values[i].isEmpty() ? null : values[i];
                }
                rows.add(Arrays.copyOf(values, 5));
            }
        }
        return rows;
    }

    private static Connection connect(String url, boolean rewrite) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", env("PGUSER", "bulkimport"));
        p.setProperty("password", env("PGPASSWORD", "bulkimport"));
        p.setProperty("reWriteBatchedInserts", Boolean.toString(rewrite));
        return DriverManager.getConnection(url, p);
    }

    /** The backend pid of the camel-sql pool's one connection. */
    private static long camelSqlBackend(CamelContext camel) throws SQLException {
        try (Connection c = camel.getRegistry().lookupByNameAndType("benchDataSource", HikariDataSource.class).getConnection()) {
            return backendPid(c);
        }
    }

    private static long backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select pg_backend_pid()")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** utime + stime of a local process in seconds, or -1 when /proc does not have it (a remote database). */
    private static double serverCpu(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;   // fields 14 and 15, USER_HZ = 100
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select count(*) from " + TABLE)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
