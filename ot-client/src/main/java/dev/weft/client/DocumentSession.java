package dev.weft.client;

import dev.weft.ot.Rope;
import dev.weft.ot.Selection;
import dev.weft.ot.TextOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One open document's conversation with the server: opening and catching up, the messages of
 * docs/protocol.md, resynchronizing onto a snapshot ({@link Resync}), presence, signals and chat,
 * and the calls to its listeners. The edits themselves live in a {@link DocumentSync}. Every
 * method runs holding the client's lock.
 */
final class DocumentSession {

    /** Where the document stands with the server on the current connection. */
    private enum Phase {
        /** Not open on the server: offline, or closed for good. */
        OFFLINE,
        /** {@code open} sent; until the snapshot or catch-up, live messages are ignored. */
        OPENING,
        /** Open and caught up: operations flow. */
        LIVE,
        /** The in-flight edit was resubmitted to learn whether a snapshot already holds it. */
        PROBING
    }

    private final String doc;
    private final SessionContext ctx;
    private final DocumentSync sync;
    private final PresenceBoard board;
    private final OwnPresence own;
    private final List<DocumentListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private final List<CompletableFuture<Long>> flushes = new ArrayList<>();

    private Phase phase = Phase.OFFLINE;
    private Resync resync;
    /** Whether the next {@code open} asks for a snapshot rather than the operations since the version. */
    private boolean askSnapshot;
    /** The outcome to resynchronize with when the snapshot asked for by {@link #resyncFresh} arrives. */
    private Resync.Outcome freshOutcome;
    private boolean closeRequested;
    private boolean clientClosed;

    DocumentSession(String doc, SessionContext ctx) {
        this.doc = doc;
        this.ctx = ctx;
        this.sync = new DocumentSync(doc, ctx, this::settle, this::refuseTooLarge);
        this.board = new PresenceBoard(ctx.clientId());
        this.own = new OwnPresence(ctx.scheduler(), ctx.presenceInterval(), this::sendPresence);
    }

    CompletableFuture<Void> loaded() {
        return loaded;
    }

    /** Starts from pending edits read from the offline-queue file: usable at once, offline. */
    void restore(OfflineFile.SavedDocument saved) {
        sync.restore(saved);
        ctx.events().execute(() -> loaded.complete(null));
    }

    void onOnline() {
        setPhase(Phase.OPENING);
        ctx.outbox().send(ClientMessages.open(doc, !sync.isLoaded() || askSnapshot ? -1 : sync.version()));
    }

    void onOffline() {
        setPhase(Phase.OFFLINE);
    }

    private void setPhase(Phase next) {
        phase = next;
        if (next != Phase.PROBING) {
            resync = null;
        }
        sync.setSending(next == Phase.LIVE || next == Phase.PROBING);
    }

    // ---- messages from the server -----------------------------------------------------------

    void handle(ServerMessage.ForDocument message) {
        if (message instanceof ServerMessage.Snapshot snapshot) {
            onSnapshot(snapshot);
        } else if (message instanceof ServerMessage.Catchup catchup) {
            onCatchup(catchup);
        } else if (message instanceof ServerMessage.Op op) {
            if (phase == Phase.PROBING) {
                resync.queue(op.committed());
            } else if (phase == Phase.LIVE) {
                applyRemote(sync.receive(op.committed()));
            }
        } else if (message instanceof ServerMessage.Ops ops) {
            ops.ops().forEach(op -> handle(new ServerMessage.Op(doc, op)));
        } else if (message instanceof ServerMessage.Ack ack) {
            onAck(ack);
        } else if (message instanceof ServerMessage.PresenceUpdate update && sync.isLoaded()) {
            Presence local = board.update(update.presence(), sync.pending().orElse(null), sync.text().length());
            if (local != null) {
                emit(l -> l.onPresence(local));
            }
        } else if (message instanceof ServerMessage.Signal signal && !signal.clientId().equals(ctx.clientId())) {
            emit(l -> l.onSignal(signal.clientId(), signal.data()));
        } else if (message instanceof ServerMessage.Chat chat) {
            board.addChat(chat.message());
            emit(l -> l.onChat(chat.message()));
        }
    }

    void handleError(ServerMessage.Error error) {
        boolean aboutInFlight = error.seq() > 0 && sync.isInFlight(error.seq());
        if (aboutInFlight && (phase == Phase.PROBING || phase == Phase.LIVE)) {
            boolean probing = phase == Phase.PROBING;
            switch (probing ? ErrorRecovery.whileProbing(error.code()) : ErrorRecovery.whileLive(error.code())) {
                case RETRY -> retryLater();
                case REOPEN -> reopen(sync.version());
                case RESYNC_LANDED -> resync(probing, Resync.Outcome.LANDED);
                case RESYNC_NOT_LANDED -> resync(probing, Resync.Outcome.NOT_LANDED);
            }
        } else if (phase == Phase.OPENING && error.seq() <= 0
                && (error.code().equals("FUTURE_VERSION") || error.code().equals("HISTORY_UNAVAILABLE"))) {
            // The server cannot serve the version this client knows (it may have lost data): start
            // from its snapshot; the in-flight edit is probed as after a snapshot with rebase.
            askSnapshot = true;
            reopen(-1);
        }
        emit(l -> l.onError(error.code(), error.message()));
    }

