package dev.weft.ot;

/**
 * The {@link Sequencer} refused a submission. The {@link #reason()} is a closed set of codes a
 * server can map to the wire; the message names the values involved. Nothing was committed.
 */
public final class SubmitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a submission was refused. */
    public enum Reason {
        /** The base version is ahead of the document's version: the client invented a version. */
        FUTURE_VERSION,
        /**
         * The base version is older than the oldest version the history still holds ops after,
         * so the operation cannot be rebased: the client must reload the document.
         */
        HISTORY_UNAVAILABLE,
        /** The operation does not fit the document: too long, or deleted text that differs. */
        INVALID_OP,
        /**
         * The seq is not above the author's last committed seq, and the history holds no
         * operation with that {@code (clientId, seq)} to re-ack: a delayed copy of an operation
         * whose record is gone, or a client that reuses seqs. Never applied.
         */
        STALE_SEQ,
        /**
         * Another writer committed the version first (the history's conditional append failed),
         * or a prepared commit is stale. Submitting again rebases over the newer operations.
         */
        VERSION_CONFLICT
    }

    private final Reason reason;

    /** Creates the exception; {@code message} names the values and the limit they broke. */
    public SubmitException(Reason reason, String message) {
        super(message);
        if (reason == null) {
            throw new IllegalArgumentException("reason must not be null");
        }
        this.reason = reason;
    }

    /** Creates the exception with the failure that revealed it, e.g. an apply that did not fit. */
    public SubmitException(Reason reason, String message, Throwable cause) {
        this(reason, message);
        initCause(cause);
    }

    /** Why the submission was refused. */
    public Reason reason() {
        return reason;
    }
}
