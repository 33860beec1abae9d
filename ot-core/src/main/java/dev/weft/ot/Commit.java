package dev.weft.ot;

/**
 * The sequencer's answer to a {@link Submission}: the committed entry, which the server acks to
 * the author and broadcasts to everyone else, or the earlier entry of a resubmission.
 *
 * @param entry the operation as committed, with its version
 * @param duplicate whether the submission repeated an already committed {@code (clientId, seq)};
 *     then {@code entry} is the original commit, nothing was applied again, and the server only
 *     re-acks the author (it does not broadcast again)
 */
public record Commit(CommittedOp entry, boolean duplicate) {
    /** Rejects a missing entry. */
    public Commit {
        if (entry == null) {
            throw new IllegalArgumentException("committed entry must not be null");
        }
    }

    /** The version the operation was committed as: the version to ack. */
    public long version() {
        return entry.version();
    }

    /** The operation as committed, transformed over everything committed after its base version. */
    public TextOperation op() {
        return entry.op();
    }
}
