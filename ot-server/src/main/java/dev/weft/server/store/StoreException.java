package dev.weft.server.store;

/**
 * The storage failed: the database could not be opened, read or written, or the store is closed.
 * Nothing the failed write would have changed is visible; the caller must not ack it.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public StoreException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
