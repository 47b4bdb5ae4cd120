package io.bulkimport.hash;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DryRunEstimateTest {

    @Test
    void writes_durations_the_way_people_read_them() {
        assertThat(DryRunEstimate.duration(0.4)).isEqualTo("0s");
        assertThat(DryRunEstimate.duration(45)).isEqualTo("45s");
        assertThat(DryRunEstimate.duration(200)).isEqualTo("3m 20s");
        assertThat(DryRunEstimate.duration(2 * 3600 + 5 * 60 + 10)).isEqualTo("2h 05m");
        assertThat(DryRunEstimate.duration(Double.NaN)).isEqualTo("?");
    }
}
