package io.bulkimport.intake;

import io.bulkimport.parse.CsvDialect;
import io.bulkimport.parse.CsvRowReader;
import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.BatchKeys;
import io.bulkimport.pipeline.CommitSequencer;
import io.bulkimport.pipeline.HeaderMapping;
import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.pipeline.ImportOptions;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.RowBatches;
import io.bulkimport.store.BatchWrite;
import io.bulkimport.store.KeyedUpsertWriter;
import io.bulkimport.validate.RowValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * JIT warm-up of the row path, run once when the service starts: synthetic CSV rows go through what every row of an
 * import goes through — intake's pass (SHA-256, charset, row count), the CSV reader, batches, validation of each
 * column format, the duplicate collapse, the COPY encoding and a COPY through the driver — into a temporary table
 * whose transaction is rolled back. Nothing is stored and no import, job or metric is touched.
 *
 * <p>Why: HotSpot compiles a method with its optimising compiler (C2) only after some thousands of calls. Without
 * this, the first import after a start read its first 1-2 s at about half the later speed while the compilers
 * worked on one of the two CPUs, and the ETA at 10% of a 1M-row import, made from that speed, was 25-73% too long
 * (docs/benchmarks.md, "ETA accuracy"; issue #11). The rows vary in length, quoting and format the way real files
 * do, so the compiled code is not shaped for one file.
 *
 * <p>In: a data source, a scratch folder, and the most rows to run ({@code import.warm-up-rows}; 0 turns it off).
 * Out: what it did ({@link Result}). A failure (no database yet, a full disk) is returned as a reason, never
 * thrown: the service starts without the warm-up.
 */
public final class RowPathWarmUp {

    /** The temporary table the rows are copied into; dropped with the rolled-back transaction. */
    private static final String TABLE = "bulkimport_warm_up";
    /** Batches actually sent with COPY; the others stop after their encoding (the per-row work). */
    private static final int COPIED_BATCHES = 5;
    private static final String HEADER =
            "email,first_name,last_name,company,phone,amount,quantity,active,token,role,signed_up,tier\n";
    /**
     * The short files' header: {@code token}, {@code role} and {@code signed_up} are declared but absent, as a file's
     * columns often are (and with the secret column absent, the rows are the same as masked, as in most pipelines).
     */
    private static final String SHORT_HEADER = "email,first_name,last_name,company,phone,amount,quantity,active,tier\n";
    private static final String[] NAMES = {"Ada", "Björn", "Chloé", "Dmitri", "Eleanor", "Fatima", "Grzegorz", "Hiroshi",
        "Ingrid", "José", "Kwame", "Leilani", "Mårten", "Nadia", "Oluwaseun", "Priya", "Zoë", "Anne-Marie", "Seán"};
    private static final String[] LAST_NAMES = {"Smith", "O'Brien", "Müller", "García-López", "Nakamura", "van der Berg",
        "Nguyen", "Kowalczyk", "Okafor", "Ødegaard", "D'Angelo", "Li"};
    /** The local part of an address: F a name, N the row number (which makes every address unique). */
    private static final String[] LOCAL_FORMS = {"F.N", "F_N", "FN", "F+news.N", "N", "F-N", "F.F.N", "F.N.x"};
    private static final String[] EMAIL_NAMES = {"ada", "Bjorn", "chloe", "DMITRI", "eleanor", "o'brien", "anne-marie",
        "x", "nakamura", "Zoe"};
    private static final String[] DOMAINS = {"example.org", "Example.COM", "mail.example-corp.co.uk", "a1.example.net",
        "xn--mnchen-3ya.example", "lakeside-healthcare.com", "gmail.com", "sub.sub.example.io", "my-co.de"};
    private static final String[] COMPANIES = {"Acme", "Hale, Pryce & Partners", "Nordlicht GmbH", "Ōsaka Trading",
        "Blue \"Harbour\" Ltd", "Smith & Sons", "Société Générale des Eaux", "Zenith Analytics",
        "Line One\nLine Two Corp", " Padded Ltd ", "X"};
    private static final String[] PHONES = {"+44 20 7946 ", "(316) 555-", "+1-983-555-", "0049 30 ", "555."};
    private static final String[] BOOLEANS = {"true", "false", "yes", "no", "1", "0", "TRUE", "maybe"};
    private static final String[] TIERS = {"bronze", "silver", "gold", "Gold"};
    private static final String[] ROLES = {"admin", "member", "", "Member", "guest"};
    private static final String[] DATES = {"2024-03-07", "07/03/2024", "", "2023-12-31", "31/12/2023", "2024-02-30"};

    /**
     * What the warm-up did: rows through the path, rounds run, milliseconds taken, the last round's rate (rows per
     * CPU-second of the warming thread), or why it did not run to its end.
     */
    public record Result(long rows, int rounds, int shortFiles, long millis, double lastRoundRowsPerCpuSecond,
                         String failure) {
    }

    /** Rows of one round; the rounds read the same synthetic file again. */
    static final int ROUND_ROWS = 100_000;
    /**
     * Short files read before each round, each smaller than a batch or ending inside one, with declared columns absent
     * (the secret one too). Without them, a real short file (users: {@code signed_up} absent, a secret column, a last
     * batch that ends early) and then a file without secrets threw away the compiled code of the reader, the batching,
     * the value rules and the secret masking ({@code unstable_if} traps: branches the rounds never took), and the import
     * after it ran that code with C1's profiling for its first seconds (+17% to +35% on a 1M-row import's ETA at 10%;
     * docs/benchmarks.md).
     */
    public static final int SHORT_FILES = 12;
    /** The rows of all {@link #SHORT_FILES} together: file {@code i} has {@code 150 + 97 i} rows. */
    public static final int SHORT_FILE_ROWS = SHORT_FILES * 150 + 97 * SHORT_FILES * (SHORT_FILES - 1) / 2;

    /**
     * Rounds run at least: the short files before the second round still meet code compiled from the first round's
     * profile alone and throw some of it away; the third round's is compiled from both.
     */
    static final int MIN_ROUNDS = 3;

    /** A round that is not at least this much faster than the one before means the compiled code has settled. */
    static final double SETTLED = 0.92;

    private final DataSource dataSource;
    private final Path scratchDir;

    /** @param scratchDir where the synthetic file is written for the reader and deleted after (the work dir) */
    public RowPathWarmUp(DataSource dataSource, Path scratchDir) {
        this.dataSource = dataSource;
        this.scratchDir = scratchDir;
    }

    /**
     * Runs rounds of {@value #ROUND_ROWS} synthetic rows (fewer if {@code maxRows} is smaller) through the path in
     * batches of {@code batchSize}, on the calling thread, each after {@link #SHORT_FILES} short files (when a round is
     * whole), until, from the {@value #MIN_ROUNDS}rd on, a round is no longer faster than the one before
     * (the JIT's optimising compiler has caught up: with one round of 200,000 rows, much of the path was compiled
     * with C2 only during the first import, its compile queue having been busy when the counters called for it) or
     * {@code maxRows} have run. Only the first round's first batches are sent with COPY.
     *
     * @param maxRows the most rows to run, over all rounds (the short files' come on top); 0 or less: nothing
     * @return rows done (short files' and rounds'), rounds, short files and time taken; {@code failure} is null when
     *         every file went through
     */
    public Result run(long maxRows, int batchSize) {
        long start = System.nanoTime();
        if (maxRows <= 0) {
            return new Result(0, 0, 0, 0, 0, null);
        }
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        Path file = null;
        long done = 0;
        int rounds = 0;
        int shortFiles = 0;
        double rate = 0;
        try {
            Files.createDirectories(scratchDir);
            file = Files.createTempFile(scratchDir, "warm-up-", ".csv");
            int roundRows = (int) Math.min(ROUND_ROWS, maxRows);
            byte[] text = csv(roundRows, true);
            Files.write(file, text);
            long previousCpu = Long.MAX_VALUE;
            Path shortFile = file.resolveSibling(file.getFileName() + ".short");
            while ((long) (rounds + 1) * roundRows <= maxRows) {
                if (roundRows == ROUND_ROWS) {
                    done += readShortFiles(shortFile, batchSize);
                    shortFiles += SHORT_FILES;
                }
                long cpuStart = cpu.getCurrentThreadCpuTime();
                fingerprint(text);
                done += readValidateCopy(file, batchSize, rounds == 0);
                rounds++;
                long roundCpu = Math.max(1, cpu.getCurrentThreadCpuTime() - cpuStart);
                rate = roundRows * 1e9 / roundCpu;
                if (roundCpu > SETTLED * previousCpu && rounds >= MIN_ROUNDS) {
                    break;
                }
                previousCpu = roundCpu;
            }
            return new Result(done, rounds, shortFiles, (System.nanoTime() - start) / 1_000_000, rate, null);
        } catch (IOException | SQLException | RuntimeException e) {
            return new Result(done, rounds, shortFiles, (System.nanoTime() - start) / 1_000_000, rate, e.toString());
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a scratch file left behind in the work dir is harmless
                }
            }
        }
    }

    /** The short files, one after the other in the same scratch file (deleted at the end). */
    private long readShortFiles(Path file, int batchSize) throws IOException, SQLException {
        long rows = 0;
        try {
            for (int i = 0; i < SHORT_FILES; i++) {
                Files.write(file, csv(150 + 97 * i, false));
                rows += readValidateCopy(file, batchSize, false);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return rows;
    }

    /** Intake's pass over an upload, in the chunks an upload arrives in. */
    private static void fingerprint(byte[] text) {
        FileFingerprint.Scan scan = new FileFingerprint.Scan("warm-up.csv", CsvDialect.DEFAULT);
        for (int offset = 0; offset < text.length; offset += 1 << 16) {
            scan.update(text, offset, Math.min(1 << 16, text.length - offset));
        }
        scan.finish();
    }

    private long readValidateCopy(Path file, int batchSize, boolean copy) throws SQLException, IOException {
        PipelineDefinition pipeline = pipeline(batchSize);
        ImportOptions options = ImportOptions.defaultsOf(pipeline);
        RowValidator validator = new RowValidator();
        KeyedUpsertWriter writer = new KeyedUpsertWriter();
        long done = 0;
        BatchKeys previous = BatchKeys.NONE;
        try (CsvRowReader reader = CsvRowReader.open(file, "warm-up.csv", CsvDialect.DEFAULT);
             Connection c = dataSource.getConnection()) {
            ImportContext context = new ImportContext(UUID.randomUUID(), pipeline, options, "warm-up.csv", file,
                    reader.header(), HeaderMapping.of(pipeline, reader.header()), new CommitSequencer(0));
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("create temporary table " + TABLE + " (email text, first_name text, last_name text,"
                            + " company text, phone text, amount numeric, quantity bigint, active boolean, token text,"
                            + " role text, signed_up date, tier text,"
                            + " import_id uuid) on commit drop");
                }
                RowBatches batches = new RowBatches(reader, context, Files.size(file), total -> { });
                while (batches.hasNext()) {
                    Batch batch = batches.next();
                    validator.validate(batch);
                    BatchWrite write = writer.prepare(context, batch.valid());
                    BatchKeys keys = write.keys();
                    keys.sharesAKeyWith(previous);   // the sequencer's check between batches in flight
                    if (batch.batchNo() % 8 == 0) {
                        // and its branch for two keys of equal hash, which a real file's batches meet now and then
                        keys.sharesAKeyWith(keys);
                    }
                    previous = keys;
                    if (copy && write.copyFirst() && batch.batchNo() < COPIED_BATCHES) {
                        write.copy(c);   // the driver's side is per batch, not per row: a few batches load its classes
                    }
                    done += batch.rows().size();
                }
            } finally {
                c.rollback();
            }
        }
        return done;
    }

    private static PipelineDefinition pipeline(int batchSize) {
        PipelineDefinition pipeline = new PipelineDefinition();
        pipeline.setName("warm_up");
        pipeline.setTable(TABLE);
        pipeline.setBatchSize(batchSize);
        pipeline.setDuplicates("skip");
        pipeline.setColumns("""
                email:      { key: true, format: email, lowercase: true, maxLength: 254 }
                first_name: { }
                last_name:  { aliases: [Surname] }
                company:    { }
                phone:      { }
                amount:     { format: decimal }
                quantity:   { format: integer }
                active:     { format: boolean }
                token:      { secret: true }
                role:       { allowed: [admin, member], default: member }
                signed_up:  { type: date, formats: [yyyy-MM-dd, dd/MM/yyyy] }
                tier:       { allowed: [bronze, silver, gold] }
                """);
        return pipeline;
    }

    /**
     * Deterministic rows as varied as real files are, so that the compiled code has seen every common branch and is
     * not thrown away at the first real file (a JIT "uncommon trap": the first warm-up had one kind of e-mail domain,
     * and its compiled validation was discarded and compiled again during the first import): e-mail addresses with
     * upper case, digits, dots, plus tags, underscores, hyphenated and multi-label domains; names with accents,
     * apostrophes and hyphens; cells with surrounding spaces, empty cells (the last cell of a row too: a
     * parser that never met one had its compiled record loop thrown away at a real file's first), quoted cells with commas, doubled quotes
     * and line breaks; LF and CRLF line ends; a secret column; dates in two formats; and now and then an invalid value,
     * so the error path runs too. Keys are unique.
     *
     * @param allColumns false for a short file's columns ({@code token}, {@code role} and {@code signed_up} left out)
     */
    static byte[] csv(long rows, boolean allColumns) {
        StringBuilder out = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, rows * 150 + HEADER.length()));
        out.append(allColumns ? HEADER : SHORT_HEADER);
        long s = 20240601;
        for (long i = 1; i <= rows; i++) {
            s = (s * 48271) % 2147483647;
            int r = (int) (s % 1_000_003);
            String first = NAMES[r % NAMES.length];
            String last = LAST_NAMES[(r / 7) % LAST_NAMES.length];
            out.append(r % 13 == 0 ? " " : "").append(LOCAL_FORMS[(r / 3) % LOCAL_FORMS.length]
                    .replace("F", EMAIL_NAMES[(r / 13) % EMAIL_NAMES.length]).replace("N", Long.toString(i))).append('@')
                    .append(r % 97 == 0 ? "invalid" : DOMAINS[(r / 11) % DOMAINS.length]).append(',');
            out.append(first).append(',');
            cell(out, r % 17 == 0 ? last + " " : last);
            out.append(',');
            cell(out, r % 23 == 0 ? "" : COMPANIES[(r / 5) % COMPANIES.length]);
            out.append(',');
            if (r % 31 != 0) {
                out.append(PHONES[r % PHONES.length]).append(1000 + r % 9000);
            }
            out.append(',').append(r % 19 == 0 ? "-" : "").append(r % 100_000).append(r % 7 == 0 ? "" : "." + r % 100)
                    .append(',').append(r % 101 == 0 ? "many" : Integer.toString(r % 500)).append(',')
                    .append(BOOLEANS[r % BOOLEANS.length]).append(',');
            if (allColumns) {
                out.append(r % 29 == 0 ? "" : "tok-" + (r % 9973)).append(',')
                        .append(ROLES[(r / 17) % ROLES.length]).append(',').append(DATES[(r / 19) % DATES.length]).append(',');
            }
            out.append(r % 37 == 0 ? "" : TIERS[r % TIERS.length])
                    .append(r % 4 == 0 ? "\r\n" : "\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A cell as a spreadsheet writes it: quoted when it holds a comma, a quote or a line break, quotes doubled. */
    private static void cell(StringBuilder out, String value) {
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0) {
            out.append('"').append(value.replace("\"", "\"\"")).append('"');
        } else {
            out.append(value);
        }
    }
}
