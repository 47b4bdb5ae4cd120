package io.bulkimport.intake;

import io.bulkimport.pipeline.ImportOptions;
import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.ImportStatus;
import io.bulkimport.store.DryRunRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@code POST /api/imports/{id}/execute}: the real import of the file a finished dry run checked, from the file the
 * dry run kept ({@link DryRunFiles}), with the dry run's options unless the request overrides some. The execution
 * reads its own hard link to the kept file (a copy where links are not possible), so the dry run's expiry cannot
 * delete it mid-import, and deletes that link when it ends, as any upload. The dry run is claimed for its execution
 * in one statement: a second execute is refused naming the first, unless {@code force=true}.
 */
public class DryRunExecution {

    private final ImportIntake intake;
    private final DryRunRepository dryRuns;
    private final DryRunFiles files;
    private final PipelineCatalog pipelines;

    public DryRunExecution(ImportIntake intake, DryRunRepository dryRuns, DryRunFiles files, PipelineCatalog pipelines) {
        this.intake = intake;
        this.dryRuns = dryRuns;
        this.files = files;
        this.pipelines = pipelines;
    }

    /**
     * How a request to execute ended: {@code 202} with the new job, or a refusal with its HTTP status: {@code 400}
     * (an override is not valid), {@code 409} (not a dry run, not finished, already executed, or the same file was
     * imported meanwhile: {@code existing} names that import), {@code 410} (the kept file has expired).
     */
    public record Outcome(int status, String error, ImportJob job, ImportJob existing) {

        static Outcome refused(int status, String error) {
            return new Outcome(status, error, null, null);
        }
    }

    /**
     * @param dryRun     the dry run, as found
     * @param overrides  upload options that replace the dry run's ({@code duplicates}, {@code batchSize}, …), plus
     *                   {@code force=true} to execute again or despite an import of the same file meanwhile
     * @param spoolDir   where uploads are staged: the execution's own link goes there
     * @param checkOptions checks the options as an upload's are checked (notification addresses); throws
     *                   IllegalArgumentException to refuse them
     */
    public Outcome execute(ImportJob dryRun, Map<String, String> overrides, Path spoolDir, Consumer<ImportOptions> checkOptions) {
        if (!dryRun.options().dryRun()) {
            return Outcome.refused(409, "import " + dryRun.id() + " is not a dry run; only a dry run (dryRun=true) can be executed");
        }
        if (dryRun.status() != ImportStatus.COMPLETED && dryRun.status() != ImportStatus.COMPLETED_WITH_ERRORS) {
            return Outcome.refused(409, "dry run " + dryRun.id() + " is " + dryRun.status().dbValue()
                    + "; only a completed dry run can be executed");
        }
        PipelineDefinition pipeline = pipelines.find(dryRun.pipeline()).orElse(null);
        if (pipeline == null) {
            return Outcome.refused(409, "the pipeline " + dryRun.pipeline() + " of dry run " + dryRun.id() + " no longer exists");
        }
        ImportOptions options;
        try {
            options = ImportOptions.from(pipeline, params(dryRun.options(), overrides));
            checkOptions.accept(options);
        } catch (IllegalArgumentException e) {
            return Outcome.refused(400, e.getMessage());
        }
        DryRunRepository.Figures figures = dryRuns.figures(List.of(dryRun.id())).get(dryRun.id());
        UUID earlier = figures == null ? null : figures.executedAs();
        if (earlier != null && !options.force()) {
            return Outcome.refused(409, "dry run " + dryRun.id() + " was already executed as import " + earlier
                    + "; add force=true to execute it again");
        }
        Optional<Path> kept = files.kept(dryRun, figures == null ? null : figures.fileKeptUntil());
        if (kept.isEmpty()) {
            return Outcome.refused(410, "the file of dry run " + dryRun.id() + " is no longer kept "
                    + "(import.dry-run-keep-hours); upload it again");
        }
        try {
            // the override's map. entries (and a saved mapping) checked against the file's header, as an upload's are
            options = intake.mapped(dryRun.pipeline(), kept.get(), dryRun.fileName(), options);
        } catch (IllegalArgumentException e) {
            return Outcome.refused(400, e.getMessage());
        }
        UUID id = UUID.randomUUID();
        Path own = spoolDir.resolve(id + ".upload");
        try {
            linkOrCopy(kept.get(), own);
        } catch (IOException e) {
            return Outcome.refused(410, "the file of dry run " + dryRun.id() + " could not be read: " + e.getMessage());
        }
        Optional<UUID> claimedBefore = dryRuns.claimExecution(dryRun.id(), id, options.force());
        if (claimedBefore.isPresent()) {
            deleteQuietly(own);
            return Outcome.refused(409, "dry run " + dryRun.id() + " was already executed as import " + claimedBefore.get()
                    + "; add force=true to execute it again");
        }
        try {
            // a dry run of a file imported before, on purpose (force=true), executes as such; force here still means
            // "execute again" only when the execute call says it
            ImportOptions registered = dryRun.options().force() ? options.forced() : options;
            ImportJob job = intake.fromDryRun(dryRun, id, own, registered, () -> dryRuns.linkExecution(id, dryRun.id()));
            return new Outcome(202, null, job, null);
        } catch (DuplicateFileException e) {
            dryRuns.releaseExecution(dryRun.id(), id, earlier);
            deleteQuietly(own);
            return new Outcome(409, e.getMessage(), null, e.existing());
        } catch (RuntimeException e) {
            dryRuns.releaseExecution(dryRun.id(), id, earlier);
            deleteQuietly(own);
            throw e;
        }
    }

    /** The dry run's options as upload parameters, the overrides on top; never a dry run again. */
    static Map<String, String> params(ImportOptions dryRun, Map<String, String> overrides) {
        Map<String, String> params = new HashMap<>();
        dryRun.asMap().forEach((name, value) -> {
            if (value instanceof Map<?, ?> nested) {
                nested.forEach((k, v) -> params.put(name + "." + k, String.valueOf(v)));   // map.<column>, set.<column>
            } else if (value != null) {
                params.put(name, String.valueOf(value));
            }
        });
        params.remove("force");
        params.putAll(overrides);
        params.put("dryRun", "false");
        return params;
    }

    private static void linkOrCopy(Path kept, Path own) throws IOException {
        try {
            Files.createLink(own, kept);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(kept, own);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stray staged file; the dry run's own file is untouched
        }
    }
}
