package io.bulkimport.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.ImportOptions;
import io.bulkimport.pipeline.RowError;
import io.bulkimport.pipeline.TestImports;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class ExistingKeysOnlyTest {

    private static final ImportOptions UPDATE_ONLY = new ImportOptions("update", 1000, false, false, false, null);

    @Test
    void asks_for_the_batchs_keys_in_one_query_with_bound_arrays() {
        assertThat(ExistingKeysOnly.sql(TestImports.users())).isEqualTo(
                "select u.email from unnest(?::text[]) as u(email) "
                        + "where exists (select 1 from users t where t.email = u.email)");
    }

    @Test
    void compares_typed_and_composite_keys_as_their_column_types() {
        // given
        var pipeline = TestImports.pipeline("stock", """
                sku:   { key: true }
                store: { key: true, format: integer }
                qty:   { format: integer }
                """);

        // when / then
        assertThat(ExistingKeysOnly.sql(pipeline)).isEqualTo(
                "select u.sku, u.store from unnest(?::text[], ?::text[]) as u(sku, store) "
                        + "where exists (select 1 from stock t where t.sku = u.sku and t.store = u.store::bigint)");
    }

    @Test
    void turns_rows_with_unknown_keys_into_errors_and_keeps_the_rest() {
        // given
        Batch batch = validated(UPDATE_ONLY, List.of(
                List.of("email", "password"),
                List.of("Known@example.com", "correct horse battery"),
                List.of("new@example.com", "correct horse battery")));

        // when
        ExistingKeysOnly.keepExisting(batch, Set.of(List.of("known@example.com")));

        // then
        assertThat(batch.valid()).extracting(row -> row.values()[0]).containsExactly("known@example.com");
        assertThat(batch.errors()).singleElement().satisfies(error -> {
            assertThat(error.rowNumber()).isEqualTo(3);
            assertThat(error.column()).isEqualTo("email");
            assertThat(error.value()).isEqualTo("new@example.com");
            assertThat(error.reason()).isEqualTo("unknown user: not created because createNew=false");
            assertThat(error.rawRow()).containsExactly("new@example.com", "***");
        });
        assertThat(batch.failedRowCount()).isEqualTo(1);
    }

    @Test
    void does_nothing_and_asks_nothing_when_new_rows_may_be_created() throws Exception {
        // given a batch of the default options and no database at all
        Batch batch = validated(TestImports.options(), List.of(List.of("email"), List.of("new@example.com")));
        CamelContext camel = new DefaultCamelContext();
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(batch);

        // when
        new ExistingKeysOnly(null).process(exchange);

        // then
        assertThat(batch.valid()).hasSize(1);
        assertThat(batch.errors()).extracting(RowError::reason).isEmpty();
    }

    private static Batch validated(ImportOptions options, List<List<String>> file) {
        Batch batch = TestImports.batch(TestImports.users(), options, file);
        new RowValidator().validate(batch);
        return batch;
    }
}
