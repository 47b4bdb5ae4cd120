package io.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorBudgetJudgeTest {

    private static final long SAMPLE = ErrorBudgetJudge.PERCENT_SAMPLE_ROWS;

    @Test
    void a_count_stops_at_the_first_batch_that_takes_the_failures_past_it() {
        // given maxErrors=10 and batches of 100 rows with 4 failures each
        ErrorBudgetJudge judge = new ErrorBudgetJudge(ErrorBudget.parse("10", null));

        // when / then: 4 and 8 failed rows are within it, 12 are past it
        assertThat(judge.committed(100, 4)).isFalse();
        assertThat(judge.committed(100, 4)).isFalse();
        assertThat(judge.committed(100, 4)).isTrue();
        assertThat(judge.reason()).isEqualTo("too many errors: 12 of 300 rows read failed (maxErrors=10)");
    }

    @Test
    void exactly_the_count_is_still_within_the_budget() {
        ErrorBudgetJudge judge = new ErrorBudgetJudge(ErrorBudget.parse("10", null));

        assertThat(judge.committed(50, 10)).isFalse();
        assertThat(judge.endOfFile()).isFalse();
        assertThat(judge.reason()).isNull();
    }

    @Test
    void zero_errors_stops_at_the_first_failed_row() {
        ErrorBudgetJudge judge = new ErrorBudgetJudge(ErrorBudget.parse("0", "rollback"));

        assertThat(judge.committed(100, 0)).isFalse();
        assertThat(judge.committed(100, 1)).isTrue();
        assertThat(judge.rollback()).isTrue();
    }

    @Test
    void a_percentage_waits_for_its_sample_before_judging_mid_file() {
        // given maxErrors=50% and a file whose first batches fail entirely
        ErrorBudgetJudge judge = new ErrorBudgetJudge(ErrorBudget.parse("50%", null));
        long perBatch = SAMPLE / 4;

        // when / then: under the sample nothing is judged, the batch that reaches it is
        for (int i = 0; i < 3; i++) {
            assertThat(judge.committed(perBatch, perBatch)).isFalse();
        }
        assertThat(judge.committed(perBatch, perBatch)).isTrue();
        assertThat(judge.reason()).isEqualTo("too many errors: " + 4 * perBatch + " of " + 4 * perBatch
                + " rows read failed (maxErrors=50%)");
    }

    @Test
    void a_percentage_is_judged_over_the_whole_file_at_its_end_however_small() {
        // given 61 of 100 rows failed, below the mid-file sample
        ErrorBudgetJudge judge = new ErrorBudgetJudge(ErrorBudget.parse("50%", null));
        judge.committed(100, 61);
        assertThat(judge.exceeded()).isFalse();

        // when the file has been read, then
        assertThat(judge.endOfFile()).isTrue();
        assertThat(judge.reason()).isEqualTo("too many errors: 61 of 100 rows read failed (maxErrors=50%)");
    }

    @Test
    void a_percentage_exactly_at_the_budget_passes() {
        ErrorBudgetJudge judge = new ErrorBudgetJudge(ErrorBudget.parse("2.5%", null));
        judge.committed(2 * SAMPLE, SAMPLE / 20);   // 2.5% exactly

        assertThat(judge.exceeded()).isFalse();
        assertThat(judge.endOfFile()).isFalse();
        assertThat(judge.committed(0, 1)).isTrue();
        assertThat(judge.reason()).endsWith("(maxErrors=2.5%)");
    }

    @Test
    void a_resumed_import_judges_the_counters_committed_before_it() {
        // given an import that crossed maxErrors=10 in the batch it committed just before a crash
        ErrorBudgetJudge resumed = new ErrorBudgetJudge(ErrorBudget.parse("10", null));
        ErrorBudgetJudge fresh = new ErrorBudgetJudge(ErrorBudget.parse("10", null));

        // when it resumes, then it is past the budget before reading on; a fresh one is not
        assertThat(resumed.resume(300, 11)).isTrue();
        assertThat(resumed.reason()).isEqualTo("too many errors: 11 of 300 rows read failed (maxErrors=10)");
        assertThat(fresh.resume(0, 0)).isFalse();
    }

    @Test
    void once_past_the_budget_it_stays_past_with_the_reason_of_the_batch_that_crossed() {
        ErrorBudgetJudge judge = new ErrorBudgetJudge(ErrorBudget.parse("1", null));
        judge.committed(10, 2);

        judge.committed(10_000, 0);

        assertThat(judge.exceeded()).isTrue();
        assertThat(judge.reason()).isEqualTo("too many errors: 2 of 10 rows read failed (maxErrors=1)");
    }

    @Test
    void no_budget_never_stops() {
        ErrorBudgetJudge judge = new ErrorBudgetJudge(ErrorBudget.NONE);

        assertThat(judge.committed(SAMPLE, SAMPLE)).isFalse();
        assertThat(judge.endOfFile()).isFalse();
    }
}