    /** The server refused the connection (an auth error without a document): the listeners hear it. */
    void refused(ServerMessage.Error error) {
        emit(l -> l.onError(error.code(), error.message()));
    }

    /** Resynchronizes onto the snapshot being probed, or else onto a fresh one. */
    private void resync(boolean probing, Resync.Outcome outcome) {
        if (probing) {
            finishResync(resync.snapshot(), outcome);
        } else {
            resyncFresh(outcome);
        }
    }

    private void onSnapshot(ServerMessage.Snapshot snapshot) {
        if (phase != Phase.OPENING) {
            return;
        }
        if (!sync.isLoaded()) {
            sync.start(snapshot.v(), Rope.of(snapshot.text()));
            goLive(snapshot.presence(), snapshot.chat());
        } else if (freshOutcome != null || sync.inFlightSeq() == 0) {
            finishResync(snapshot, freshOutcome == null ? Resync.Outcome.NOT_LANDED : freshOutcome);
        } else {
            // Resend the in-flight edit as on any reconnect; the answer tells whether it landed.
            setPhase(Phase.PROBING);
            resync = new Resync(snapshot);
            sync.resend();
        }
    }

    private void onCatchup(ServerMessage.Catchup catchup) {
        if (phase != Phase.OPENING || !sync.isLoaded()) {
            return;
        }
        long unsentSeq = sync.inFlightSeq();
        setPhase(Phase.LIVE);
        catchup.ops().forEach(op -> applyRemote(sync.receive(op)));
        // If the catch-up acked the in-flight edit, the buffer went out as a new one already.
        if (unsentSeq != 0 && sync.isInFlight(unsentSeq)) {
            sync.resend();
        }
        goLive(catchup.presence(), catchup.chat());
    }

    private void goLive(List<Presence> presence, List<ChatMessage> chat) {
        setPhase(Phase.LIVE);
        board.replaceChat(chat);
        for (Presence change : board.replaceAll(presence, sync.pending().orElse(null), sync.text().length())) {
            emit(l -> l.onPresence(change));
        }
        own.onLive();
        if (!loaded.isDone()) {
            ctx.events().execute(() -> loaded.complete(null));
        }
    }

    private void onAck(ServerMessage.Ack ack) {
        if (!sync.isInFlight(ack.seq())) {
            return;
        }
        if (phase == Phase.PROBING) {
            if (ack.v() <= resync.snapshot().v()) {
                finishResync(resync.snapshot(), Resync.Outcome.LANDED);
            } else {
                // Committed after the snapshot was taken: a fresh snapshot holds it.
                resyncFresh(Resync.Outcome.LANDED);
            }
        } else if (phase == Phase.LIVE) {
            if (ack.v() <= sync.version()) {
                // A duplicate of a version this client passed without recognizing it as its own.
                resyncFresh(Resync.Outcome.LANDED);
            } else {
                sync.acknowledge(ack.v());
            }
        }
    }

    private void applyRemote(RemoteEdit edit) {
        if (edit != null) {
            board.transform(edit.op(), edit.text().length());
            emit(l -> l.onRemoteEdit(edit));
        }
    }

    // ---- resynchronization ------------------------------------------------------------------

    private void finishResync(ServerMessage.Snapshot snapshot, Resync.Outcome outcome) {
        List<ServerMessage.Op> queued = new ArrayList<>();
        if (resync != null) {
            resync.queued().forEach(op -> queued.add(new ServerMessage.Op(doc, op)));
        }
        freshOutcome = null;
        askSnapshot = false;
        setPhase(Phase.LIVE);
        TextOperation change = sync.resync(snapshot, outcome);
        board.transform(change, sync.text().length());
        if (!change.isNoop()) {
            RemoteEdit edit = new RemoteEdit(snapshot.v(), null, change, sync.text());
            emit(l -> l.onRemoteEdit(edit));
        }
        queued.forEach(this::handle);
        goLive(snapshot.presence(), snapshot.chat());
        if (!sync.hasPendingEdits()) {
            settle();
        }
    }

    /** Treats an in-flight edit too large to send as the server would: refused, so the server's text is the truth. */
    private void refuseTooLarge(String explanation) {
        resyncFresh(Resync.Outcome.LANDED);
        emit(l -> l.onError("TOO_LARGE", explanation));
    }

    /** Asks for a fresh snapshot, to resynchronize with a known outcome for the in-flight edit. */
    private void resyncFresh(Resync.Outcome outcome) {
        freshOutcome = outcome;
        askSnapshot = true;
        reopen(-1);
    }

