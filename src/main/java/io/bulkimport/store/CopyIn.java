package io.bulkimport.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/** Sends COPY text through the PostgreSQL driver's copy API ({@code COPY … FROM STDIN}, CopyData messages). */
final class CopyIn {

    private CopyIn() {
    }

    /**
     * Runs {@code sql} (a {@code COPY … FROM STDIN}) with {@code data} as its input.
     *
     * @return the rows PostgreSQL reports copied
     * @throws SQLException when PostgreSQL refuses the statement or a row; the COPY is cancelled, so the connection
     *                      stays usable (its transaction is aborted, as after any failed statement)
     */
    static long copy(Connection connection, String sql, CopyData data) throws SQLException {
        org.postgresql.copy.CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            data.writeTo(copy);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }
}
