package dev.weft.client;

import dev.weft.ot.CommittedOp;
import dev.weft.ot.OtClient;
import dev.weft.ot.Rope;
import dev.weft.ot.Selection;
import dev.weft.ot.Submission;
import dev.weft.ot.TextOperation;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A document's edits and their way to the server: an {@link OtClient} plus the wire seqs, the
 * server's text and the offline-queue file. {@link DocumentSession} decides when to send; this
 * class keeps the state consistent. Runs holding the client's lock.
 *
 * <p><b>Seqs.</b> {@code OtClient} numbers one document's submissions 1, 2, 3, ...; the wire needs
 * seqs that never repeat for the client id across documents and runs ({@link SeqAllocator}). So
 * each new submission gets a wire seq, and a resend keeps it. Only the in-flight submission's
 * mapping matters: an own operation with another seq is an old repeat or, above the known version,
 * another process using this client id, and is then applied like anyone else's.
 *
 * <p><b>Server text.</b> The server's text at {@code version()}, which {@code OtClient} does not
 * expose: the offline-queue file stores it with the pending edits, and a {@link Resync} diffs it
 * against a snapshot.
 *
 * <p><b>Write, then send.</b> A new submission is written to the offline-queue file before it can
 * reach the server, so a restarted application resends what it sent under the same seq.
 */
final class DocumentSync {
    private final String doc;
    private final SessionContext ctx;
    private final Runnable onSynchronized;
    private final Consumer<String> onTooLarge;

    private OtClient ot;
    private Rope serverText;
    private boolean sending;
    private long lastLocalSeq;
    private long inFlightWireSeq;
    /** The wire seq the next new submission must reuse (restore, resync); 0 to allocate one. */
    private long reservedWireSeq;
    /** While a change takes several steps, sends wait until the file is written. */
    private boolean holdSends;
    private boolean sendHeld;

    /**
     * @param onSynchronized runs when an ack leaves nothing pending
     * @param onTooLarge runs, with an explanation, instead of sending an in-flight edit too large
     *     for the server to take: sending it would only get the connection closed, again and again
     */
    DocumentSync(String doc, SessionContext ctx, Runnable onSynchronized, Consumer<String> onTooLarge) {
        this.doc = doc;
        this.ctx = ctx;
        this.onSynchronized = onSynchronized;
        this.onTooLarge = onTooLarge;
    }

    boolean isLoaded() {
        return ot != null;
    }

    /** Starts (over) from the server's {@code text} at {@code version}, with nothing pending. */
    void start(long version, Rope text) {
        ot = new OtClient(ctx.clientId(), version, text.toString(), this::submitted);
        serverText = text;
        lastLocalSeq = 0;
    }

    /** Starts from pending edits read from the offline-queue file. */
    void restore(OfflineFile.SavedDocument saved) {
        start(saved.version(), Rope.of(saved.text()));
        holdSends = true;
        if (saved.inFlight() != null) {
            reservedWireSeq = saved.inFlightSeq();
            ot.applyLocal(saved.inFlight());
            reservedWireSeq = 0;
        }
        if (saved.buffer() != null) {
            ot.applyLocal(saved.buffer());
        }
        releaseSends();
    }

    /** Whether submissions may go on the wire now (the document is open on the server). */
    void setSending(boolean canSend) {
        sending = canSend;
    }

    /** Sends the in-flight edit again, with its seq: after a reconnect, or a refusal for now. */
    void resend() {
        ot.reconnect();
    }

    void edit(TextOperation op) {
        requireLoaded();
        OtClient.State before = ot.state();
        ot.applyLocal(op);
        if (before != OtClient.State.SYNCHRONIZED) {
            // Composed into the buffer: nothing was sent, so nothing wrote the file yet.
            ctx.persist().run();
        }
    }

    /**
     * Applies a committed operation: the ack of the in-flight edit, or anyone else's.
     *
     * @return the change to the local text if it was someone else's; null for an ack or a repeat
     * @throws IllegalStateException if it skips a version
     */
    RemoteEdit receive(CommittedOp committed) {
        if (committed.version() <= ot.version()) {
            return null;
        }
        if (committed.clientId().equals(ctx.clientId()) && isInFlight(committed.seq())) {
            acknowledge(committed.version(), committed.op());
            return null;
        }
        checkNext(committed.version());
        TextOperation applied = ot.receiveRemote(committed.op(), committed.version());
        serverText = committed.op().apply(serverText);
        return new RemoteEdit(committed.version(), committed.clientId(), applied, ot.text());
    }

    /** The ack of the in-flight edit, committed as {@code version}. */
    void acknowledge(long version) {
        acknowledge(version, ot.inFlight().orElseThrow().op());
    }

    private void acknowledge(long version, TextOperation committedOp) {
        checkNext(version);
        // The server text moves first: the ack may send the buffer, which writes the file.
        serverText = committedOp.apply(serverText);
        ot.receiveAck(version);
        if (ot.state() == OtClient.State.SYNCHRONIZED) {
            ctx.persist().run();
            onSynchronized.run();
        }
    }

