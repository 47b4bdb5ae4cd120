package io.bulkimport.intake;

import io.bulkimport.parse.CsvDialect;
import io.bulkimport.parse.CsvRowReader;
import io.bulkimport.pipeline.Batch;
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
 * <p>In: a data source, a scratch folder, and the number of rows ({@code import.warm-up-rows}; 0 turns it off).
 * Out: what it did ({@link Result}). A failure (no database yet, a full disk) is returned as a reason, never
 * thrown: the service starts without the warm-up.
 */
public final class RowPathWarmUp {

    /** The temporary table the rows are copied into; dropped with the rolled-back transaction. */
    private static final String TABLE = "bulkimport_warm_up";
    /** Batches actually sent with COPY; the others stop after their encoding (the per-row work). */
    private static final int COPIED_BATCHES = 5;
    private static final String HEADER = "email,first_name,last_name,company,phone,amount,quantity,active,tier\n";
    private static final String[] NAMES = {"Ada", "Björn", "Chloé", "Dmitri", "Eleanor", "Fatima", "Grzegorz", "Hiroshi",
        "Ingrid", "José", "Kwame", "Leilani", "Mårten", "Nadia", "Oluwaseun", "Priya"};
    private static final String[] COMPANIES = {"Acme", "Hale, Pryce & Partners", "Nordlicht GmbH", "Ōsaka Trading",
        "Blue \"Harbour\" Ltd", "Smith & Sons", "Société Générale des Eaux", "Zenith Analytics"};
    private static final String[] TIERS = {"bronze", "silver", "gold", "Gold"};

    /** What the warm-up did: rows through the path and milliseconds taken, or why it did not run to its end. */
    public record Result(long rows, long millis, String failure) {
    }

    private final DataSource dataSource;
    private final Path scratchDir;

    /** @param scratchDir where the synthetic file is written for the reader and deleted after (the work dir) */
    public RowPathWarmUp(DataSource dataSource, Path scratchDir) {
        this.dataSource = dataSource;
        this.scratchDir = scratchDir;
    }

    /**
     * Runs {@code rows} synthetic rows through the path in batches of {@code batchSize}, on the calling thread.
     *
     * @return rows done and time taken; {@code failure} is null when every row went through
     */
    public Result run(long rows, int batchSize) {
        long start = System.nanoTime();
        if (rows <= 0) {
            return new Result(0, 0, null);
        }
        Path file = null;
        try {
            Files.createDirectories(scratchDir);
            file = Files.createTempFile(scratchDir, "warm-up-", ".csv");
            byte[] text = csv(rows);
            Files.write(file, text);
            fingerprint(text);
            long done = readValidateCopy(file, batchSize);
            return new Result(done, (System.nanoTime() - start) / 1_000_000, null);
        } catch (IOException | SQLException | RuntimeException e) {
            return new Result(0, (System.nanoTime() - start) / 1_000_000, e.toString());
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

    /** Intake's pass over an upload, in the chunks an upload arrives in. */
    private static void fingerprint(byte[] text) {
        FileFingerprint.Scan scan = new FileFingerprint.Scan("warm-up.csv", CsvDialect.DEFAULT);
        for (int offset = 0; offset < text.length; offset += 1 << 16) {
            scan.update(text, offset, Math.min(1 << 16, text.length - offset));
        }
        scan.finish();
    }

    private long readValidateCopy(Path file, int batchSize) throws SQLException, IOException {
        PipelineDefinition pipeline = pipeline(batchSize);
        ImportOptions options = ImportOptions.defaultsOf(pipeline);
        RowValidator validator = new RowValidator();
        KeyedUpsertWriter writer = new KeyedUpsertWriter();
        long done = 0;
        try (CsvRowReader reader = CsvRowReader.open(file, "warm-up.csv", CsvDialect.DEFAULT);
             Connection c = dataSource.getConnection()) {
            ImportContext context = new ImportContext(UUID.randomUUID(), pipeline, options, "warm-up.csv", file,
                    reader.header(), HeaderMapping.of(pipeline, reader.header()), new CommitSequencer(0));
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("create temporary table " + TABLE + " (email text, first_name text, last_name text,"
                            + " company text, phone text, amount numeric, quantity bigint, active boolean, tier text,"
                            + " import_id uuid) on commit drop");
                }
                RowBatches batches = new RowBatches(reader, context, Files.size(file), total -> { });
                while (batches.hasNext()) {
                    Batch batch = batches.next();
                    validator.validate(batch);
                    BatchWrite write = writer.prepare(context, batch.valid());
                    write.keys();
                    if (write.copyFirst() && batch.batchNo() < COPIED_BATCHES) {
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
                tier:       { allowed: [bronze, silver, gold] }
                """);
        return pipeline;
    }

    /**
     * Deterministic rows: unique keys, names with accents, one company in eight quoted for its comma and one with
     * doubled quotes, some empty cells, now and then an invalid value (the error path runs too).
     */
    static byte[] csv(long rows) {
        StringBuilder out = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, rows * 110 + HEADER.length()));
        out.append(HEADER);
        long s = 20240601;
        for (long i = 1; i <= rows; i++) {
            s = (s * 48271) % 2147483647;
            int r = (int) (s % 1_000_003);
            String first = NAMES[r % NAMES.length];
            String last = NAMES[(r / 16) % NAMES.length] + "son";
            out.append(first.toLowerCase(java.util.Locale.ROOT)).append('.').append(i)
                    .append(r % 97 == 0 ? "@invalid" : "@example.org").append(',');
            out.append(first).append(',').append(last).append(',');
            String company = COMPANIES[r % COMPANIES.length];
            if (company.indexOf(',') >= 0 || company.indexOf('"') >= 0) {
                out.append('"').append(company.replace("\"", "\"\"")).append('"');
            } else {
                out.append(company);
            }
            out.append(',');
            if (r % 31 != 0) {
                out.append("+44 20 ").append(7000 + r % 3000).append(' ').append(1000 + r % 9000);
            }
            out.append(',').append(r % 100_000).append('.').append(r % 100).append(',')
                    .append(r % 500).append(',').append(r % 2 == 0 ? "true" : "no").append(',')
                    .append(TIERS[r % TIERS.length]).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
