package io.bulkimport.scale;

/** A request could not be sent to the broker, or its connection was lost before the reply came. */
public final class BrokerUnreachableException extends RuntimeException {

    public BrokerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code failure} or one of its causes is camel-jms's "no reply in time". */
    public static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.camel.ExchangeTimedOutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The innermost message of {@code failure}'s causes: what the broker or the network said (a refused login's
     * {@code AMQ229031: Unable to validate user …}), rather than the wrappers' "Exception occurred during execution".
     */
    public static String rootMessage(Throwable failure) {
        Throwable t = failure;
        String message = null;
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        return message != null ? message : failure.getClass().getSimpleName();
    }
}
