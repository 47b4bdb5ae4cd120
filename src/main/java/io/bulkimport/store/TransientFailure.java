package io.bulkimport.store;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * Tells a failure worth redelivering (the database was unreachable, restarted, or chose this transaction as a
 * deadlock or serialization victim) from one that will fail again the same way (a bad value, a constraint).
 */
public class TransientFailure implements Predicate {

    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "53300", "57P01", "57P02", "57P03", "55P03");

    /** Whether the exchange's failure is transient; an import an earlier batch stopped is not worth redelivering. */
    @Override
    public boolean matches(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.bulkimport.pipeline.CommitSequencer.ImportStoppedException) {
                return false;
            }
        }
        return isTransient(failure);
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof java.net.SocketException
                    || t instanceof java.io.EOFException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || TRANSIENT_STATES.contains(sql.getSQLState()))) {
                return true;
            }
            // the pool's word for a connection that broke under it; it carries no SQLState
            if (t instanceof SQLException sql && sql.getMessage() != null && sql.getMessage().contains("Connection is closed")) {
                return true;
            }
        }
        return false;
    }
}
