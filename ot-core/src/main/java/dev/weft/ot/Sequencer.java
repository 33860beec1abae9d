package dev.weft.ot;

import dev.weft.ot.SubmitException.Reason;
import java.util.List;
import java.util.Optional;

/**
 * The server-side rules for one document, independent of network and storage: it owns the
 * version counter, rebases each submitted operation over everything committed since the
 * operation's base version, checks that it fits the document, and commits it to an
 * {@link OpHistory}.
 *
 * <p><b>Transform side.</b> As in ShareDB ({@code ot.transform} calls
 * {@code type.transform(op, appliedOp, 'left')}), the submitted operation is transformed one
 * committed operation at a time with {@code transform(op, committed, Side.LEFT)}: when it and a
 * concurrent committed operation insert at one position, the later-arriving insert goes first.
 * {@link OtClient} takes the matching sides (its own pending operations LEFT, the server's
 * operation RIGHT), so by the law on {@link TextOperation#transform} every client and the server
 * end with the same text.
 *
 * <p><b>Commit.</b> {@link #submit} is {@link #prepare} (pure: rebase and validate) followed by
 * {@link #commit} (the history's conditional {@link OpHistory#append append}, then the tracked
 * text advances). A server acks the author only after {@code commit} returns, so the append is
 * where it makes the operation durable.
 *
 * <p><b>Duplicates and seqs.</b> Each client's seqs must strictly increase. A submission whose
 * {@code (clientId, seq)} the history already holds is acked again with the original version
 * ({@link Commit#duplicate()}) and never applied twice, also after a restart, because the lookup
 * goes to the history. A seq at or below the author's last committed seq that the history does
 * not hold is refused with {@link Reason#STALE_SEQ} rather than applied: it can only be a late
 * copy whose record is gone, or a client that reuses seqs, and applying it twice would corrupt
 * the document while acking it would name a version that is not known.
 *
 * <p>Not thread-safe: run one document's sequencer on one thread at a time.
 */
public final class Sequencer {
    private final OpHistory history;
    private Rope text;
    private long version;
    /**
     * The text {@link #prepare} made while checking its entry, kept so that {@link #commit} of
     * that same entry does not apply the operation a second time.
     */
    private CommittedOp preparedEntry;
    private Rope preparedText;

    private Sequencer(OpHistory history, Rope text, long version) {
        this.history = history;
        this.text = text;
        this.version = version;
    }

    /** A sequencer for a new document with {@code initialText} at version 0, over an {@link InMemoryHistory}. */
    public static Sequencer create(String initialText) {
        if (initialText == null) {
            throw new IllegalArgumentException("initial text must not be null");
        }
        return new Sequencer(new InMemoryHistory(), Rope.of(initialText), 0);
    }

    /**
     * A sequencer over an existing history, for example after a restart: starts from a snapshot
     * and replays the operations committed after it.
     *
     * @param snapshotVersion the version of {@code snapshotText}, within the history's range
     * @param snapshotText the document at {@code snapshotVersion}
     */
    public static Sequencer open(OpHistory history, long snapshotVersion, String snapshotText) {
        if (history == null || snapshotText == null) {
            throw new IllegalArgumentException("history and snapshot text must not be null");
        }
        if (snapshotVersion < history.oldestVersion() || snapshotVersion > history.version()) {
            throw new IllegalArgumentException(
                    "snapshot version " + snapshotVersion + " is outside the history's versions "
                            + history.oldestVersion() + " to " + history.version());
        }
        Sequencer sequencer = new Sequencer(history, Rope.of(snapshotText), snapshotVersion);
        sequencer.catchUp();
        return sequencer;
    }

    /** The latest version this sequencer has committed or replayed. */
    public long version() {
        return version;
    }

    /** The document at {@link #version()}. */
    public Rope text() {
        return text;
    }

    /** The history this sequencer reads and appends to. */
    public OpHistory history() {
        return history;
    }

    /**
     * The operations a client at {@code knownVersion} has missed, oldest first: what a server
     * sends on reconnect before anything else.
     *
     * @throws SubmitException with {@link Reason#FUTURE_VERSION} or {@link Reason#HISTORY_UNAVAILABLE}
     */
    public List<CommittedOp> opsSince(long knownVersion) {
        catchUp();
        checkBaseVersion(knownVersion);
        return history.opsSince(knownVersion);
    }

    /**
     * Rebases, validates and commits {@code submission}: {@link #prepare} then {@link #commit}.
     *
     * @return the commit to ack (and, unless it is a duplicate, to broadcast)
     * @throws SubmitException if the submission is refused; nothing was committed
     */
    public Commit submit(Submission submission) {
        return commit(prepare(submission));
    }

