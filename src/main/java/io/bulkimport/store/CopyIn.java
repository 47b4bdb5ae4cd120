package io.bulkimport.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/** Sends COPY text through the PostgreSQL driver's copy API. */
final class CopyIn {

    private CopyIn() {
    }

    static long copy(Connection connection, String sql, byte[] data) throws SQLException {
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new ByteArrayInputStream(data));
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), e);
        }
    }
}
