package io.bulkimport.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyAdvisorTest {

    @Test
    void always_tries_copy_while_it_keeps_succeeding() {
        CopyAdvisor advisor = new CopyAdvisor();

        for (int i = 0; i < 100; i++) {
            assertThat(advisor.shouldTry()).isTrue();
            advisor.succeeded();
        }
    }

    @Test
    void backs_off_doubling_after_each_conflict() {
        // given an import whose every copy attempt conflicts
        CopyAdvisor advisor = new CopyAdvisor();
        List<Integer> attempts = new ArrayList<>();

        // when 40 batches go by
        for (int batch = 0; batch < 40; batch++) {
            if (advisor.shouldTry()) {
                attempts.add(batch);
                advisor.conflicted();
            }
        }

        // then it tried at batches 0, 2, 5, 10, 19, 36: skipping 1, 2, 4, 8, 16 between
        assertThat(attempts).containsExactly(0, 2, 5, 10, 19, 36);
    }

    @Test
    void a_success_after_conflicts_resets_the_backoff() {
        CopyAdvisor advisor = new CopyAdvisor();
        advisor.conflicted();
        advisor.conflicted();
        advisor.succeeded();
        advisor.conflicted();

        assertThat(advisor.shouldTry()).isFalse();
        assertThat(advisor.shouldTry()).isTrue();
    }
}
