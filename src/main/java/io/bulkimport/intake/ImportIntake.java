package io.bulkimport.intake;

import io.bulkimport.parse.UnreadableFileException;
import io.bulkimport.pipeline.ColumnChoices;
import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.HeaderMapping;
import io.bulkimport.pipeline.ImportOptions;
import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.ImportStatus;
import io.bulkimport.store.ColumnMappingRepository;
import io.bulkimport.store.ImportJobRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way in, whichever door a file came through: registers an import job with the file's SHA-256, the
 * charset decided over all its bytes in the same pass (unless one was forced) and, for a CSV file, its data rows
 * counted in that pass as the job's exact total; refuses a byte-identical file already imported into the same
 * pipeline (unless forced), and hands the job to the runner. An upload's saved mapping ({@code mapping=<name>}) is
 * resolved here and stored with the job as plain {@code map.} entries, after every mapped header was checked against
 * the file's header (read once, header row only).
 */
public class ImportIntake {

    /** The exchange property that tells the inbox route which folder the file moves to afterwards. */
    public static final String INBOX_FOLDER = "inboxFolder";

    private static final Logger LOG = LoggerFactory.getLogger(ImportIntake.class);

    private final ImportJobRepository jobs;
    private final PipelineCatalog pipelines;
    private final ImportRunner runner;
    private final ColumnMappingRepository mappings;
    private final FileFingerprint.Cache fingerprints = new FileFingerprint.Cache();

    /** @param mappings the saved column mappings an upload may name */
    public ImportIntake(ImportJobRepository jobs, PipelineCatalog pipelines, ImportRunner runner,
                        ColumnMappingRepository mappings) {
        this.jobs = jobs;
        this.pipelines = pipelines;
        this.runner = runner;
        this.mappings = mappings;
    }

