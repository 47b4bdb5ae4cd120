package io.bulkimport.store;

import io.bulkimport.pipeline.CommitSequencer;
import java.sql.SQLException;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * A transient failure of the database itself ({@link TransientFailure}, raised through JDBC): the dead letters live in
 * that database too, so such a batch is redelivered and, if the database stays away, stops its import instead of
 * going to the dead-letter channel. A service a step cannot reach is no database failure. An import already stopped
 * by an earlier batch is not worth redelivering.
 */
public class DatabaseFailure implements Predicate {

    /**
     * @param exchange the failed exchange
     * @return whether its failure is a transient database failure
     */
    @Override
    public boolean matches(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return is(failure != null ? failure : exchange.getException());
    }

    /**
     * @param failure a failure, or null
     * @return whether it is a transient failure raised through JDBC and not an import that already stopped
     */
    public static boolean is(Throwable failure) {
        if (!TransientFailure.isTransient(failure)) {
            return false;
        }
        boolean jdbc = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CommitSequencer.ImportStoppedException) {
                return false;
            }
            jdbc |= t instanceof SQLException;
        }
        return jdbc;
    }
}
