package dev.weft.ot;

import java.util.List;
import java.util.Optional;

/**
 * The committed operations of one document, as the {@link Sequencer} needs them: in memory
 * ({@link InMemoryHistory}) or in durable storage. An implementation is the sequencer's only
 * source of truth about what was committed, so a resubmission is recognized also after a restart.
 */
public interface OpHistory {

    /** The latest committed version; 0 when nothing was committed. */
    long version();

    /**
     * The oldest base version an operation can still be rebased from: the history holds every
     * operation after it. 0 when the history is complete.
     */
    long oldestVersion();

    /**
     * The operations committed after {@code version}, oldest first: versions {@code version + 1}
     * to {@link #version()}.
     *
     * @throws IllegalArgumentException if {@code version} is below {@link #oldestVersion()} or
     *     above {@link #version()}
     */
    List<CommittedOp> opsSince(long version);

    /** The operation {@code clientId} committed with {@code seq}, if the history knows it. */
    Optional<CommittedOp> find(String clientId, long seq);

    /** The highest seq {@code clientId} has committed; 0 when none is known. */
    long lastSeq(String clientId);

    /**
     * Appends {@code entry} as version {@code entry.version()} if the latest version is
     * {@code entry.version() - 1}; otherwise changes nothing and returns false. This is the
     * commit point: when it returns true the entry must be as durable as the server promises,
     * because the author is acked right after.
     */
    boolean append(CommittedOp entry);
}