    private void reopen(long knownVersion) {
        setPhase(Phase.OPENING);
        ctx.outbox().send(ClientMessages.close(doc));
        ctx.outbox().send(ClientMessages.open(doc, knownVersion));
    }

    /** The server dropped a message of this client unread: the in-flight edit may have been it. */
    void messageDropped() {
        if (sync.inFlightSeq() > 0 && (phase == Phase.LIVE || phase == Phase.PROBING)) {
            retryLater();
        }
    }

    private void retryLater() {
        long seq = sync.inFlightSeq();
        ctx.scheduler().schedule(ctx.retryDelay(), () -> {
            if (sync.isInFlight(seq) && (phase == Phase.LIVE || phase == Phase.PROBING)) {
                sync.resend();
            }
        });
    }

    /** Runs when nothing is pending any more: flushes complete, deferred work goes ahead. */
    private void settle() {
        long version = sync.version();
        for (CompletableFuture<Long> flush : flushes) {
            ctx.events().execute(() -> flush.complete(version));
        }
        flushes.clear();
        own.onSettled();
        if (closeRequested) {
            closeNow();
        }
    }

    // ---- local calls ------------------------------------------------------------------------

    /** The client closed: the document takes no more calls; its pending edits stay in the offline-queue file. */
    void shutDown() {
        clientClosed = true;
        own.cancel();
        setPhase(Phase.OFFLINE);
        failWaiting("the client was closed");
    }

    void edit(TextOperation op) {
        requireOpen();
        sync.edit(op);
        board.transform(op, sync.text().length());
    }

    void select(Selection selection) {
        requireOpen();
        sync.select(selection);
        own.selected();
    }

    void setStatus(PresenceStatus newStatus) {
        requireOpen();
        own.setStatus(newStatus);
    }

    /** Sends status and selection; while edits are pending the selection is approximate. */
    private boolean sendPresence(PresenceStatus status) {
        if (phase != Phase.LIVE) {
            return false;
        }
        ctx.outbox().send(ClientMessages.presence(doc, status, sync.serverSelection(), sync.version()));
        return sync.hasPendingEdits();
    }

    boolean signal(Object data) {
        return phase == Phase.LIVE && ctx.outbox().send(ClientMessages.signal(doc, data));
    }

    boolean chat(String text) {
        if (text == null || text.isEmpty() || text.length() > 2000) {
            throw new IllegalArgumentException(
                    "chat text must be 1 to 2000 characters, was " + (text == null ? "null" : text.length()));
        }
        return phase == Phase.LIVE && ctx.outbox().send(ClientMessages.chat(doc, text));
    }

    CompletableFuture<Long> flush() {
        CompletableFuture<Long> flush = new CompletableFuture<>();
        if (sync.isLoaded() && !sync.hasPendingEdits()) {
            long version = sync.version();
            ctx.events().execute(() -> flush.complete(version));
        } else {
            flushes.add(flush);
        }
        return flush;
    }

    /** Stops the listeners; closes the document on the server once its pending edits are acked. */
    void close() {
        listeners.clear();
        closeRequested = true;
        if (!sync.hasPendingEdits()) {
            closeNow();
        }
    }

    /** Takes back a {@link #close()} still waiting for acks: the application opened the document again. */
    void cancelClose() {
        closeRequested = false;
    }

    private void closeNow() {
        own.cancel();
        if (phase != Phase.OFFLINE) {
            ctx.outbox().send(ClientMessages.close(doc));
        }
        setPhase(Phase.OFFLINE);
        failWaiting("document " + doc + " was closed");
        ctx.forget().accept(doc);
    }

    /** Fails the futures still waiting: the flushes, and the open if the document never loaded. */
    private void failWaiting(String why) {
        List<CompletableFuture<?>> waiting = new ArrayList<>(flushes);
        waiting.add(loaded);
        flushes.clear();
        ctx.events().execute(() -> waiting.forEach(future -> future.completeExceptionally(new IllegalStateException(why))));
    }

    // ---- state ------------------------------------------------------------------------------

    void addListener(DocumentListener listener) {
        listeners.add(listener);
    }

    void removeListener(DocumentListener listener) {
        listeners.remove(listener);
    }

    /** The document's edits: text, version, selection, pending edits. */
    DocumentSync sync() {
        return sync;
    }

    Map<String, Presence> presence() {
        return board.others();
    }

    List<ChatMessage> chatHistory() {
        return board.chat();
    }

    OfflineFile.SavedDocument saved() {
        return sync.saved();
    }

    private void requireOpen() {
        if (clientClosed || closeRequested) {
            throw new IllegalStateException("document " + doc + " is closed");
        }
    }

    private void emit(Consumer<DocumentListener> event) {
        for (DocumentListener listener : listeners) {
            ctx.events().execute(() -> event.accept(listener));
        }
    }
}