    /**
     * Door 1: a file in {@code inbox/<pipeline>/}, registered here and imported in a slot of the import queue, so files
     * dropped together are imported side by side ({@link InboxImportProcessor} completes the file's exchange when the
     * returned future does). By then the exchange says where the file goes: property {@link #INBOX_FOLDER}
     * ({@code .done}, {@code .failed}, {@code .duplicate}) and header {@code importId}; or it is marked rollback-only,
     * which leaves the file in place (the import was paused by a shutdown, another instance runs or moved it, or the
     * service stopped before its turn).
     *
     * @throws IOException when the file cannot be read to fingerprint it (it stays and is tried again)
     */
    public CompletableFuture<ImportStatus> fromInbox(Exchange exchange, String pipelineName) throws IOException {
        Path file = Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class)).toAbsolutePath();
        String fileName = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        PipelineDefinition pipeline = pipelines.find(pipelineName)
                .orElseThrow(() -> new IllegalStateException("the inbox route names an unknown pipeline: " + pipelineName));
        ImportOptions defaults = ImportOptions.defaultsOf(pipeline);
        FileFingerprint fingerprint = fingerprints.of(file, fileName, defaults.dialect());
        String sha256 = fingerprint.sha256();
        Optional<ImportJob> same = jobs.findSameFile(pipelineName, sha256);
        UUID id;
        if (same.isPresent() && same.get().status().finished()) {
            LOG.warn("inbox/{}/{} is byte-identical to import {} ({}); moved to .duplicate/ without importing",
                    pipelineName, fileName, same.get().id(), same.get().status().dbValue());
            exchange.setProperty(INBOX_FOLDER, ".duplicate");
            return CompletableFuture.completedFuture(same.get().status());
        } else if (same.isPresent()) {
            id = same.get().id();
            LOG.info("inbox/{}/{} resumes import {}", pipelineName, fileName, id);
        } else {
            Optional<UUID> registered = registerOnce(pipelineName, "inbox", fileName, file, Files.size(file), fingerprint,
                    defaults.withCharset(fingerprint.charset()));
            if (registered.isEmpty()) {
                leaveInPlace(exchange);
                return CompletableFuture.completedFuture(ImportStatus.QUEUED);
            }
            id = registered.get();
        }
        return runner.submit(id).thenApply(status -> {
            inboxOutcome(exchange, file, id, status);
            return status;
        });
    }

    /** Where the inbox file goes now that its import has ended (or not). */
    private static void inboxOutcome(Exchange exchange, Path file, UUID id, ImportStatus status) {
        if (!status.finished() || !Files.exists(file)) {
            // paused by a shutdown, another instance runs it, or finished it and moved the file already: the file
            // stays (if still there) for whoever finishes the import
            leaveInPlace(exchange);
            return;
        }
        exchange.setProperty(INBOX_FOLDER, status == ImportStatus.FAILED ? ".failed" : ".done");
        exchange.getIn().setHeader("importId", id.toString());
    }

    /**
     * Door 2: an upload already streamed to {@code spooled}, fingerprinted on the way. Returns the queued job.
     *
     * @throws DuplicateFileException when the same bytes were imported before and {@code force} is off
     * @throws IllegalArgumentException when the upload names a saved mapping the pipeline does not have, or maps a
     *                                  column to a header the file does not have (naming it and the headers found)
     */
    public ImportJob fromUpload(String pipelineName, Path spooled, String fileName, long size, FileFingerprint fingerprint,
                                ImportOptions chosen) {
        String sha256 = fingerprint.sha256();
        ImportOptions options = mapped(pipelineName, spooled, fileName, chosen.withCharset(fingerprint.charset()));
        if (!options.force()) {
            jobs.findSameFile(pipelineName, sha256).ifPresent(existing -> {
                throw new DuplicateFileException(existing);
            });
        }
        UUID id = registerOnce(pipelineName, "upload", fileName, spooled, size, fingerprint, options)
                .orElseThrow(() -> new DuplicateFileException(jobs.findSameFile(pipelineName, sha256).orElseThrow()));
        runner.submit(id);
        return jobs.find(id).orElseThrow();
    }

    /**
     * The options with the saved mapping's entries added under the upload's own {@code map.} entries (those win;
     * entries for columns the route no longer declares are dropped), once every mapped header is in the file.
     */
    ImportOptions mapped(String pipelineName, Path file, String fileName, ImportOptions options) {
        ColumnChoices chosen = options.columns();
        Map<String, String> saved = chosen.mapping() == null ? Map.of() : savedMapping(pipelineName, chosen.mapping());
        if (chosen.map().isEmpty() && saved.isEmpty()) {
            return options;
        }
        ColumnChoices resolved = chosen.withSavedMapping(saved);
        List<String> header;
        try {
            header = HeaderSample.read(file, fileName, options.sheet(), options.dialect(), 0).header();
        } catch (UnreadableFileException e) {
            return options.withColumns(resolved);   // the import fails on it with the reader's own words
        }
        List<String> problems = new ArrayList<>();
        HeaderMapping.unmatchedChoices(resolved, header).forEach((column, problem) -> problems.add(
                chosen.map().containsKey(column) ? problem : problem + " (from saved mapping '" + chosen.mapping() + "')"));
        if (!problems.isEmpty()) {
            boolean twice = problems.stream().anyMatch(p -> p.contains("(that header is already mapped to "));
            String lead = twice ? (problems.size() == 1 ? "header mapped twice: " : "headers not in the file or mapped twice: ")
                    : (problems.size() == 1 ? "header not in the file: " : "headers not in the file: ");
            throw new IllegalArgumentException(lead + String.join(", ", problems) + "; headers found: " + String.join(", ", header.stream()
                    .filter(h -> h != null && !h.isBlank()).map(String::strip).toList()));
        }
        return options.withColumns(resolved);
    }

    private Map<String, String> savedMapping(String pipelineName, String name) {
        ColumnMappingRepository.SavedMapping saved = mappings.find(pipelineName, name).orElseThrow(() -> {
            List<String> names = mappings.list(pipelineName).stream().map(ColumnMappingRepository.SavedMapping::name).toList();
            return new IllegalArgumentException("unknown mapping: " + name + " (pipeline " + pipelineName
                    + (names.isEmpty() ? " has no saved mappings" : " has " + String.join(", ", names)) + ")");
        });
        List<String> declared = pipelines.find(pipelineName).map(p -> p.columnDefinitions().stream()
                .map(ColumnDefinition::name).toList()).orElse(List.of());
        Map<String, String> kept = new LinkedHashMap<>(saved.mapping());
        kept.keySet().retainAll(declared);
        return kept;
    }

    /**
     * Door 3: the real import of a finished dry run's kept file ({@link DryRunExecution}), registered under
     * {@code id} as an upload of {@code file} (its own link or copy of the kept file, deleted when it ends) with the
     * dry run's fingerprint and total. {@code linked} runs once the job row exists and before it is queued.
     *
     * @throws DuplicateFileException when the same bytes were imported meanwhile and {@code force} is off (the dry
     *                                run itself, finished, is not such an import)
     */
    public ImportJob fromDryRun(ImportJob dryRun, UUID id, Path file, ImportOptions options, Runnable linked) {
        if (!options.force()) {
            jobs.findSameFile(dryRun.pipeline(), dryRun.sha256()).ifPresent(existing -> {
                throw new DuplicateFileException(existing);
            });
        }
        Long rows = dryRun.totalRowsExact() ? dryRun.totalRows() : null;
        try {
            jobs.create(new ImportJob(id, dryRun.pipeline(), "upload", dryRun.fileName(), file.toString(), dryRun.sha256(),
                    dryRun.sizeBytes(), options, List.of(), ImportStatus.QUEUED, rows, rows != null, 0, 0, 0, 0, 0,
                    rows == null ? null : ImportJobRepository.batchesFor(rows, options.batchSize()), null, null, null, null));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                throw new DuplicateFileException(jobs.findSameFile(dryRun.pipeline(), dryRun.sha256()).orElseThrow());
            }
            throw e;
        }
        linked.run();
        LOG.info("{} import {} registered for '{}': the execution of dry run {}", dryRun.pipeline(), id, dryRun.fileName(),
                dryRun.id());
        runner.submit(id);
        return jobs.find(id).orElseThrow();
    }

    /** Marks the exchange failed without an error: the file consumer then leaves the file where it is. */
    private static void leaveInPlace(Exchange exchange) {
        exchange.setRollbackOnly(true);
    }

    /** Registers the job unless another instance registered the same file a moment ago (the unique index says). */
    private Optional<UUID> registerOnce(String pipeline, String source, String fileName, Path file, long size,
                                       FileFingerprint fingerprint, ImportOptions options) {
        try {
            return Optional.of(register(pipeline, source, fileName, file, size, fingerprint, options));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                LOG.info("inbox/{}/{} was claimed by another instance", pipeline, fileName);
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A CSV file's rows counted in the fingerprint's pass are the job's exact total from the start. */
    private UUID register(String pipeline, String source, String fileName, Path file, long size, FileFingerprint fingerprint,
                          ImportOptions options) {
        UUID id = UUID.randomUUID();
        Long rows = fingerprint.dataRows();
        jobs.create(new ImportJob(id, pipeline, source, fileName, file.toString(), fingerprint.sha256(), size, options,
                List.of(), ImportStatus.QUEUED, rows, rows != null, 0, 0, 0, 0, 0,
                rows == null ? null : ImportJobRepository.batchesFor(rows, options.batchSize()), null, null, null, null));
        LOG.info("{} import {} registered for '{}' ({} bytes, from {}, charset {}, {})", pipeline, id, fileName, size, source,
                options.charset(), rows != null ? rows + " data rows"
                        : RowReaders.isWorkbook(fileName) ? "rows counted when its sheet is opened" : "rows not counted");
        return id;
    }
}
