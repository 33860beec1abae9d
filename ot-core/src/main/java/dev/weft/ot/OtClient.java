package dev.weft.ot;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * One client's side of a document: the classic three-state machine of ot.js and ShareDB, without
 * networking. It holds the client id, the next seq, the server version it knows, the local text
 * and the local selection; it hands every {@link Submission} to send to a {@code sender} callback.
 *
 * <p>At most one operation is in flight. Local edits made meanwhile, or while offline, are
 * composed into one buffered operation, sent when the in-flight one is acked. Remote operations
 * are transformed over the in-flight and buffered operations before they are applied locally.
 *
 * <p><b>Transform sides.</b> The client's own pending operations take {@link Side#LEFT} and the
 * server's operation {@link Side#RIGHT}, as in ShareDB's {@code transformX}; the
 * {@link Sequencer} transforms a submitted operation with {@code LEFT} over committed ones. The
 * two agree, so every replica converges.
 *
 * <p><b>What the transport must guarantee.</b> The server's messages to one client arrive in
 * version order without gaps: on (re)connect, first every operation after {@link #version()}
 * ({@link Sequencer#opsSince}), then live operations and acks in commit order. Messages may be
 * lost when the connection drops, and may be delivered twice: an operation or ack at or below
 * the known version is ignored. A gap (a version beyond the next one) means an operation went
 * missing; it throws {@link IllegalStateException} rather than diverge. After a reconnect, call
 * {@link #reconnect()} to resend the in-flight operation.
 *
 * <p>Not thread-safe: drive one client from one thread. The sender is called after the state
 * has been updated, so it may deliver the server's answer synchronously.
 */
public final class OtClient {

    /** Where the client is in the exchange with the server. */
    public enum State {
        /** Nothing is in flight: the local text equals the server's text at {@link #version()}. */
        SYNCHRONIZED,
        /** One operation was sent and awaits its ack. */
        AWAITING_CONFIRM,
        /** One operation awaits its ack, and later local edits wait in the buffer. */
        AWAITING_WITH_BUFFER
    }

    private final String clientId;
    private final Consumer<Submission> sender;
    private long version;
    private long nextSeq = 1;
    private Rope text;
    private Selection selection = Selection.caret(0);
    /** The in-flight operation, rebased over every remote operation received since it was sent. */
    private TextOperation inFlight;
    private long inFlightSeq;
    private TextOperation buffer;

    /**
     * Creates a synchronized client.
     *
     * @param clientId unique for this client's whole life: seqs restart at 1, and the sequencer
     *     refuses a seq it has already seen from this id
     * @param version the server version of {@code text}
     * @param text the document at {@code version}
     * @param sender receives each submission to send to the server
     */
    public OtClient(String clientId, long version, String text, Consumer<Submission> sender) {
        CommittedOp.checkAuthor(clientId, 1);
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative, was " + version);
        }
        if (text == null || sender == null) {
            throw new IllegalArgumentException("text and sender must not be null");
        }
        this.clientId = clientId;
        this.version = version;
        this.text = Rope.of(text);
        this.sender = sender;
    }

    /** This client's id, the author of its submissions. */
    public String clientId() {
        return clientId;
    }

    /** The current state. */
    public State state() {
        if (inFlight == null) {
            return State.SYNCHRONIZED;
        }
        return buffer == null ? State.AWAITING_CONFIRM : State.AWAITING_WITH_BUFFER;
    }

    /** The latest server version this client has received (an operation or an ack). */
    public long version() {
        return version;
    }

    /** The local document, including the in-flight and buffered edits. */
    public Rope text() {
        return text;
    }

    /** The local selection, moved through every local and remote edit. */
    public Selection selection() {
        return selection;
    }

    /** The seq the next new submission will carry. */
    public long nextSeq() {
        return nextSeq;
    }

    /** The in-flight operation as {@link #reconnect()} would resend it now, if there is one. */
    public Optional<Submission> inFlight() {
        return inFlight == null ? Optional.empty() : Optional.of(inFlightSubmission());
    }

    /** The buffered local edits, composed into one operation, if there are any. */
    public Optional<TextOperation> buffer() {
        return Optional.ofNullable(buffer);
    }

    /**
     * Sets the local selection, e.g. when the user moves the caret.
     *
     * @throws IllegalArgumentException if an end lies past the end of the local text
     */
    public void select(Selection newSelection) {
        if (newSelection == null) {
            throw new IllegalArgumentException("selection must not be null");
        }
        if (newSelection.end() > text.length()) {
            throw new IllegalArgumentException(
                    "selection end " + newSelection.end() + " is past the end of a " + text.length()
                            + "-code-point document");
        }
        selection = newSelection;
    }

    /**
     * Applies a local edit: to the local text at once, then sends it if nothing is in flight, or
     * composes it into the buffer. The selection moves with {@link CursorBias#AFTER_INSERT}, so a
     * caret ends after the text the user typed at it. A no-op changes nothing and sends nothing.
     *
     * @throws InvalidOperationException if {@code op} does not fit the local text; nothing changed
     */
    public void applyLocal(TextOperation op) {
        if (op == null) {
            throw new IllegalArgumentException("operation must not be null");
        }
        if (op.isNoop()) {
            return;
        }
        text = op.apply(text);
        selection = op.transformSelection(selection, CursorBias.AFTER_INSERT);
        if (inFlight == null) {
            send(op);
        } else {
            buffer = buffer == null ? op : buffer.compose(op);
        }
    }

    /**
     * Handles an operation the server broadcast: the ack of this client's in-flight operation if
     * it is the author, otherwise a remote operation ({@link #receiveRemote}).
     *
     * @return the operation applied to the local text, a no-op for an ack or a repeat
     */
    public TextOperation receive(CommittedOp committed) {
        if (committed == null) {
            throw new IllegalArgumentException("committed operation must not be null");
        }
        if (!committed.clientId().equals(clientId)) {
            return receiveRemote(committed.op(), committed.version());
        }
        if (committed.version() > version) {
            if (inFlight == null || committed.seq() != inFlightSeq) {
                throw new IllegalStateException(
                        "version " + committed.version() + " is this client's seq " + committed.seq()
                                + ", but the operation in flight is "
                                + (inFlight == null ? "none" : "seq " + inFlightSeq));
            }
            receiveAck(committed.version());
        }
        return TextOperation.noop();
    }

    /**
     * Applies another client's operation, committed as {@code committedVersion}. It is
     * transformed over the in-flight and buffered operations (which are transformed over it in
     * turn), and the selection moves with {@link CursorBias#BEFORE_INSERT}, so text another user
     * inserts at the caret lands after it. A version at or below {@link #version()} is a repeat
     * and is ignored.
     *
     * @return the operation as applied to the local text: what an editor applies to its view,
     *     and what an {@link UndoManager} transforms its stacks by
     * @throws IllegalStateException if {@code committedVersion} skips a version
     * @throws InvalidOperationException if the operation does not fit; nothing changed
     */
    public TextOperation receiveRemote(TextOperation op, long committedVersion) {
        if (op == null) {
            throw new IllegalArgumentException("operation must not be null");
        }
        if (committedVersion <= version) {
            return TextOperation.noop();
        }
        checkNext("operation", committedVersion);
        TextOperation applied = op;
        TextOperation newInFlight = null;
        TextOperation newBuffer = null;
        if (inFlight != null) {
            newInFlight = TextOperation.transform(inFlight, applied, Side.LEFT);
            applied = TextOperation.transform(applied, inFlight, Side.RIGHT);
        }
        if (buffer != null) {
            newBuffer = TextOperation.transform(buffer, applied, Side.LEFT);
            applied = TextOperation.transform(applied, buffer, Side.RIGHT);
        }
        // Apply first: if it throws, the pending operations are still the untransformed ones.
        text = applied.apply(text);
        inFlight = newInFlight;
        buffer = newBuffer;
        selection = applied.transformSelection(selection, CursorBias.BEFORE_INSERT);
        version = committedVersion;
        return applied;
    }

    /**
     * Handles the ack of the in-flight operation, committed as {@code committedVersion}: the
     * buffer, if any, becomes the in-flight operation and is sent. An ack at or below
     * {@link #version()} is a repeat (for example of a resubmission) and is ignored.
     *
     * @throws IllegalStateException if {@code committedVersion} skips a version, or nothing is in
     *     flight
     */
    public void receiveAck(long committedVersion) {
        if (committedVersion <= version) {
            return;
        }
        checkNext("ack", committedVersion);
        if (inFlight == null) {
            throw new IllegalStateException(
                    "ack for version " + committedVersion + ", but nothing is in flight");
        }
        version = committedVersion;
        inFlight = null;
        if (buffer != null) {
            TextOperation next = buffer;
            buffer = null;
            send(next);
        }
    }

    /**
     * Resends the in-flight operation after a reconnect, with the same seq so that the sequencer
     * acks it again if it was committed already. As in ShareDB, it goes as rebased over every
     * remote operation received since, against the current {@link #version()}: the sequencer's
     * rebase gives the same result, and it needs less history. Buffered edits stay buffered until
     * the ack.
     *
     * @return whether anything was resent
     */
    public boolean reconnect() {
        if (inFlight == null) {
            return false;
        }
        sender.accept(inFlightSubmission());
        return true;
    }

    private void send(TextOperation op) {
        inFlight = op;
        inFlightSeq = nextSeq++;
        sender.accept(inFlightSubmission());
    }

    private Submission inFlightSubmission() {
        return new Submission(clientId, inFlightSeq, version, inFlight);
    }

    private void checkNext(String what, long committedVersion) {
        if (committedVersion != version + 1) {
            throw new IllegalStateException(
                    what + " for version " + committedVersion + " skips versions: this client knows version "
                            + version + "; deliver the operations in between first");
        }
    }
}
