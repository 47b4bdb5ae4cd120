package io.bulkimport.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.PipelineDefinition;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UpsertStatementTest {

    private static final String PREFIX = "insert into people as t (email, name, age, import_id)"
            + " select u.email, u.name, u.age::bigint, ?::uuid"
            + " from unnest(?::text[], ?::text[], ?::text[]) as u(email, name, age) on conflict (email) ";

    @Test
    void does_nothing_on_conflict_under_skip() {
        // when
        String sql = UpsertStatement.sql(people(), "skip", null);

        // then
        assertThat(sql).isEqualTo(PREFIX + "do nothing");
    }

    @Test
    void updates_only_rows_whose_values_differ_under_update() {
        // when
        String sql = UpsertStatement.sql(people(), "update", null);

        // then
        assertThat(sql).isEqualTo(PREFIX + "do update set name = excluded.name, age = excluded.age,"
                + " import_id = excluded.import_id"
                + " where (t.name, t.age) is distinct from (excluded.name, excluded.age)");
    }

    @Test
    void leaves_a_column_the_file_does_not_bring_as_it_is_under_update_and_merge() {
        // given a file with email and age, no name
        boolean[] brought = {true, false, true};

        // when
        String update = UpsertStatement.sql(people(), "update", brought);
        String merge = UpsertStatement.sql(people(), "merge", brought);

        // then
        assertThat(update).isEqualTo(PREFIX + "do update set age = excluded.age, import_id = excluded.import_id"
                + " where (t.age) is distinct from (excluded.age)");
        assertThat(merge).doesNotContain("name =").contains("age = coalesce(t.age, excluded.age)");
        assertThat(UpsertStatement.broughtKey(brought)).isEqualTo("101");
    }

    @Test
    void fills_only_empty_values_under_merge_treating_empty_text_as_missing() {
        // when
        String sql = UpsertStatement.sql(people(), "merge", null);

        // then text columns go through nullif(.., ''), typed columns cannot hold '' and do not
        assertThat(sql).isEqualTo(PREFIX + "do update set name = coalesce(nullif(t.name, ''), excluded.name),"
                + " age = coalesce(t.age, excluded.age), import_id = excluded.import_id"
                + " where (nullif(t.name, '') is null and excluded.name is not null)"
                + " or (t.age is null and excluded.age is not null)");
    }

    @Test
    void casts_each_typed_column_from_text_and_leaves_text_and_email_alone() {
        // given
        PipelineDefinition pipeline = pipeline("typed", """
                id: { key: true, format: integer }
                price: { format: decimal }
                active: { format: boolean }
                mail: { format: email }
                note: {}
                """);

        // when
        String sql = UpsertStatement.sql(pipeline, "skip", null);

        // then
        assertThat(sql).contains("select u.id::bigint, u.price::numeric, u.active::boolean, u.mail, u.note, ?::uuid");
    }

    @Test
    void binds_one_text_array_per_column_after_the_import_id() {
        // when
        String sql = UpsertStatement.sql(people(), "merge", null);

        // then the import id comes first in the text, so it is parameter 1
        assertThat(sql.chars().filter(c -> c == '?').count()).isEqualTo(4);
        assertThat(sql.indexOf("?::uuid")).isLessThan(sql.indexOf("?::text[]"));
    }

    @Test
    void names_every_key_column_in_the_conflict_target() {
        // given
        PipelineDefinition pipeline = pipeline("stock", """
                warehouse: { key: true }
                sku: { key: true }
                quantity: { format: integer }
                """);

        // when
        String sql = UpsertStatement.sql(pipeline, "update", null);

        // then
        assertThat(sql).contains("on conflict (warehouse, sku) do update set quantity = excluded.quantity,")
                .endsWith("where (t.quantity) is distinct from (excluded.quantity)");
    }

    @Test
    void does_nothing_when_every_column_is_part_of_the_key_whatever_the_strategy() {
        // given
        PipelineDefinition pipeline = pipeline("tags", "tag: { key: true }\n");

        // when
        List<String> statements = List.of(UpsertStatement.sql(pipeline, "update", null), UpsertStatement.sql(pipeline, "merge", null));

        // then
        assertThat(statements).allSatisfy(sql -> assertThat(sql).endsWith("on conflict (tag) do nothing"));
    }

    @Test
    void uses_the_pipeline_name_as_table_when_no_table_is_declared() {
        // given
        PipelineDefinition pipeline = new PipelineDefinition();
        pipeline.setName("leads");
        pipeline.setColumns("email: { key: true }");

        // when
        String sql = UpsertStatement.sql(pipeline, "skip", null);

        // then
        assertThat(sql).startsWith("insert into leads as t (");
    }

    @Test
    void contains_no_identifier_that_was_not_declared() {
        // given
        Set<String> sqlWords = Set.of("insert", "into", "as", "t", "select", "u", "uuid", "from", "unnest", "text",
                "on", "conflict", "do", "update", "set", "excluded", "where", "is", "distinct", "nothing", "coalesce",
                "nullif", "null", "not", "and", "or", "bigint", "import_id");
        Set<String> declared = Set.of("people", "email", "name", "age");

        for (String strategy : List.of("skip", "update", "merge")) {
            // when
            String sql = UpsertStatement.sql(people(), strategy, null);

            // then every word is SQL, the bookkeeping column, or a declared name
            Matcher words = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(sql);
            Set<String> unknown = words.results().map(m -> m.group())
                    .filter(w -> !sqlWords.contains(w) && !declared.contains(w)).collect(Collectors.toSet());
            assertThat(unknown).as(strategy).isEmpty();
        }
    }

    @Test
    void never_gets_a_declaration_without_a_conflict_target() {
        // given a pipeline whose columns have no key
        PipelineDefinition pipeline = new PipelineDefinition();
        pipeline.setName("p_notes");

        // when / then: the declaration is refused, so no statement with "on conflict ()" can be built
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pipeline.setColumns("title: {}\nbody: {}\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key: true");
    }

    private static PipelineDefinition people() {
        PipelineDefinition pipeline = pipeline("people", """
                email: { key: true, format: email }
                name: {}
                age: { format: integer }
                """);
        return pipeline;
    }

    private static PipelineDefinition pipeline(String table, String columns) {
        PipelineDefinition pipeline = new PipelineDefinition();
        pipeline.setName("p_" + table);
        pipeline.setTable(table);
        pipeline.setColumns(columns);
        return pipeline;
    }

    @Test
    void an_update_saves_before_images_in_the_same_statement_with_the_same_parameters() {
        for (String strategy : List.of("update", "merge")) {
            String sql = UpsertStatement.sqlWithBeforeImages(people(), strategy, null);

            assertThat(sql).startsWith("with p as (select ?::uuid as import_id), u as (select * from unnest(")
                    .contains("before as (insert into import_row_changes")
                    .contains("on conflict do nothing) insert into people as t");
            assertThat(sql.chars().filter(c -> c == '?').count())
                    .isEqualTo(UpsertStatement.sql(people(), strategy, null).chars().filter(c -> c == '?').count());
        }
    }
}
