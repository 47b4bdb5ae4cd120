package io.bulkimport.scale;

/** A stage sent through the broker failed for good: no reply after every send, or a reply that makes no sense. */
public final class BrokerStageException extends RuntimeException {

    public BrokerStageException(String message, Throwable cause) {
        super(message, cause);
    }
}
