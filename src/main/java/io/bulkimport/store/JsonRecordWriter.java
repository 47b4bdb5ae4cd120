package io.bulkimport.store;

import io.bulkimport.pipeline.BatchKeys;
import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.pipeline.PreparedRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes a catch-all pipeline's rows as {@code (import_id, row_number, data jsonb)} by COPY. Rows have no business
 * key, so nothing is a duplicate; the (import, row) key only guards against writing a row twice.
 */
public class JsonRecordWriter implements TableWriter {

    @Override
    public BatchWrite prepare(ImportContext context, List<PreparedRow> rows) {
        CopyEncoder encoder = new CopyEncoder();
        String importId = context.importId().toString();
        for (PreparedRow row : rows) {
            encoder.row(new String[] {importId, Long.toString(row.rowNumber())}, row.values()[0]);
        }
        return new JsonWrite(context, rows, encoder.data());
    }

    private record JsonWrite(ImportContext context, List<PreparedRow> rows, CopyData copyData) implements BatchWrite {

        @Override
        public BatchKeys keys() {
            return BatchKeys.NONE;   // each row of a file has its own row number: two batches never share a row
        }

        @Override
        public boolean copyFirst() {
            return !rows.isEmpty();
        }

        @Override
        public WriteResult copy(Connection connection) throws SQLException {
            CopyIn.copy(connection, "copy " + context.pipeline().getTable() + " (import_id, row_number, data) from stdin", copyData);
            return new WriteResult(rows.size(), 0);
        }

        @Override
        public WriteResult upsert(Connection connection) throws SQLException {
            if (rows.isEmpty()) {
                return WriteResult.NONE;
            }
            Long[] numbers = new Long[rows.size()];
            String[] data = new String[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                numbers[i] = rows.get(i).rowNumber();
                data[i] = rows.get(i).values()[0];
            }
            String sql = "insert into " + context.pipeline().getTable() + " (import_id, row_number, data) "
                    + "select ?::uuid, u.n, u.d::jsonb from unnest(?::bigint[], ?::text[]) as u(n, d) "
                    + "on conflict (import_id, row_number) do nothing";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, context.importId());
                statement.setArray(2, connection.createArrayOf("bigint", numbers));
                statement.setArray(3, connection.createArrayOf("text", data));
                int inserted = statement.executeUpdate();
                return new WriteResult(inserted, rows.size() - inserted);
            }
        }

        @Override
        public void copyOutcome(boolean succeeded) {
            // every batch of a records import has new (import, row) keys: always copy
        }
    }
}
