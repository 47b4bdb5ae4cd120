package io.bulkimport.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.PreparedRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicateCollapserTest {

    // columns: 0 = email (key), 1 = name, 2 = phone
    private static final int[] EMAIL_KEY = {0};

    @Test
    void leaves_a_batch_without_repeated_keys_as_it_is() {
        // given
        List<PreparedRow> rows = List.of(row(2, "a@x.org", "Ann", "1"), row(3, "b@x.org", "Bob", "2"));

        // when
        DuplicateCollapser.Collapsed result = DuplicateCollapser.collapse(rows, EMAIL_KEY, "skip");

        // then
        assertThat(result.rows()).containsExactlyElementsOf(rows);
        assertThat(result.folded()).isEqualTo(WriteResult.NONE);
    }

    @Test
    void keeps_the_first_occurrence_under_skip_and_counts_later_ones_duplicate() {
        // given
        List<PreparedRow> rows = List.of(row(2, "a@x.org", "Ann", "1"), row(3, "b@x.org", "Bob", "2"),
                row(4, "a@x.org", "Anna", "9"), row(5, "a@x.org", "Annie", null));

        // when
        DuplicateCollapser.Collapsed result = DuplicateCollapser.collapse(rows, EMAIL_KEY, "skip");

        // then
        assertThat(result.rows()).extracting(PreparedRow::rowNumber).containsExactly(2L, 3L);
        assertThat(result.rows().get(0).values()).containsExactly("a@x.org", "Ann", "1");
        assertThat(result.folded()).isEqualTo(new WriteResult(0, 2));
    }

    @Test
    void takes_the_later_values_under_update_and_counts_them_stored() {
        // given
        List<PreparedRow> rows = List.of(row(2, "a@x.org", "Ann", "1"), row(3, "a@x.org", "Anna", null));

        // when
        DuplicateCollapser.Collapsed result = DuplicateCollapser.collapse(rows, EMAIL_KEY, "update");

        // then the later row wins completely, including its empty phone
        assertThat(result.rows()).hasSize(1);
        assertThat(result.rows().get(0).values()).containsExactly("a@x.org", "Anna", null);
        assertThat(result.folded()).isEqualTo(new WriteResult(1, 0));
    }

    @Test
    void counts_an_identical_later_row_duplicate_under_update() {
        // given
        List<PreparedRow> rows = List.of(row(2, "a@x.org", "Ann", "1"), row(3, "a@x.org", "Anna", "1"),
                row(4, "a@x.org", "Anna", "1"));

        // when
        DuplicateCollapser.Collapsed result = DuplicateCollapser.collapse(rows, EMAIL_KEY, "update");

        // then row 3 changed the values, row 4 repeated them
        assertThat(result.rows().get(0).values()).containsExactly("a@x.org", "Anna", "1");
        assertThat(result.folded()).isEqualTo(new WriteResult(1, 1));
    }

    @Test
    void fills_only_empty_or_null_values_under_merge() {
        // given
        List<PreparedRow> rows = List.of(row(2, "a@x.org", "", null), row(3, "a@x.org", "Anna", "555"),
                row(4, "a@x.org", "Annie", "777"));

        // when
        DuplicateCollapser.Collapsed result = DuplicateCollapser.collapse(rows, EMAIL_KEY, "merge");

        // then row 3 filled both gaps, row 4 found nothing left to fill
        assertThat(result.rows()).hasSize(1);
        assertThat(result.rows().get(0).values()).containsExactly("a@x.org", "Anna", "555");
        assertThat(result.folded()).isEqualTo(new WriteResult(1, 1));
    }

    @Test
    void does_not_overwrite_a_value_with_an_empty_one_under_merge() {
        // given
        List<PreparedRow> rows = List.of(row(2, "a@x.org", "Ann", null), row(3, "a@x.org", null, null));

        // when
        DuplicateCollapser.Collapsed result = DuplicateCollapser.collapse(rows, EMAIL_KEY, "merge");

        // then
        assertThat(result.rows().get(0).values()).containsExactly("a@x.org", "Ann", null);
        assertThat(result.folded()).isEqualTo(new WriteResult(0, 1));
    }

    @Test
    void keeps_the_row_number_and_raw_cells_of_the_first_occurrence() {
        // given
        PreparedRow first = row(7, "a@x.org", "Ann", null);
        List<PreparedRow> rows = List.of(first, row(9, "a@x.org", "Anna", "1"));

        // when
        DuplicateCollapser.Collapsed update = DuplicateCollapser.collapse(rows, EMAIL_KEY, "update");
        DuplicateCollapser.Collapsed merge = DuplicateCollapser.collapse(rows, EMAIL_KEY, "merge");

        // then
        for (DuplicateCollapser.Collapsed result : List.of(update, merge)) {
            assertThat(result.rows()).singleElement().satisfies(r -> {
                assertThat(r.rowNumber()).isEqualTo(7L);
                assertThat(r.rawRow()).isEqualTo(first.rawRow());
            });
        }
    }

    @Test
    void keeps_the_position_of_the_first_occurrence_in_the_output_order() {
        // given
        List<PreparedRow> rows = List.of(row(2, "a@x.org", "Ann", null), row(3, "b@x.org", "Bob", null),
                row(4, "a@x.org", "Anna", null), row(5, "c@x.org", "Cy", null));

        // when
        DuplicateCollapser.Collapsed result = DuplicateCollapser.collapse(rows, EMAIL_KEY, "update");

        // then
        assertThat(result.rows()).extracting(PreparedRow::rowNumber).containsExactly(2L, 3L, 5L);
        assertThat(result.rows().get(0).values()[1]).isEqualTo("Anna");
    }

    @Test
    void treats_rows_as_the_same_key_only_when_every_key_column_matches() {
        // given a key of (email, phone)
        int[] emailAndPhone = {0, 2};
        List<PreparedRow> rows = List.of(row(2, "a@x.org", "Ann", "1"), row(3, "a@x.org", "Ann B", "2"),
                row(4, "a@x.org", "Anna", "1"));

        // when
        DuplicateCollapser.Collapsed result = DuplicateCollapser.collapse(rows, emailAndPhone, "skip");

        // then
        assertThat(result.rows()).extracting(PreparedRow::rowNumber).containsExactly(2L, 3L);
        assertThat(result.folded()).isEqualTo(new WriteResult(0, 1));
    }

    @Test
    void does_not_modify_the_rows_it_was_given() {
        // given
        PreparedRow first = row(2, "a@x.org", null, "1");
        List<PreparedRow> rows = List.of(first, row(3, "a@x.org", "Anna", "2"));

        // when
        DuplicateCollapser.collapse(rows, EMAIL_KEY, "merge");
        DuplicateCollapser.collapse(rows, EMAIL_KEY, "update");

        // then
        assertThat(first.values()).containsExactly("a@x.org", null, "1");
    }

    @Test
    void handles_an_empty_batch() {
        // when
        DuplicateCollapser.Collapsed result = DuplicateCollapser.collapse(List.of(), EMAIL_KEY, "merge");

        // then
        assertThat(result.rows()).isEmpty();
        assertThat(result.folded()).isEqualTo(WriteResult.NONE);
    }

    private static PreparedRow row(long rowNumber, String... values) {
        return new PreparedRow(rowNumber, values, new ArrayList<>(Arrays.asList(values)));
    }
}
