package io.bulkimport.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.parse.CsvDialect;
import io.bulkimport.parse.CsvRowReader;
import io.bulkimport.parse.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowPathWarmUpTest {

    @TempDir
    Path dir;

    @Test
    void the_synthetic_file_is_the_same_every_time_and_reads_as_its_rows() throws IOException {
        byte[] text = RowPathWarmUp.csv(2000, true);
        assertThat(RowPathWarmUp.csv(2000, true)).isEqualTo(text);

        Path file = Files.write(dir.resolve("warm-up.csv"), text);
        List<Row> rows = new ArrayList<>();
        try (CsvRowReader reader = CsvRowReader.open(file, "warm-up.csv", CsvDialect.DEFAULT)) {
            assertThat(reader.header()).containsExactly("email", "first_name", "last_name", "company", "phone", "amount",
                    "quantity", "active", "token", "role", "signed_up", "tier");
            reader.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(2000).allSatisfy(row -> assertThat(row.values()).hasSize(12));
        assertThat(rows).extracting(row -> row.values().get(0)).doesNotHaveDuplicates();
        // quoted cells, doubled quotes and empty cells are in it, as in real files
        assertThat(rows).extracting(row -> row.values().get(3)).contains("Hale, Pryce & Partners", "Blue \"Harbour\" Ltd");
        assertThat(rows).extracting(row -> row.values().get(4)).contains("");
        assertThat(FileFingerprint.of(file, "warm-up.csv", CsvDialect.DEFAULT).dataRows()).isEqualTo(2000);
    }

    @Test
    void a_short_file_leaves_out_three_declared_columns() throws IOException {
        Path file = Files.write(dir.resolve("warm-up-short.csv"), RowPathWarmUp.csv(150, false));
        try (CsvRowReader reader = CsvRowReader.open(file, "warm-up-short.csv", CsvDialect.DEFAULT)) {
            assertThat(reader.header()).contains("email", "tier").doesNotContain("token", "role", "signed_up");
            List<Row> rows = new ArrayList<>();
            reader.forEachRemaining(rows::add);
            assertThat(rows).hasSize(150).allSatisfy(row -> assertThat(row.values()).hasSize(reader.header().size()));
        }
        assertThat(RowPathWarmUp.SHORT_FILE_ROWS).isEqualTo(IntStream.range(0, RowPathWarmUp.SHORT_FILES).map(i -> 150 + 97 * i).sum());
    }

    @Test
    void no_rows_asked_is_no_work_and_no_failure() {
        RowPathWarmUp.Result result = new RowPathWarmUp(null, dir).run(0, 1000);
        assertThat(result.rows()).isZero();
        assertThat(result.rounds()).isZero();
        assertThat(result.failure()).isNull();
    }

    @Test
    void a_database_that_is_not_there_is_a_reason_not_an_exception_and_leaves_no_file() throws IOException {
        javax.sql.DataSource unreachable = new org.postgresql.ds.PGSimpleDataSource();
        ((org.postgresql.ds.PGSimpleDataSource) unreachable).setURL("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
        RowPathWarmUp.Result result = new RowPathWarmUp(unreachable, dir).run(100, 10);
        assertThat(result.failure()).contains("Connection");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
