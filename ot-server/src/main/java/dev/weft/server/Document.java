package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.ot.Commit;
import dev.weft.ot.CommittedOp;
import dev.weft.ot.CursorBias;
import dev.weft.ot.Selection;
import dev.weft.ot.Sequencer;
import dev.weft.ot.SubmitException;
import dev.weft.ot.Submission;
import dev.weft.server.store.ChatMessage;
import dev.weft.server.store.StoreException;
import dev.weft.server.store.StoredHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded document: its {@link Sequencer} over the store, its participants and its event
 * streams. Every method only queues a task on the document's {@link SerialExecutor}; the tasks
 * run one at a time, so the sequencer is never used concurrently and every participant receives
 * the committed operations in version order.
 *
 * <p>A submit is acked and broadcast only after the store made it durable. On a store only this
 * node writes to, the sequencer does not wait for that: it commits the next submissions while the
 * store syncs (a write-behind history), and {@link UnconfirmedCommits} holds their acks until the
 * store confirms them, in version order. Each participant's selection moves through every
 * committed operation, so remote cursors stay on the same characters.
 *
 * <p><b>Several nodes.</b> When other nodes commit to the same store ({@link Cluster#shared()}),
 * a commit may lose the race for its version: the history reads what it missed, the submission
 * is rebased again and retried after a short jittered back-off, as ShareDB does. Whatever this
 * node learns that others committed (on such a conflict, a notification, or before answering an
 * open) is sent to its participants in version order before anything that follows it.
 * Participants on other nodes ({@link RemoteParticipants}) are listed and moved like local ones.
 */
final class Document {
    static final int CHAT_ON_OPEN = 50;
    private static final Logger LOG = LoggerFactory.getLogger(Document.class);
    /**
     * Tries of one submission against other nodes' commits, and the back-off cap between them.
     * The pauses stay short: a retry competes with the other nodes' fresh submissions, which do
     * not pause, so a long pause only makes the same node lose again.
     */
    private static final int COMMIT_ATTEMPTS = 100;
    private static final int MAX_BACKOFF_MILLIS = 8;
    private static final int IMMEDIATE_RETRIES = 3;

    private final String id;
    private final SerialExecutor executor;
    private final ServerContext context;
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    private final List<EventSink> sinks = new ArrayList<>();
    private final RemoteParticipants remote = new RemoteParticipants();
    private final UnconfirmedCommits unconfirmed = new UnconfirmedCommits();
    private final Broadcasts broadcasts;
    private Sequencer sequencer;
    /** The latest version sent to this node's participants and streams; never past a durable one. */
    private long published;
    /** How many connections, streams and requests hold this document; guarded by {@link Documents}. */
    int holders;

    Document(String id, SerialExecutor executor, ServerContext context) {
        this.id = id;
        this.executor = executor;
        this.context = context;
        this.broadcasts = new Broadcasts(id);
    }

    String id() {
        return id;
    }

    SerialExecutor executor() {
        return executor;
    }

    /** Sends the snapshot or catch-up to {@code connection} and makes it a participant. */
    void open(Connection connection, OptionalLong version, String ref) {
        run(connection, ref, null, () -> {
            try {
                openNow(connection, version);
            } finally {
                connection.openFinished(this, isParticipant(connection));
            }
        });
    }

    /** Removes the participant, tells the others it went offline, and confirms with {@code closed} if asked. */
    void leave(Connection connection, boolean confirm) {
        executor.execute(() -> {
            if (isParticipant(connection)) {
                Participant left = participants.remove(connection.clientId());
                broadcastPresence(left.withStatus(Participant.Status.OFFLINE, connection.lastHeard()), connection);
            }
            if (confirm) {
                connection.send(Json.write(ServerMessages.closed(id)));
            }
        });
    }

    /** Rebases, commits durably, acks the author and broadcasts to everyone else. */
    void submit(Connection connection, Submission submission, String ref, long receivedNanos) {
        run(connection, ref, submission.seq(), () -> {
            requireParticipant(connection);
            commit(submission, connection, new UnconfirmedCommits.Waiter() {
                @Override
                public void durable(Commit commit) {
                    broadcasts.flush(connection);
                    connection.send(Json.write(
                            ServerMessages.ack(id, submission.seq(), commit.version(), commit.duplicate(), ref)));
                    context.metrics().recordAck(System.nanoTime() - receivedNanos);
                }

                @Override
                public void failed(RuntimeException cause) {
                    broadcasts.flush(connection);
                    connection.sendError(ErrorCode.INTERNAL, "the server failed; nothing was committed", ref, id,
                            submission.seq());
                }
            });
        });
    }

    /** Updates the participant's status and selection and tells the others. */
    void presence(Connection connection, PresenceUpdate update, String ref) {
        run(connection, ref, null, () -> {
            Participant participant = requireParticipant(connection);
            long now = System.currentTimeMillis();
            Participant.Status status = update.status() != null ? update.status() : participant.status();
            participant = participant.withStatus(status, now);
            if (update.selectionGiven()) {
                Selection selection = update.selection() == null ? null
                        : rebase(update.selection(), update.version(), connection.clientId());
                participant = participant.withSelection(selection, now);
            }
            participants.put(participant.clientId(), participant);
            broadcastPresence(participant, connection);
        });
    }

    /** Relays a signal to the other participants; nothing is stored. */
    void signal(Connection connection, JsonNode data, String ref) {
        run(connection, ref, null, () -> {
            requireParticipant(connection);
            String json = Json.write(ServerMessages.signal(id, connection.clientId(), data));
            participants.values().stream().filter(p -> p.connection() != connection)
                    .forEach(p -> p.connection().send(json));
            context.cluster().signal(id, connection.clientId(), data);
        });
    }

    /** Stores a chat message durably, then sends it to the other participants and the streams. */
    void chat(Connection connection, String text, String ref) {
        run(connection, ref, null, () -> {
            requireParticipant(connection);
            ChatMessage message = new ChatMessage(connection.user().name(), text, Instant.now());
            await(context.store().appendChat(id, message));
            String json = Json.write(ServerMessages.chat(id, connection.clientId(), message));
            participants.values().stream().filter(p -> p.connection() != connection)
                    .forEach(p -> p.connection().send(json));
            sinks.forEach(sink -> sink.event("chat", null, json));
            context.cluster().chat(id, connection.clientId(), message);
        });
    }

    /** The latest version and text. */
    CompletableFuture<DocumentState> read() {
        return call(() -> {
            settleAll();
            catchUpIfShared();
            return new DocumentState(sequencer().version(), sequencer().text().toString());
        });
    }

    /** Commits a submission from HTTP like a client's: rebased, durable, broadcast to every participant. */
    CompletableFuture<Commit> submit(Submission submission) {
        CompletableFuture<Commit> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                commit(submission, null, new UnconfirmedCommits.Waiter() {
                    @Override
                    public void durable(Commit commit) {
                        result.complete(commit);
                    }

                    @Override
                    public void failed(RuntimeException cause) {
                        result.completeExceptionally(cause);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Adds an event stream. It first receives the operations after {@code lastVersion} as events,
     * or a {@code snapshot} event without a version (with {@code rebase} if the version is older
     * than the history); then live events, with no gap between.
     *
     * @return a future that fails with a {@link SubmitException} if the version is ahead of the
     *     document
     */
    CompletableFuture<Void> subscribe(EventSink sink, OptionalLong lastVersion) {
        return call(() -> {
            settleAll();
            catchUpIfShared();
            Sequencer current = sequencer();
            boolean tooOld = lastVersion.isPresent() && lastVersion.getAsLong() < current.history().oldestVersion();
            if (lastVersion.isPresent() && !tooOld) {
                for (CommittedOp entry : current.opsSince(lastVersion.getAsLong())) {
                    sink.event("op", entry.version(), Json.write(ServerMessages.op(id, entry)));
                }
            } else {
                ObjectNode snapshot = ServerMessages.snapshot(id, current.version(), current.text().toString(),
                        everyone(null), context.store().recentChat(id, CHAT_ON_OPEN), tooOld);
                sink.event("snapshot", current.version(), Json.write(snapshot));
            }
            sinks.add(sink);
            return null;
        });
    }

    /** Removes an event stream. */
    void unsubscribe(EventSink sink) {
        executor.execute(() -> sinks.remove(sink));
    }

    private void openNow(Connection connection, OptionalLong version) {
        settleAll();
        catchUpIfShared();
        Sequencer current = sequencer();
        List<Participant> others = everyone(connection.clientId());
        List<ChatMessage> chat = context.store().recentChat(id, CHAT_ON_OPEN);
        ObjectNode reply;
        if (version.isEmpty()) {
            reply = ServerMessages.snapshot(id, current.version(), current.text().toString(), others, chat, false);
        } else if (version.getAsLong() > current.version()) {
            throw new ProtocolError(ErrorCode.FUTURE_VERSION, "version " + version.getAsLong()
                    + " is ahead of the document's version " + current.version());
        } else if (version.getAsLong() < current.history().oldestVersion()) {
            reply = ServerMessages.snapshot(id, current.version(), current.text().toString(), others, chat, true);
        } else {
            reply = ServerMessages.catchup(id, version.getAsLong(), current.opsSince(version.getAsLong()), others, chat);
        }
        connection.send(Json.write(reply));
        if (isParticipant(connection)) {
            return;
        }
        Participant joined = new Participant(connection.clientId(), connection.user(), Participant.Status.ONLINE,
                System.currentTimeMillis(), null, connection);
        participants.put(joined.clientId(), joined);
        remote.remove(joined.clientId());
        broadcastPresence(joined, connection);
    }

    /**
     * Commits {@code submission} and tells {@code waiter} once it is durable (at once for a
     * resubmission already durable). The author (null from HTTP) is not sent the broadcast.
     *
     * @throws ProtocolError or SubmitException if the submission is refused: nothing was committed
     */
    private void commit(Submission submission, Connection author, UnconfirmedCommits.Waiter waiter) {
        long start = System.nanoTime();
        Commit commit = commit(submission);
        if (commit.duplicate()) {
            if (commit.version() <= durableVersion()) {
                publishMissed(Long.MAX_VALUE);
                waiter.durable(commit);
            } else if (!unconfirmed.awaitAsDuplicate(commit.version(), waiter)) {
                throw new IllegalStateException("version " + commit.version() + " is neither durable nor pending");
            }
            return;
        }
        CompletableFuture<Boolean> write = ((StoredHistory) sequencer().history()).lastWrite();
        unconfirmed.add(commit.entry(), author, write, start, waiter);
        if (write.isDone()) {
            settle();
        } else {
            write.whenComplete((appended, failure) -> executor.execute(this::settle));
        }
    }

    /**
     * Acks and broadcasts, in version order, every pending commit the store has confirmed; each
     * participant gets the ops in one frame ({@link Broadcasts}). If the store failed one,
     * neither it nor any later one is in the store: all are refused, and the sequencer is
     * reloaded from the store on next use.
     */
    private void settle() {
        broadcasts.start();
        try {
            settleFinished();
        } finally {
            broadcasts.finish();
        }
    }

    private void settleFinished() {
        for (UnconfirmedCommits.Pending done; (done = unconfirmed.pollFinished()) != null; ) {
            RuntimeException failure = done.failure();
            if (failure != null) {
                abandon(done, failure);
                return;
            }
            context.metrics().recordCommit(System.nanoTime() - done.startedNanos());
            context.metrics().opsCommitted.increment();
            publishMissed(done.entry().version() - 1);
            publish(done.entry(), done.author());
            Commit commit = new Commit(done.entry(), false);
            done.waiters().forEach(waiter -> waiter.durable(commit));
        }
    }

    private void abandon(UnconfirmedCommits.Pending failed, RuntimeException cause) {
        List<UnconfirmedCommits.Pending> dropped = new ArrayList<>();
        dropped.add(failed);
        dropped.addAll(unconfirmed.clear());
        LOG.error("document {} could not store version {}; {} commits after it dropped too", id,
                failed.entry().version(), dropped.size() - 1, cause);
        sequencer = null;
        for (UnconfirmedCommits.Pending commit : dropped) {
            commit.waiters().forEach(waiter -> waiter.failed(cause));
        }
    }

    /** Waits until the store confirmed every pending commit, and acks them: before showing the text to anyone. */
    void settleAll() {
        for (CompletableFuture<Boolean> write; (write = unconfirmed.oldestWrite()) != null; ) {
            write.handle((appended, failure) -> null).join();
            settle();
        }
    }

    /** The latest version that is durable, with every one before it. */
    private long durableVersion() {
        return unconfirmed.durableVersion(sequencer().history().version());
    }

    /**
     * Prepares, checks the size limit, and commits; with a write-behind history the write is only
     * queued. Another writer's commit in between (a conflict) is rebased over and retried, up to
     * {@link #COMMIT_ATTEMPTS} times with a jittered back-off.
     */
    private Commit commit(Submission submission) {
        for (int attempt = 1; ; attempt++) {
            Sequencer current = sequencer();
            Commit prepared = current.prepare(submission);
            if (prepared.duplicate()) {
                context.metrics().duplicatesAcked.increment();
                if (prepared.version() > published) {
                    // Committed through another node: everything before it goes out before the ack.
                    catchUpIfShared();
                }
                return prepared;
            }
            long length = (long) current.text().length() + prepared.op().lengthDelta();
            if (length > context.config().maxDocumentLength()) {
                throw new ProtocolError(ErrorCode.TOO_LARGE, "the operation would make the document " + length
                        + " characters long; the limit is " + context.config().maxDocumentLength());
            }
            try {
                return current.commit(prepared);
            } catch (SubmitException e) {
                if (e.reason() != SubmitException.Reason.VERSION_CONFLICT || attempt == COMMIT_ATTEMPTS) {
                    publishMissed(Long.MAX_VALUE);
                    throw e;
                }
                context.metrics().commitConflicts.increment();
                backOff(attempt);
            }
        }
    }

    /**
     * No pause after the first {@link #IMMEDIATE_RETRIES} losses (the history just read what won),
     * then full jitter: a random pause below 1, 2, 4, then {@link #MAX_BACKOFF_MILLIS} ms.
     */
    private static void backOff(int attempt) {
        if (attempt <= IMMEDIATE_RETRIES) {
            return;
        }
        long bound = Math.min(MAX_BACKOFF_MILLIS, 1L << Math.min(attempt - IMMEDIATE_RETRIES, 20));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying a commit", e);
        }
    }

    /** Another node committed {@code version} (or anything, for {@link Long#MAX_VALUE}): catch up with it. */
    void othersCommitted(long version) {
        executor.execute(() -> {
            if (sequencer == null || version <= published) {
                return;
            }
            try {
                catchUpIfShared();
            } catch (RuntimeException e) {
                LOG.warn("document {} could not read other nodes' commits: {}", id, e.getMessage());
            }
        });
    }

    /** A participant on another node joined, changed or left; its selection is at {@code version}. */
    void othersPresence(String node, Participant participant, long version) {
        executor.execute(() -> {
            if (sequencer == null || participants.containsKey(participant.clientId())) {
                return; // not in use here, or the client moved to this node: the local entry wins
            }
            Participant moved = participant;
            if (participant.selection() != null) {
                try {
                    if (version > published) {
                        catchUpIfShared();
                    }
                    moved = participant.withSelection(rebase(participant.selection(), version, participant.clientId()),
                            participant.lastSeen());
                } catch (RuntimeException e) {
                    moved = participant.withSelection(null, participant.lastSeen());
                }
            }
            boolean isNew = false;
            if (moved.status() == Participant.Status.OFFLINE) {
                if (!remote.remove(moved.clientId(), node)) {
                    return; // never here, or it moved on to a third node
                }
            } else {
                isNew = remote.put(node, moved);
            }
            broadcastPresence(moved, null);
            if (isNew) {
                // The newcomer's node may not know who is here yet.
                participants.values().forEach(p -> context.cluster().presence(id, p, published));
            }
        });
    }

    /** A chat message sent on another node; {@code stored} if it was too long to travel and must be read back. */
    void othersChat(String clientId, ChatMessage message, boolean stored) {
        executor.execute(() -> {
            ChatMessage shown = message;
            if (stored) {
                shown = context.store().recentChat(id, CHAT_ON_OPEN).stream()
                        .filter(m -> m.author().equals(message.author()) && m.time().equals(message.time()))
                        .reduce((first, second) -> second).orElse(null);
                if (shown == null) {
                    return;
                }
            }
            String json = Json.write(ServerMessages.chat(id, clientId, shown));
            participants.values().forEach(p -> p.connection().send(json));
            sinks.forEach(sink -> sink.event("chat", null, json));
        });
    }

    /** A signal sent on another node. */
    void othersSignal(String clientId, JsonNode data) {
        executor.execute(() -> {
            String json = Json.write(ServerMessages.signal(id, clientId, data));
            participants.values().forEach(p -> p.connection().send(json));
        });
    }

    /** Another node stopped answering: its participants are gone. */
    void nodeGone(String node) {
        executor.execute(() -> {
            long now = System.currentTimeMillis();
            for (Participant gone : remote.removeNode(node)) {
                broadcastPresence(gone.withStatus(Participant.Status.OFFLINE, now), null);
            }
        });
    }

    /** With other nodes on the store, reads what they committed and sends it to this node's participants. */
    private void catchUpIfShared() {
        if (!context.cluster().shared()) {
            return;
        }
        ((StoredHistory) sequencer().history()).refresh();
        publishMissed(Long.MAX_VALUE);
    }

    /**
     * Sends this node's participants and streams, in version order, the operations up to
     * {@code upTo} that the history holds and they have not been sent: those other nodes
     * committed. Catches the sequencer up with them too.
     */
    private void publishMissed(long upTo) {
        Sequencer current = sequencer();
        long last = Math.min(upTo, durableVersion());
        if (published >= last) {
            return;
        }
        for (CommittedOp entry : current.opsSince(published)) {
            if (entry.version() > last) {
                break;
            }
            publish(entry, null);
        }
    }

    /** Local and remote participants, without {@code exceptClientId}. */
    private List<Participant> everyone(String exceptClientId) {
        List<Participant> all = new ArrayList<>(participants.values());
        all.addAll(remote.all());
        all.removeIf(p -> p.clientId().equals(exceptClientId));
        return all;
    }

    /** Moves every selection through the committed operation, then sends it to all but its author. */
    private void publish(CommittedOp entry, Connection author) {
        participants.replaceAll((clientId, p) -> p.transformedBy(entry.op(), entry.clientId()));
        remote.transform(entry.op(), entry.clientId());
        published = entry.version();
        String fragment = Broadcasts.fragment(entry);
        for (Participant participant : participants.values()) {
            if (participant.connection() != author) {
                broadcasts.send(participant.connection(), fragment);
            }
        }
        if (!sinks.isEmpty()) {
            String json = broadcasts.opMessage(fragment);
            sinks.forEach(sink -> sink.event("op", entry.version(), json));
        }
    }

    /** A selection made at {@code version}, moved to the latest published version and kept inside the text. */
    private Selection rebase(Selection selection, long version, String clientId) {
        Selection moved = selection;
        for (CommittedOp entry : sequencer().opsSince(version)) {
            if (entry.version() > published) {
                break;
            }
            CursorBias bias = entry.clientId().equals(clientId) ? CursorBias.AFTER_INSERT : CursorBias.BEFORE_INSERT;
            moved = entry.op().transformSelection(moved, bias);
        }
        int length = (int) (sequencer().text().length() - unconfirmed.lengthDelta());
        return new Selection(Math.min(moved.anchor(), length), Math.min(moved.focus(), length));
    }

    /** Sends a presence change to this node's participants (but {@code except}) and streams; a local one to other nodes too. */
    private void broadcastPresence(Participant participant, Connection except) {
        String json = Json.write(ServerMessages.presence(id, participant));
        for (Participant other : participants.values()) {
            if (other.connection() != except) {
                other.connection().send(json);
            }
        }
        sinks.forEach(sink -> sink.event("presence", null, json));
        if (participant.connection() != null) {
            context.cluster().presence(id, participant, published);
        }
    }

    private boolean isParticipant(Connection connection) {
        Participant participant = participants.get(connection.clientId());
        return participant != null && participant.connection() == connection;
    }

    private Participant requireParticipant(Connection connection) {
        if (!isParticipant(connection)) {
            throw new ProtocolError(ErrorCode.DOC_NOT_OPEN, "document \"" + id + "\" is not open");
        }
        return participants.get(connection.clientId());
    }

    /** Loaded on first use, on this document's thread, so the store is read off Jetty's threads. */
    private Sequencer sequencer() {
        if (sequencer == null) {
            sequencer = context.cluster().shared() ? StoredHistory.openSequencer(context.store(), id)
                    : StoredHistory.openPipelinedSequencer(context.store(), id);
            published = sequencer.version();
        }
        return sequencer;
    }

    /** Queues a task for a connection; a refusal or failure becomes an {@code error} to it. */
    private void run(Connection connection, String ref, Long seq, Runnable task) {
        executor.execute(() -> {
            try {
                task.run();
            } catch (ProtocolError e) {
                connection.sendError(e.code(), e.getMessage(), ref, id, seq);
            } catch (SubmitException e) {
                connection.sendError(ErrorCode.of(e.reason()), e.getMessage(), ref, id, seq);
            } catch (RuntimeException e) {
                LOG.error("document {} failed a request of client {}", id, connection.clientId(), e);
                connection.sendError(ErrorCode.INTERNAL, "the server failed; nothing was committed", ref, id, seq);
            }
        });
    }

    /** Queues a task whose result or failure completes the returned future. */
    private <T> CompletableFuture<T> call(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static void await(CompletableFuture<?> write) {
        try {
            write.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
