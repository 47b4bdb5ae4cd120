package io.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorBudgetTest {

    @Test
    void reads_a_count_a_percentage_and_what_stopping_means() {
        assertThat(ErrorBudget.parse("25", null)).isEqualTo(new ErrorBudget(25L, null, false));
        assertThat(ErrorBudget.parse(" 5% ", "rollback")).isEqualTo(new ErrorBudget(null, 5.0, true));
        assertThat(ErrorBudget.parse("0.5%", "STOP")).isEqualTo(new ErrorBudget(null, 0.5, false));
        assertThat(ErrorBudget.parse("0", "rollback").maxCount()).isZero();
        assertThat(ErrorBudget.parse(null, null)).isEqualTo(ErrorBudget.NONE);
        assertThat(ErrorBudget.NONE.limited()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ten", "-1", "101%", "%", "1.5"})
    void refuses_a_budget_that_is_not_a_count_or_a_percentage(String value) {
        assertThatThrownBy(() -> ErrorBudget.parse(value, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxErrors");
    }

    @Test
    void refuses_an_unknown_way_of_stopping() {
        assertThatThrownBy(() -> ErrorBudget.parse("5", "ignore")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("onTooManyErrors must be stop or rollback, was 'ignore'");
    }

    @Test
    void survives_the_trip_through_the_jobs_stored_options() {
        for (ErrorBudget budget : new ErrorBudget[] {ErrorBudget.parse("25", "rollback"), ErrorBudget.parse("2.5%", null),
                ErrorBudget.NONE}) {
            assertThat(ErrorBudget.fromMap(Map.copyOf(budget.asMap()))).isEqualTo(budget);
        }
    }
}
