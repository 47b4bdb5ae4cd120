package io.bulkimport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Who runs an import: the instance holding a PostgreSQL advisory lock on it. The lock lives in a database session,
 * so it goes away with a crashed instance, and an unfinished job whose lock is free can safely be resumed.
 */
public class ImportLocks {

    private final DataSource dataSource;

    public ImportLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The lock, held until the handle is closed; empty when another instance holds it. */
    public Optional<Held> tryLock(UUID importId) {
        Connection c = null;
        try {
            c = dataSource.getConnection();
            try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_lock(?)")) {
                s.setLong(1, key(importId));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return Optional.of(new Held(c, key(importId)));
                    }
                }
            }
            c.close();
            return Optional.empty();
        } catch (SQLException e) {
            closeQuietly(c);
            throw new IllegalStateException("cannot lock import " + importId + ": " + e.getMessage(), e);
        }
    }

    private static long key(UUID id) {
        return id.getMostSignificantBits() ^ id.getLeastSignificantBits();
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the lock dies with the session anyway
            }
        }
    }

    /** A held lock. */
    public static final class Held implements AutoCloseable {

        private final Connection connection;
        private final long key;

        private Held(Connection connection, long key) {
            this.connection = connection;
            this.key = key;
        }

        @Override
        public void close() {
            try (PreparedStatement s = connection.prepareStatement("select pg_advisory_unlock(?)")) {
                s.setLong(1, key);
                s.execute();
            } catch (SQLException ignored) {
                // a broken session has released the lock already
            } finally {
                closeQuietly(connection);
            }
        }
    }
}
