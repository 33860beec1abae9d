package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.ot.Commit;
import dev.weft.ot.CommittedOp;
import dev.weft.ot.Selection;
import dev.weft.ot.Sequencer;
import dev.weft.ot.SubmitException;
import dev.weft.ot.Submission;
import dev.weft.server.store.ChatMessage;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded document: the entry point for everything its connections, event streams and HTTP
 * requests ask of it. Every method only queues a task on the document's {@link SerialExecutor};
 * the tasks run one at a time, so the sequencer is never used concurrently and every participant
 * receives the committed operations in version order.
 *
 * <p>The work is shared by three collaborators, all used on that executor only: the
 * {@link CommitPipeline} owns the sequencer and acks and broadcasts each submit only after the
 * store made it durable (write-behind on a store only this node writes to; retries against other
 * nodes' commits on a shared one); the {@link Audience} is who hears the document on this node,
 * local participants, those on other nodes and event streams; {@link DocumentPeers} handles the
 * news from other nodes ({@link Cluster#shared()}).
 */
final class Document {
    static final int CHAT_ON_OPEN = 50;
    private static final Logger LOG = LoggerFactory.getLogger(Document.class);

    private final String id;
    private final SerialExecutor executor;
    private final ServerContext context;
    private final Audience audience;
    private final CommitPipeline commits;
    private final DocumentPeers peers;
    /** How many connections, streams and requests hold this document; guarded by {@link Documents}. */
    int holders;

    Document(String id, SerialExecutor executor, ServerContext context) {
        this.id = id;
        this.executor = executor;
        this.context = context;
        this.audience = new Audience(id, context.cluster(), context.config().broadcastWindow().toNanos(),
                this::later);
        this.commits = new CommitPipeline(id, executor, context, audience);
        this.peers = new DocumentPeers(id, executor, context, audience, commits);
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
                connection.openFinished(this, audience.isParticipant(connection));
            }
        });
    }

    /** Removes the participant, tells the others it went offline, and confirms with {@code closed} if asked. */
    void leave(Connection connection, boolean confirm) {
        executor.execute(() -> {
            if (audience.isParticipant(connection)) {
                Participant left = audience.remove(connection.clientId());
                audience.broadcastPresence(left.withStatus(Participant.Status.OFFLINE, connection.lastHeard()),
                        connection);
            }
            if (confirm) {
                audience.sendTo(connection, Json.write(ServerMessages.closed(id)));
            }
        });
    }

    /** Rebases, commits durably, acks the author and broadcasts to everyone else. */
    void submit(Connection connection, Submission submission, String ref, long receivedNanos) {
        Runnable task = guarded(connection, ref, submission.seq(), () -> {
            audience.requireParticipant(connection);
            commits.commit(submission, connection, new UnconfirmedCommits.Waiter() {
                @Override
                public void durable(Commit commit) {
                    audience.sendTo(connection, Json.write(
                            ServerMessages.ack(id, submission.seq(), commit.version(), commit.duplicate(), ref)));
                    context.metrics().recordAck(System.nanoTime() - receivedNanos);
                }

                @Override
                public void failed(RuntimeException cause) {
                    sendError(connection, ErrorCode.INTERNAL, "the server failed; nothing was committed", ref,
                            submission.seq());
                }
            });
        });
        if (context.cluster().shared()) {
            executor.execute(task); // the commit waits for the database: not on a Jetty thread
        } else {
            executor.executeHere(task); // the commit only queues its write
        }
    }

    /** Updates the participant's status and selection and tells the others. */
    void presence(Connection connection, PresenceUpdate update, String ref) {
        run(connection, ref, null, () -> {
            Participant participant = audience.requireParticipant(connection);
            long now = System.currentTimeMillis();
            Participant.Status status = update.status() != null ? update.status() : participant.status();
            participant = participant.withStatus(status, now);
            if (update.selectionGiven()) {
                Selection selection = update.selection() == null ? null
                        : commits.rebase(update.selection(), update.version(), connection.clientId());
                participant = participant.withSelection(selection, now);
            }
            audience.put(participant);
            audience.broadcastPresence(participant, connection);
        });
    }

    /** Relays a signal to the other participants; nothing is stored. */
    void signal(Connection connection, JsonNode data, String ref) {
        run(connection, ref, null, () -> {
            audience.requireParticipant(connection);
            audience.sendToLocal(Json.write(ServerMessages.signal(id, connection.clientId(), data)), connection);
            context.cluster().signal(id, connection.clientId(), data);
        });
    }

    /** Stores a chat message durably, then sends it to the other participants and the streams. */
    void chat(Connection connection, String text, String ref) {
        run(connection, ref, null, () -> {
            audience.requireParticipant(connection);
            ChatMessage message = new ChatMessage(connection.user().name(), text, Instant.now());
            await(context.store().appendChat(id, message));
            String json = Json.write(ServerMessages.chat(id, connection.clientId(), message));
            audience.sendToLocal(json, connection);
            audience.sendToStreams("chat", json);
            context.cluster().chat(id, connection.clientId(), message);
        });
    }

    /** The latest version and text. */
    CompletableFuture<DocumentState> read() {
        return call(() -> {
            Sequencer current = commits.settled();
            return new DocumentState(current.version(), current.text().toString());
        });
    }

    /** Commits a submission from HTTP like a client's: rebased, durable, broadcast to every participant. */
    CompletableFuture<Commit> submit(Submission submission) {
        CompletableFuture<Commit> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                commits.commit(submission, null, new UnconfirmedCommits.Waiter() {
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
            Sequencer current = commits.settled();
            boolean tooOld = lastVersion.isPresent() && lastVersion.getAsLong() < current.history().oldestVersion();
            if (lastVersion.isPresent() && !tooOld) {
                for (CommittedOp entry : current.opsSince(lastVersion.getAsLong())) {
                    sink.event("op", entry.version(), Json.write(ServerMessages.op(id, entry)));
                }
            } else {
                ObjectNode snapshot = ServerMessages.snapshot(id, current.version(), current.text().toString(),
                        audience.everyone(null), context.store().recentChat(id, CHAT_ON_OPEN), tooOld);
                sink.event("snapshot", current.version(), Json.write(snapshot));
            }
            audience.addStream(sink);
            return null;
        });
    }

    /** Removes an event stream. */
    void unsubscribe(EventSink sink) {
        executor.execute(() -> audience.removeStream(sink));
    }

    /** Waits until the store confirmed every pending commit, and acks them: before the document is dropped. */
    void settleAll() {
        commits.settleAll();
    }

    /** Another node committed {@code version} (or anything, for {@link Long#MAX_VALUE}): catch up with it. */
    void othersCommitted(long version) {
        peers.othersCommitted(version);
    }

    /** A participant on another node joined, changed or left; its selection is at {@code version}. */
    void othersPresence(String node, Participant participant, long version) {
        peers.othersPresence(node, participant, version);
    }

    /** A chat message sent on another node; {@code stored} if it was too long to travel and must be read back. */
    void othersChat(String clientId, ChatMessage message, boolean stored) {
        peers.othersChat(clientId, message, stored);
    }

    /** A signal sent on another node. */
    void othersSignal(String clientId, JsonNode data) {
        peers.othersSignal(clientId, data);
    }

    /** Another node stopped answering: its participants are gone. */
    void nodeGone(String node) {
        peers.nodeGone(node);
    }

    private void openNow(Connection connection, OptionalLong version) {
        Sequencer current = commits.settled();
        List<Participant> others = audience.everyone(connection.clientId());
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
        audience.sendTo(connection, Json.write(reply));
        if (audience.isParticipant(connection)) {
            return;
        }
        Participant joined = new Participant(connection.clientId(), connection.user(), Participant.Status.ONLINE,
                System.currentTimeMillis(), null, connection);
        audience.join(joined);
        audience.broadcastPresence(joined, connection);
    }

    /** Runs {@code task} on this document's executor after the delay; at once if the server is stopping. */
    private void later(Runnable task, long delayNanos) {
        try {
            context.timer().schedule(() -> executor.execute(task), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /** Queues a task for a connection; a refusal or failure becomes an {@code error} to it. */
    private void run(Connection connection, String ref, Long seq, Runnable task) {
        executor.execute(guarded(connection, ref, seq, task));
    }

    /** {@code task}, with a refusal or failure turned into an {@code error} to the connection. */
    private Runnable guarded(Connection connection, String ref, Long seq, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (ProtocolError e) {
                sendError(connection, e.code(), e.getMessage(), ref, seq);
            } catch (SubmitException e) {
                sendError(connection, ErrorCode.of(e.reason()), e.getMessage(), ref, seq);
            } catch (RuntimeException e) {
                LOG.error("document {} failed a request of client {}", id, connection.clientId(), e);
                sendError(connection, ErrorCode.INTERNAL, "the server failed; nothing was committed", ref, seq);
            }
        };
    }

    /** An {@code error} about this document, after the ops gathered for the connection: nothing overtakes an op. */
    private void sendError(Connection connection, ErrorCode code, String text, String ref, Long seq) {
        audience.flush(connection);
        connection.sendError(code, text, ref, id, seq);
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