    /**
     * Rebases {@code submission} over every operation committed after its base version and checks
     * it against the document, committing nothing. A resubmission of a committed
     * {@code (clientId, seq)} returns the original entry, flagged as a duplicate, whatever its
     * base version.
     *
     * @throws SubmitException if the submission is refused
     */
    public Commit prepare(Submission submission) {
        if (submission == null) {
            throw new IllegalArgumentException("submission must not be null");
        }
        Optional<CommittedOp> earlier = history.find(submission.clientId(), submission.seq());
        if (earlier.isPresent()) {
            return new Commit(earlier.get(), true);
        }
        long lastSeq = history.lastSeq(submission.clientId());
        if (submission.seq() <= lastSeq) {
            throw new SubmitException(Reason.STALE_SEQ,
                    "seq " + submission.seq() + " of client \"" + submission.clientId()
                            + "\" is not above its last committed seq " + lastSeq
                            + ", and the history holds no operation with that seq");
        }
        catchUp();
        checkBaseVersion(submission.baseVersion());
        TextOperation rebased = rebase(submission.op(), submission.baseVersion());
        Rope checked = apply(rebased);
        preparedEntry = new CommittedOp(version + 1, submission.clientId(), submission.seq(), rebased);
        preparedText = checked;
        return new Commit(preparedEntry, false);
    }

    /**
     * Commits a prepared submission: appends it to the history as the next version, then advances
     * the tracked text. A duplicate is returned as it is, and nothing changes.
     *
     * @return {@code prepared}, now committed
     * @throws SubmitException with {@link Reason#VERSION_CONFLICT} if another commit came first
     *     (prepare again), or {@link Reason#INVALID_OP} if the operation does not fit the document
     */
    public Commit commit(Commit prepared) {
        if (prepared == null) {
            throw new IllegalArgumentException("commit must not be null");
        }
        if (prepared.duplicate()) {
            return prepared;
        }
        CommittedOp entry = prepared.entry();
        if (entry.version() != version + 1) {
            throw new SubmitException(Reason.VERSION_CONFLICT,
                    "the prepared commit for version " + entry.version()
                            + " is stale: the document is at version " + version + "; submit again");
        }
        // The entry prepare() just checked, against this very version, already has its text.
        Rope next = entry == preparedEntry ? preparedText : apply(entry.op());
        preparedEntry = null;
        preparedText = null;
        if (!history.append(entry)) {
            throw new SubmitException(Reason.VERSION_CONFLICT,
                    "version " + entry.version() + " was committed by another writer; submit again");
        }
        text = next;
        version = entry.version();
        return prepared;
    }

    /** Replays what another writer appended to a shared history since this sequencer last looked. */
    private void catchUp() {
        long latest = history.version();
        if (latest < version) {
            throw new IllegalStateException(
                    "the history went back from version " + version + " to " + latest);
        }
        if (latest == version) {
            return;
        }
        for (CommittedOp entry : history.opsSince(version)) {
            text = entry.op().apply(text);
            version = entry.version();
        }
    }

    private void checkBaseVersion(long baseVersion) {
        if (baseVersion > version) {
            throw new SubmitException(Reason.FUTURE_VERSION,
                    "base version " + baseVersion + " is ahead of the document's version " + version);
        }
        if (baseVersion < history.oldestVersion()) {
            throw new SubmitException(Reason.HISTORY_UNAVAILABLE,
                    "base version " + baseVersion + " is older than version " + history.oldestVersion()
                            + ", the oldest the history can rebase from (the document is at version "
                            + version + ")");
        }
    }

    /**
     * Transforms {@code op} over each operation committed after {@code baseVersion}, in order.
     * The length check at the base version comes first: an operation too long for its own base
     * could otherwise happen to fit after concurrent inserts.
     */
    private TextOperation rebase(TextOperation op, long baseVersion) {
        List<CommittedOp> since = history.opsSince(baseVersion);
        long lengthAtBase = text.length();
        for (CommittedOp entry : since) {
            lengthAtBase -= entry.op().lengthDelta();
        }
        if (op.baseLength() > lengthAtBase) {
            throw new SubmitException(Reason.INVALID_OP,
                    "the operation needs a document of at least " + op.baseLength()
                            + " code points, but the document at base version " + baseVersion
                            + " has " + lengthAtBase);
        }
        TextOperation rebased = op;
        try {
            for (CommittedOp entry : since) {
                rebased = TextOperation.transform(rebased, entry.op(), Side.LEFT);
            }
        } catch (InvalidOperationException e) {
            throw new SubmitException(Reason.INVALID_OP,
                    "the operation cannot be rebased from version " + baseVersion + ": " + e.getMessage(), e);
        }
        return rebased;
    }

    private Rope apply(TextOperation op) {
        try {
            return op.apply(text);
        } catch (InvalidOperationException e) {
            throw new SubmitException(Reason.INVALID_OP,
                    "the operation does not fit the document at version " + version + ": " + e.getMessage(), e);
        }
    }
}
