package io.bulkimport.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DryRunCountsTest {

    @Test
    void splits_what_the_write_stored_into_inserts_and_updates_and_keeps_its_duplicates_and_refusals() {
        // given a batch whose write stored 7 rows (3 of them new keys), left 4 alone and had 1 refused; 2 failed validation
        WriteResult written = new WriteResult(7, 4, 1);

        // when
        DryRunCounts counts = DryRunCounts.of(written, 3, 2);

        // then the real import's counters follow from the figures: stored = insert + update, duplicate, failed
        assertThat(counts).isEqualTo(new DryRunCounts(3, 4, 4, 3));
        assertThat(counts.wouldInsert() + counts.wouldUpdate()).isEqualTo(written.stored());
        assertThat(counts.wouldFail()).isEqualTo(2 + written.refused());
    }

    @Test
    void refuses_more_inserts_than_rows_stored() {
        assertThatThrownBy(() -> DryRunCounts.of(new WriteResult(1, 0), 2, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 inserts");
    }

    @Test
    void adds_up_batch_by_batch_and_shows_the_job_json_names() {
        DryRunCounts total = new DryRunCounts(1, 2, 3, 4).plus(new DryRunCounts(10, 20, 30, 40));

        assertThat(total.asMap()).containsExactly(java.util.Map.entry("wouldInsert", 11L), java.util.Map.entry("wouldUpdate", 22L),
                java.util.Map.entry("wouldLeaveUnchanged", 33L), java.util.Map.entry("wouldFail", 44L));
    }
}