    private void checkNext(long version) {
        if (version != ot.version() + 1) {
            throw new IllegalStateException(
                    "document " + doc + ": version " + version + " skips versions after " + ot.version());
        }
    }

    /**
     * Moves the pending edits onto {@code snapshot} ({@link Resync}) and starts over from it.
     *
     * @return the change to the local text
     */
    TextOperation resync(ServerMessage.Snapshot snapshot, Resync.Outcome outcome) {
        Rope target = Rope.of(snapshot.text());
        Resync.Plan plan = Resync.plan(serverText, ot.inFlight().map(Submission::op), ot.buffer(), target, outcome);
        Selection selection = plan.localChange().transformSelection(ot.selection());
        // Not landed: the in-flight edit keeps its seq, so a late copy of it is still recognized.
        long keptSeq = outcome == Resync.Outcome.NOT_LANDED && ot.inFlight().isPresent() ? inFlightWireSeq : 0;
        holdSends = true;
        start(snapshot.v(), target);
        for (TextOperation op : plan.pending()) {
            reservedWireSeq = keptSeq;
            keptSeq = 0;
            ot.applyLocal(op);
        }
        reservedWireSeq = 0;
        int length = ot.text().length();
        ot.select(new Selection(Math.min(selection.anchor(), length), Math.min(selection.focus(), length)));
        releaseSends();
        return plan.localChange();
    }

    /** OtClient's sender: maps the seq, writes the file for a new submission, sends if it may. */
    private void submitted(Submission submission) {
        if (submission.seq() > lastLocalSeq) {
            lastLocalSeq = submission.seq();
            inFlightWireSeq = reservedWireSeq != 0 ? reservedWireSeq : ctx.seqs().next();
            reservedWireSeq = 0;
            if (holdSends) {
                sendHeld = true;
                return;
            }
            ctx.persist().run();
        }
        if (sending) {
            String frame = ClientMessages.submit(doc, submission, inFlightWireSeq);
            long limit = ctx.maxMessageBytes().getAsLong();
            // UTF-8 takes at most 3 bytes per UTF-16 unit: count the bytes only when that could matter.
            long bytes = frame.length() > limit / 3 ? frame.getBytes(StandardCharsets.UTF_8).length : 0;
            if (bytes > limit) {
                onTooLarge.accept("the edit makes a " + bytes + "-byte message, over the server's limit of "
                        + limit + " bytes");
            } else {
                ctx.outbox().send(frame);
            }
        }
    }

    /** Ends a multi-step change: writes the file, then sends what was held back. */
    private void releaseSends() {
        holdSends = false;
        ctx.persist().run();
        if (sendHeld) {
            sendHeld = false;
            ot.reconnect();
        }
    }

    /** Whether {@code wireSeq} names the edit in flight. */
    boolean isInFlight(long wireSeq) {
        return ot != null && ot.inFlight().isPresent() && wireSeq == inFlightWireSeq;
    }

    /** The wire seq of the edit in flight; 0 if none. */
    long inFlightSeq() {
        return ot.inFlight().isPresent() ? inFlightWireSeq : 0;
    }

    boolean hasPendingEdits() {
        return ot != null && ot.state() != OtClient.State.SYNCHRONIZED;
    }

    long version() {
        requireLoaded();
        return ot.version();
    }

    Rope text() {
        requireLoaded();
        return ot.text();
    }

    Selection selection() {
        requireLoaded();
        return ot.selection();
    }

    void select(Selection selection) {
        requireLoaded();
        ot.select(selection);
    }

    private void requireLoaded() {
        if (ot == null) {
            throw new IllegalStateException("document " + doc + " has not loaded yet: wait for open() to complete");
        }
    }

    /**
     * The local selection in the server's coordinates at {@link #version()}. Pending edits are not
     * on the server yet, so it moves back through their inverse: exact, except inside text they
     * insert (such a position goes to the start of the insert).
     */
    Selection serverSelection() {
        Optional<TextOperation> pending = pending();
        return pending.isEmpty() ? ot.selection() : pending.get().invert(serverText).transformSelection(ot.selection());
    }

    /** The in-flight and buffered edits composed: what the local text adds to the server's. */
    Optional<TextOperation> pending() {
        if (ot == null || ot.inFlight().isEmpty()) {
            return Optional.empty();
        }
        TextOperation inFlight = ot.inFlight().get().op();
        return Optional.of(ot.buffer().map(inFlight::compose).orElse(inFlight));
    }

    /** The pending edits to keep in the offline-queue file, or null if there are none. */
    OfflineFile.SavedDocument saved() {
        if (!hasPendingEdits()) {
            return null;
        }
        return new OfflineFile.SavedDocument(ot.version(), serverText.toString(), inFlightWireSeq,
                ot.inFlight().get().op(), ot.buffer().orElse(null));
    }
}
