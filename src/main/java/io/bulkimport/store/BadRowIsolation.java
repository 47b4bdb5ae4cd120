package io.bulkimport.store;

import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.pipeline.PreparedRow;
import io.bulkimport.pipeline.RowError;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Writes a batch that the database refused because of some of its rows: halves it under savepoints until each
 * refused row stands alone (as pgloader does), reports those rows with the database's reason, and writes the rest.
 */
final class BadRowIsolation {

    private final TableWriter writer;
    private final ImportContext context;
    private final List<RowError> refused = new ArrayList<>();
    private WriteResult written = WriteResult.NONE;

    private BadRowIsolation(TableWriter writer, ImportContext context) {
        this.writer = writer;
        this.context = context;
    }

    /** A failure caused by the values of some rows, not by the database being unavailable. */
    static boolean isRowLevel(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    static BadRowIsolation run(Connection c, TableWriter writer, ImportContext context, List<PreparedRow> rows)
            throws SQLException {
        BadRowIsolation isolation = new BadRowIsolation(writer, context);
        isolation.write(c, rows);
        return isolation;
    }

    List<RowError> refused() {
        return refused;
    }

    WriteResult written() {
        return written;
    }

    private void write(Connection c, List<PreparedRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Savepoint savepoint = c.setSavepoint();
        try {
            WriteResult result = writer.prepareUpsert(context, rows).upsert(c);
            c.releaseSavepoint(savepoint);
            written = written.plus(result);
        } catch (SQLException e) {
            if (!isRowLevel(e)) {
                throw e;
            }
            c.rollback(savepoint);
            if (rows.size() == 1) {
                refused.add(new RowError(rows.get(0).rowNumber(), "store", column(e), null, reason(e), rows.get(0).rawRow()));
                return;
            }
            int half = rows.size() / 2;
            write(c, rows.subList(0, half));
            write(c, rows.subList(half, rows.size()));
        }
    }

    /** The server's message without its DETAIL, which repeats the row's values (a password, say). */
    private static String reason(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            return "rejected by the database: " + p.getServerErrorMessage().getMessage();
        }
        return "rejected by the database: " + e.getMessage();
    }

    private static String column(SQLException e) {
        if (e instanceof PSQLException p) {
            ServerErrorMessage m = p.getServerErrorMessage();
            return m == null ? null : m.getColumn();
        }
        return null;
    }
}
