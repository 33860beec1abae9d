package dev.weft.ot;

/**
 * An operation the {@link Sequencer} has committed: one entry of a document's history, and the
 * message a server broadcasts to every client of the document.
 *
 * <p>Version numbers count committed operations: a new document is at version 0, and the
 * operation committed as version {@code v} turns the document at version {@code v - 1} into the
 * document at version {@code v}.
 *
 * @param version the version this operation produced, at least 1
 * @param clientId the author
 * @param seq the author's sequence number for this operation
 * @param op the operation as committed: transformed to apply to the document at
 *     {@code version - 1}
 */
public record CommittedOp(long version, String clientId, long seq, TextOperation op) {
    /** Checks the values up front; a history never holds a malformed entry. */
    public CommittedOp {
        if (version < 1) {
            throw new IllegalArgumentException("committed version must be at least 1, was " + version);
        }
        checkAuthor(clientId, seq);
        if (op == null) {
            throw new IllegalArgumentException("operation must not be null");
        }
    }

    static void checkAuthor(String clientId, long seq) {
        if (clientId == null || clientId.isEmpty()) {
            throw new IllegalArgumentException("client id must not be empty");
        }
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1, was " + seq);
        }
    }
}
