package io.bulkimport.pipeline;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Everything the stages need to know about the import a batch belongs to. One per running import. */
public final class ImportContext {

    private final UUID importId;
    private final PipelineDefinition pipeline;
    private final ImportOptions options;
    private final String fileName;
    private final Path file;
    private final List<String> header;
    private final HeaderMapping mapping;
    private final CommitSequencer sequencer;
    private final Instant startedAt = Instant.now();
    private volatile boolean cancelled;
    private volatile boolean suspended;
    private volatile boolean retry;
    private volatile StageProgress stageProgress = StageProgress.NONE;
    private Object columnReaders;
    private final ErrorBudgetJudge budget;

    public ImportContext(UUID importId, PipelineDefinition pipeline, ImportOptions options, String fileName, Path file,
                         List<String> header, HeaderMapping mapping, CommitSequencer sequencer) {
        this.importId = importId;
        this.pipeline = pipeline;
        this.options = options;
        this.fileName = fileName;
        this.file = file;
        this.header = List.copyOf(header);
        this.mapping = mapping;
        this.sequencer = sequencer;
        this.budget = new ErrorBudgetJudge(options.errorBudget());
    }

    public UUID importId() {
        return importId;
    }

    public PipelineDefinition pipeline() {
        return pipeline;
    }

    public ImportOptions options() {
        return options;
    }

    public String fileName() {
        return fileName;
    }

    public Path file() {
        return file;
    }

    public List<String> header() {
        return header;
    }

    public HeaderMapping mapping() {
        return mapping;
    }

    /**
     * By column position, whether this file brings the column: a header cell maps to it, or the upload gives it a
     * constant ({@code set.<column>=}). An {@code update} or {@code merge} changes only those in an existing row.
     * Every column of a catch-all pipeline.
     */
    public boolean[] broughtColumns() {
        List<ColumnDefinition> columns = pipeline.columnDefinitions();
        boolean[] brought = new boolean[columns.size()];
        for (int i = 0; i < brought.length; i++) {
            brought[i] = pipeline.schemaless() || mapping.position(i) >= 0
                    || options.columns().set().containsKey(columns.get(i).name());
        }
        return brought;
    }

    public CommitSequencer sequencer() {
        return sequencer;
    }

    /**
     * What validation reads typed values with (its compiled formatters), made by {@code make} on the first call and
     * kept for the import: one per import, whichever batch thread asks first.
     */
    public synchronized <T> T columnReaders(Class<T> type, Function<ImportContext, T> make) {
        if (columnReaders == null) {
            columnReaders = make.apply(this);
        }
        return type.cast(columnReaders);
    }

    public Instant startedAt() {
        return startedAt;
    }

    public boolean cancelled() {
        return cancelled;
    }

    public void cancel() {
        cancelled = true;
    }

    /** This run re-drives the rows an earlier run of the import reported as failed. */
    public void markRetry() {
        retry = true;
    }

    public boolean retry() {
        return retry;
    }

    /** Where the pipeline's slow stage reports its work on batches not committed yet (the runner sets it). */
    public void reportStageProgressTo(StageProgress progress) {
        stageProgress = progress;
    }

    public StageProgress stageProgress() {
        return stageProgress;
    }

    /** The service is stopping: read no further batches, leave the job resumable. */
    public void suspend() {
        suspended = true;
    }

    public boolean suspended() {
        return suspended;
    }

    /** The judge of this run's error budget; the store stages tell it each committed batch's counters. */
    public ErrorBudgetJudge budget() {
        return budget;
    }

    /**
     * Batches not committed yet are dropped, uncounted: the import was cancelled or went past its error budget
     * (the batch that crossed it is the last one committed).
     */
    public boolean discarding() {
        return cancelled || budget.exceeded();
    }

    /** Whether the reader should hand out more batches. */
    public boolean accepting() {
        return !cancelled && !suspended && !budget.exceeded();
    }
}
