package io.bulkimport.intake;

import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.ImportStatus;
import io.bulkimport.store.DryRunRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a finished dry run's staged upload for {@code import.dry-run-keep-hours}, so {@code POST
 * /api/imports/{id}/execute} can import the same file without a second upload, and deletes it when its time is up
 * (at start and every hour: one indexed query). Only uploads have such a file: an inbox file cannot be a dry run (its
 * options are the pipeline's defaults) and moves to {@code .done/} as before. A dry run that failed or was cancelled
 * keeps nothing. Its scratch table ({@code DryRunClassifier}) goes when it ends, whatever the outcome.
 */
public class DryRunFiles {

    private static final Logger LOG = LoggerFactory.getLogger(DryRunFiles.class);

    private final DryRunRepository dryRuns;
    private final Duration keep;

    /** @param keepHours how long a dry run's file is kept, in hours (fractions allowed); 0 or less keeps none */
    public DryRunFiles(DryRunRepository dryRuns, double keepHours) {
        this.dryRuns = dryRuns;
        this.keep = Duration.ofMillis(Math.max(0, Math.round(keepHours * 3_600_000)));
    }

    /**
     * A dry run ended: its scratch table is dropped and, when it is a completed upload, its file is kept.
     *
     * @return whether the file is kept (the runner then leaves it)
     */
    boolean ended(ImportJob job, ImportStatus status) {
        try {
            dryRuns.dropScratchTable(job.id());
        } catch (RuntimeException e) {
            LOG.warn("dry run {}: scratch table not dropped ({}); the next clean-up drops it", job.id(), e.getMessage());
        }
        boolean completed = status == ImportStatus.COMPLETED || status == ImportStatus.COMPLETED_WITH_ERRORS;
        if (!"upload".equals(job.source()) || !completed || keep.isZero()) {
            return false;
        }
        try {
            Instant until = Instant.now().plus(keep);
            dryRuns.keepFile(job.id(), until);
            LOG.info("dry run {}: its file is kept until {} for POST /api/imports/{}/execute", job.id(), until, job.id());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("dry run {}: its file is not kept ({})", job.id(), e.getMessage());
            return false;
        }
    }

    /** The kept file of a dry run, if it is still kept and there; an expired one is deleted now. */
    public Optional<Path> kept(ImportJob dryRun, Instant keptUntil) {
        Path file = Path.of(dryRun.filePath());
        if (keptUntil == null) {
            return Optional.empty();
        }
        if (!keptUntil.isAfter(Instant.now())) {
            delete(dryRun.id(), file);
            return Optional.empty();
        }
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Deletes the kept files whose time is up and the scratch tables a crash left; returns the files deleted. */
    public int expire() {
        int files = 0;
        for (DryRunRepository.KeptFile kept : dryRuns.expiredFiles(Instant.now())) {
            delete(kept.id(), kept.file());
            files++;
        }
        int tables = dryRuns.dropLeftoverScratchTables();
        if (files > 0 || tables > 0) {
            LOG.info("dry runs: {} kept files expired and deleted, {} leftover scratch tables dropped", files, tables);
        }
        return files;
    }

    /** Runs {@link #expire} now and every hour on {@code scheduler}. */
    public void scheduleOn(ScheduledExecutorService scheduler) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                expire();
            } catch (RuntimeException e) {
                LOG.warn("dry run clean-up failed, tried again in an hour: {}", e.getMessage());
            }
        }, 0, 1, TimeUnit.HOURS);
    }

    private void delete(java.util.UUID id, Path file) {
        try {
            SpooledUpload.delete(file);
            dryRuns.fileGone(id);
        } catch (RuntimeException e) {
            LOG.warn("dry run {}: its expired file {} could not be deleted: {}", id, file, e.getMessage());
        }
    }
}
