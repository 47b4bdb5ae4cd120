package io.bulkimport.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkimport.parse.Row;
import io.bulkimport.parse.UnreadableFileException;
import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.ColumnChoices;
import io.bulkimport.pipeline.CommitSequencer;
import io.bulkimport.pipeline.ErrorBudget;
import io.bulkimport.pipeline.HeaderMapping;
import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.pipeline.ImportOptions;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.PreparedRow;
import io.bulkimport.pipeline.RowError;
import io.bulkimport.pipeline.TestImports;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConstantColumnsTest {

    private static final String CONTACTS = """
            email:   { key: true, format: email, lowercase: true }
            channel: { required: true, allowed: [web, marketplace, shop], default: web }
            company: { required: true }
            """;

    private final RowValidator validator = new RowValidator();

    @Test
    void fills_empty_and_blank_cells_and_keeps_the_others() {
        // given set.channel=marketplace and a file with a channel column
        Batch batch = batch(Map.of("channel", "marketplace"), List.of(
                List.of("email", "channel", "company"),
                List.of("a@example.com", "", "Acme"),
                List.of("b@example.com", "  ", "Acme"),
                List.of("c@example.com", "shop", "Acme")));

        // when
        validator.validate(batch);

        // then the constant stands where the cell was empty, before the column's default
        assertThat(batch.valid()).extracting(row -> row.values()[1]).containsExactly("marketplace", "marketplace", "shop");
    }

    @Test
    void an_absent_required_column_given_by_the_upload_passes_the_header_check_and_fills_every_row() {
        // given a file without the required company column
        List<String> header = List.of("email");

        // when the upload sets it, then the header maps; without it, the header is refused
        Batch batch = batch(Map.of("company", "Acme Ltd"), List.of(header, List.of("a@example.com"), List.of("b@example.com")));
        validator.validate(batch);
        assertThat(batch.valid()).extracting(row -> row.values()[2]).containsExactly("Acme Ltd", "Acme Ltd");
        assertThatThrownBy(() -> HeaderMapping.of(TestImports.pipeline("contacts", CONTACTS), header))
                .isInstanceOf(UnreadableFileException.class).hasMessageStartingWith("missing required column: company (")
                .hasMessageEndingWith("upload with map.company=<header>, or set.company=<value> for every row)");
    }

    @Test
    void the_constant_goes_through_the_column_rules_like_a_cell() {
        // given set.email with upper case letters: the rules lower-case it
        Batch batch = batch(Map.of("email", "Shared@Example.COM", "company", "Acme"),
                List.of(List.of("email"), List.of(""), List.of("own@example.com")));

        validator.validate(batch);

        assertThat(batch.valid()).extracting(row -> row.values()[0]).containsExactly("shared@example.com", "own@example.com");
    }

    @Test
    void refuses_a_constant_no_row_could_take_naming_it() {
        PipelineDefinition contacts = TestImports.pipeline("contacts", CONTACTS);

        assertThatThrownBy(() -> ConstantColumns.requireValid(contacts, set(Map.of("email", "nope", "channel", "fax"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid constant values: set.email=nope (not a valid email address), "
                        + "set.channel=fax (must be one of web, marketplace, shop)");
    }

    @Test
    void accepts_valid_constants_and_masks_a_secret_one_when_refused() {
        PipelineDefinition users = TestImports.users();
        ConstantColumns.requireValid(users, set(Map.of("user_type", "admin")));

        PipelineDefinition secret = TestImports.pipeline("accounts", """
                login: { key: true }
                pin:   { secret: true, pattern: "[0-9]{4}" }
                """);
        assertThatThrownBy(() -> ConstantColumns.requireValid(secret, set(Map.of("pin", "12345"))))
                .hasMessage("invalid constant value: set.pin=*** (does not match the pattern [0-9]{4})");
    }

    @Test
    void an_invalid_cell_is_still_an_error_of_its_own() {
        // given set.channel fills only empty cells: a wrong value in the file stays wrong
        Batch batch = batch(Map.of("channel", "marketplace"), List.of(
                List.of("email", "channel", "company"), List.of("a@example.com", "fax", "Acme")));

        validator.validate(batch);

        assertThat(batch.valid()).isEmpty();
        assertThat(batch.errors()).extracting(RowError::column).containsExactly("channel");
    }

    private static Batch batch(Map<String, String> set, List<List<String>> file) {
        PipelineDefinition pipeline = TestImports.pipeline("contacts", CONTACTS);
        ColumnChoices choices = new ColumnChoices(null, Map.of(), set, null, null);
        ImportOptions options = new ImportOptions("skip", 1000, false, false, true, null, null, null, null, null,
                choices, ErrorBudget.NONE);
        List<String> header = file.get(0);
        ImportContext context = new ImportContext(UUID.randomUUID(), pipeline, options, "test.csv", Path.of("test.csv"),
                header, HeaderMapping.of(pipeline, header, choices), new CommitSequencer(0));
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 1; i < file.size(); i++) {
            rows.add(new Row(i + 1, file.get(i)));
        }
        return new Batch(context, 0, rows);
    }

    @Test
    void reads_a_constant_with_the_uploads_locale_as_the_cells_are_read() {
        // given
        io.bulkimport.pipeline.PipelineDefinition prices = io.bulkimport.pipeline.TestImports.pipeline("prices",
                "sku: { key: true }\namount: { type: decimal }");

        // then
        ConstantColumns.requireValid(prices, new ColumnChoices(null, Map.of(), Map.of("amount", "1.234,50"), "de-DE", null));
        assertThatThrownBy(() -> ConstantColumns.requireValid(prices, set(Map.of("amount", "1.234,50"))))
                .hasMessageContaining("set.amount=1.234,50");
    }

    private static ColumnChoices set(Map<String, String> constants) {
        return new ColumnChoices(null, Map.of(), constants, null, null);
    }
}
