package io.bulkimport.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkimport.pipeline.RowError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** {@code import_errors}: the dead letters and validation errors of every import, row by row. */
public class ImportErrorRepository {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;

    public ImportErrorRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts inside the caller's transaction, so errors commit with their batch's checkpoint. */
    public void insert(Connection c, UUID importId, List<RowError> errors) throws SQLException {
        if (errors.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("insert into import_errors "
                + "(import_id, row_number, stage, column_name, value, reason, raw_row) values (?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            for (RowError e : errors) {
                s.setObject(1, importId);
                s.setLong(2, e.rowNumber());
                s.setString(3, e.stage());
                s.setString(4, e.column());
                s.setString(5, storable(e.value()));
                s.setString(6, e.reason());
                s.setString(7, e.rawRow() == null ? null : ImportJobRepository.json(e.rawRow().stream().map(ImportErrorRepository::storable).toList()));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** The next {@code limit} failed rows after {@code afterRow}: row number and original cells, once per row. */
    public List<io.bulkimport.parse.Row> failedRows(UUID importId, long afterRow, int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select distinct on (row_number) row_number, raw_row::text "
                     + "from import_errors where import_id = ? and row_number > ? and raw_row is not null "
                     + "order by row_number, id limit ?")) {
            s.setObject(1, importId);
            s.setLong(2, afterRow);
            s.setInt(3, limit);
            List<io.bulkimport.parse.Row> rows = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new io.bulkimport.parse.Row(rs.getLong(1), JSON.readValue(rs.getString(2), new TypeReference<List<String>>() { })));
                }
            }
            return rows;
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot read the failed rows of import " + importId + ": " + e.getMessage(), e);
        }
    }

    /** Removes the errors of rows that are being tried again, inside that batch's transaction. */
    public void deleteRows(Connection c, UUID importId, List<io.bulkimport.parse.Row> rows) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("delete from import_errors where import_id = ? and row_number = any(?)")) {
            s.setObject(1, importId);
            s.setArray(2, c.createArrayOf("bigint", rows.stream().map(io.bulkimport.parse.Row::rowNumber).toArray(Long[]::new)));
            s.executeUpdate();
        }
    }

    /** Streams an import's errors in row order to {@code sink}, without loading them all. */
    public void forEach(UUID importId, Consumer<RowError> sink) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("select row_number, stage, column_name, value, reason, raw_row::text "
                    + "from import_errors where import_id = ? order by row_number, id")) {
                s.setFetchSize(1000);
                s.setObject(1, importId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String raw = rs.getString(6);
                        sink.accept(new RowError(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), raw == null ? List.of() : JSON.readValue(raw, new TypeReference<List<String>>() { })));
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot read the errors of import " + importId + ": " + e.getMessage(), e);
        }
    }

    /** PostgreSQL text cannot hold NUL, and bad bytes are shown as the usual replacement character. */
    private static String storable(String value) {
        return value == null ? null : io.bulkimport.parse.CellError.shown(value).replace("\0", "\\0").replace(io.bulkimport.parse.CsvRowReader.INVALID_BYTES, "\uFFFD");
    }
}
