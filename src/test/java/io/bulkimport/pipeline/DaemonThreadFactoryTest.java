package io.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DaemonThreadFactoryTest {

    @Test
    void names_threads_after_the_pool_counting_from_one_and_makes_them_daemons() {
        // given the factory of pool "batch"
        DaemonThreadFactory factory = DaemonThreadFactory.daemon("batch");

        // when it makes two threads
        Thread first = factory.newThread(() -> { });
        Thread second = factory.newThread(() -> { });

        // then they are named batch-1 and batch-2 and do not keep the JVM alive
        assertThat(first.getName()).isEqualTo("batch-1");
        assertThat(second.getName()).isEqualTo("batch-2");
        assertThat(first.isDaemon()).isTrue();
        assertThat(second.isDaemon()).isTrue();
    }

    @Test
    void each_factory_counts_its_own_threads() {
        // given two pools' factories
        DaemonThreadFactory hash = new DaemonThreadFactory("hash");
        DaemonThreadFactory notify = new DaemonThreadFactory("notify");

        // when each makes a thread, then both start at 1
        assertThat(hash.newThread(() -> { }).getName()).isEqualTo("hash-1");
        assertThat(notify.newThread(() -> { }).getName()).isEqualTo("notify-1");
    }
}
