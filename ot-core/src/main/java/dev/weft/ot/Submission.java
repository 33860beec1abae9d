package dev.weft.ot;

/**
 * An operation a client submits to the {@link Sequencer}: what {@link OtClient} sends, and what
 * a server decodes from the wire.
 *
 * <p>{@code (clientId, seq)} names the operation for good: a resubmission after a reconnect
 * carries the same pair, and the sequencer acks it again instead of applying it twice.
 *
 * @param clientId the author, unique for the whole life of one client (never reused with a
 *     restarted seq counter)
 * @param seq the author's sequence number, from 1, strictly increasing over the author's
 *     operations (gaps are allowed)
 * @param baseVersion the document version the operation was made against
 * @param op the edit, valid for the document at {@code baseVersion}
 */
public record Submission(String clientId, long seq, long baseVersion, TextOperation op) {
    /** Checks the values up front, so that a bad message never reaches the sequencer. */
    public Submission {
        CommittedOp.checkAuthor(clientId, seq);
        if (baseVersion < 0) {
            throw new IllegalArgumentException("base version must not be negative, was " + baseVersion);
        }
        if (op == null) {
            throw new IllegalArgumentException("operation must not be null");
        }
    }
}
