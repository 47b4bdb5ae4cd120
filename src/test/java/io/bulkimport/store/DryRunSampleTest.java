package io.bulkimport.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.PreparedRow;
import io.bulkimport.pipeline.RowError;
import io.bulkimport.pipeline.TestImports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DryRunSampleTest {

    private final PipelineDefinition users = TestImports.users();   // email (key), name, user_type, password_hash (secret)

    @Test
    void keeps_rows_in_column_order_with_their_numbers_and_masks_secret_columns() {
        // given
        DryRunSample sample = new DryRunSample(users.columnDefinitions());

        // when
        sample.addRows(List.of(row(2, "a@x.org", "Ann", "member", "s3cret-pass"), row(3, "b@x.org", "Bob", "admin", null)));

        // then
        List<Map<String, Object>> rows = rows(sample);
        assertThat(rows.get(0)).containsExactly(Map.entry("rowNumber", 2L), Map.entry("email", "a@x.org"),
                Map.entry("name", "Ann"), Map.entry("user_type", "member"), Map.entry("password_hash", "***"));
        assertThat(rows.get(1)).containsEntry("password_hash", null);
    }

    @Test
    void stops_at_its_limit_and_takes_nothing_twice_when_a_batch_is_played_again() {
        // given more rows than the sample keeps
        DryRunSample sample = new DryRunSample(users.columnDefinitions());
        List<PreparedRow> first = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            first.add(row(i + 2, "u" + i + "@x.org", "U", "member", null));
        }
        List<PreparedRow> second = new ArrayList<>();
        for (int i = 60; i < 150; i++) {
            second.add(row(i + 2, "u" + i + "@x.org", "U", "member", null));
        }

        // when the first batch is played twice (a redelivery), then the second
        sample.addRows(first);
        int version = sample.version();
        sample.addRows(first);
        sample.addRows(second);

        // then
        assertThat(version).isEqualTo(60);
        assertThat(rows(sample)).hasSize(DryRunSample.LIMIT).extracting(r -> r.get("rowNumber"))
                .doesNotHaveDuplicates().startsWith(2L, 3L).endsWith((long) DryRunSample.LIMIT + 1);
        assertThat(sample.wantsRows()).isFalse();
    }

    @Test
    void records_a_change_field_by_field_with_the_key_and_the_secret_masked() {
        // given
        DryRunSample sample = new DryRunSample(users.columnDefinitions());

        // when
        boolean changed = sample.addChange(7, new String[] {"a@x.org", "Ann", "member", "$2a$old"},
                new String[] {"a@x.org", "Anna", "member", "$2a$new"});

        // then
        assertThat(changed).isTrue();
        Map<String, Object> change = changes(sample).get(0);
        assertThat(change).containsEntry("rowNumber", 7L).containsEntry("key", Map.of("email", "a@x.org"));
        assertThat(change.get("changes")).isEqualTo(List.of(
                Map.of("column", "name", "old", "Ann", "new", "Anna"),
                Map.of("column", "password_hash", "old", "***", "new", "***")));
    }

    @Test
    void an_unchanged_row_or_an_empty_left_empty_is_no_change() {
        DryRunSample sample = new DryRunSample(users.columnDefinitions());

        boolean same = sample.addChange(2, new String[] {"a@x.org", "Ann", "member", null},
                new String[] {"a@x.org", "Ann", "member", null});
        boolean emptyToNull = sample.addChange(3, new String[] {"b@x.org", "", "member", null},
                new String[] {"b@x.org", null, "member", null});

        assertThat(same).isFalse();
        assertThat(emptyToNull).isFalse();
        assertThat(changes(sample)).isEmpty();
        assertThat(sample.version()).isZero();
    }

    @Test
    void lists_refused_rows_without_their_values() {
        DryRunSample sample = new DryRunSample(users.columnDefinitions());

        sample.addRefused(List.of(new RowError(9, "store", "name", "secret value", "rejected by the database: too long", List.of("x"))));

        assertThat(sample.asMap().get("refused")).isEqualTo(List.of(
                Map.of("rowNumber", 9L, "column", "name", "reason", "rejected by the database: too long")));
        assertThat(sample.asMap().toString()).doesNotContain("secret value");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(DryRunSample sample) {
        return (List<Map<String, Object>>) sample.asMap().get("rows");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> changes(DryRunSample sample) {
        return (List<Map<String, Object>>) sample.asMap().get("changes");
    }

    private static PreparedRow row(long number, String... values) {
        return new PreparedRow(number, values, java.util.Arrays.asList(values));
    }
}
