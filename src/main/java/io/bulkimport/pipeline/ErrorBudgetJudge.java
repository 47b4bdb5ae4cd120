package io.bulkimport.pipeline;

/**
 * Judges one run of an import against its {@link ErrorBudget}, batch by committed batch. Batches commit in file
 * order ({@link CommitSequencer}) and each adds its counters here right after its commit, so the totals judged are
 * exactly the committed ones, and the same file always stops after the same batch.
 *
 * <p>The rule (README, "Error budget and constant columns"; the same idea as Spring Batch's skip limit):
 * <ul>
 *   <li>a count ({@code maxErrors=10}) is judged after every committed batch: more than 10 failed rows stops;</li>
 *   <li>a percentage ({@code maxErrors=5%}) is judged after every committed batch once at least
 *       {@link #PERCENT_SAMPLE_ROWS} rows have been read (a smaller sample says little about the file), and once more
 *       when the whole file has been read: more than 5% of the rows read failed stops;</li>
 *   <li>rows failed at any stage count: validation, rows the database refused, dead-lettered batches.</li>
 * </ul>
 * A resumed import starts from the counters committed before the crash ({@link #resume}), so it judges as the
 * uninterrupted run would have. Thread-safe.
 */
public final class ErrorBudgetJudge {

    /** Rows a percentage waits for before it is judged mid-file. */
    public static final long PERCENT_SAMPLE_ROWS = 1000;

    /** How the reason of an import stopped by its budget begins. */
    public static final String TOO_MANY_ERRORS = "too many errors: ";

    private final ErrorBudget budget;
    private long read;
    private long failed;
    private String exceeded;

    public ErrorBudgetJudge(ErrorBudget budget) {
        this.budget = budget == null ? ErrorBudget.NONE : budget;
    }

    /**
     * Starts from the counters committed before this run (a resumed import) and judges them as the batch that
     * committed last would have been judged.
     *
     * @return true when they are past the budget already
     */
    public synchronized boolean resume(long rowsRead, long rowsFailed) {
        read = rowsRead;
        failed = rowsFailed;
        return judge(false);
    }

    /**
     * Adds a committed batch's rows read and failed.
     *
     * @return true when the import is past its budget now (and stays so)
     */
    public synchronized boolean committed(long batchRead, long batchFailed) {
        read += batchRead;
        failed += batchFailed;
        return judge(false);
    }

    /**
     * The whole file has been read: a percentage is judged over all of it, whatever its size.
     *
     * @return true when the import is past its budget
     */
    public synchronized boolean endOfFile() {
        return judge(true);
    }

    /** Whether the import is past its budget. */
    public synchronized boolean exceeded() {
        return exceeded != null;
    }

    /**
     * Why the import stopped, naming the budget: {@code too many errors: 61 of 100 rows read failed (maxErrors=50%)};
     * null while it is within it.
     */
    public synchronized String reason() {
        return exceeded;
    }

    /** Whether stopping rolls back what the import stored. */
    public boolean rollback() {
        return budget.rollback();
    }

    private boolean judge(boolean wholeFile) {
        if (exceeded == null && over(budget, read, failed, wholeFile)) {
            exceeded = TOO_MANY_ERRORS + failed + " of " + read + " rows read failed (maxErrors=" + budget.maxErrors() + ")";
        }
        return exceeded != null;
    }

    /**
     * The rule itself.
     *
     * @param wholeFile every row of the file has been read (a percentage needs no minimum sample then)
     */
    static boolean over(ErrorBudget budget, long read, long failed, boolean wholeFile) {
        if (budget.maxCount() != null) {
            return failed > budget.maxCount();
        }
        if (budget.maxPercent() == null || read == 0 || (!wholeFile && read < PERCENT_SAMPLE_ROWS)) {
            return false;
        }
        return failed * 100.0 > budget.maxPercent() * read;
    }
}
