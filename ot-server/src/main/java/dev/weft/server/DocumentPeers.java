package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.store.ChatMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one document does with news from the other nodes serving it ({@link PostgresCluster}):
 * their commits are caught up with and published in version order before anything that follows;
 * their participants are listed and moved like local ones; their chat and signals reach this
 * node's participants. Each method only queues a task on the document's {@link SerialExecutor},
 * like every entry point of {@link Document}, which forwards to it.
 */
final class DocumentPeers {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentPeers.class);

    private final String id;
    private final SerialExecutor executor;
    private final ServerContext context;
    private final Audience audience;
    private final CommitPipeline commits;

    DocumentPeers(String id, SerialExecutor executor, ServerContext context, Audience audience,
                  CommitPipeline commits) {
        this.id = id;
        this.executor = executor;
        this.context = context;
        this.audience = audience;
        this.commits = commits;
    }

    /** Another node committed {@code version} (or anything, for {@link Long#MAX_VALUE}): catch up with it. */
    void othersCommitted(long version) {
        executor.execute(() -> {
            if (!commits.loaded() || version <= audience.published()) {
                return;
            }
            try {
                commits.catchUpIfShared();
            } catch (RuntimeException e) {
                LOG.warn("document {} could not read other nodes' commits: {}", id, e.getMessage());
            }
        });
    }

    /** A participant on another node joined, changed or left; its selection is at {@code version}. */
    void othersPresence(String node, Participant participant, long version) {
        executor.execute(() -> {
            if (!commits.loaded() || audience.isLocal(participant.clientId())) {
                return; // not in use here, or the client moved to this node: the local entry wins
            }
            Participant moved = participant;
            if (participant.selection() != null) {
                moved = withRebasedSelection(participant, version);
            }
            boolean isNew = false;
            if (moved.status() == Participant.Status.OFFLINE) {
                if (!audience.removeRemote(moved.clientId(), node)) {
                    return; // never here, or it moved on to a third node
                }
            } else {
                isNew = audience.putRemote(node, moved);
            }
            audience.broadcastPresence(moved, null);
            if (isNew) {
                // The newcomer's node may not know who is here yet.
                audience.announceLocal();
            }
        });
    }

    /** The participant with its selection moved from {@code version} to the published one; none if that fails. */
    private Participant withRebasedSelection(Participant participant, long version) {
        try {
            if (version > audience.published()) {
                commits.catchUpIfShared();
            }
            return participant.withSelection(commits.rebase(participant.selection(), version, participant.clientId()),
                    participant.lastSeen());
        } catch (RuntimeException e) {
            return participant.withSelection(null, participant.lastSeen());
        }
    }

    /** A chat message sent on another node; {@code stored} if it was too long to travel and must be read back. */
    void othersChat(String clientId, ChatMessage message, boolean stored) {
        executor.execute(() -> {
            ChatMessage shown = message;
            if (stored) {
                shown = context.store().recentChat(id, Document.CHAT_ON_OPEN).stream()
                        .filter(m -> m.author().equals(message.author()) && m.time().equals(message.time()))
                        .reduce((first, second) -> second).orElse(null);
                if (shown == null) {
                    return;
                }
            }
            String json = Json.write(ServerMessages.chat(id, clientId, shown));
            audience.sendToLocal(json, null);
            audience.sendToStreams("chat", json);
        });
    }

    /** A signal sent on another node. */
    void othersSignal(String clientId, JsonNode data) {
        executor.execute(() -> {
            String json = Json.write(ServerMessages.signal(id, clientId, data));
            audience.sendToLocal(json, null);
        });
    }

    /** Another node stopped answering: its participants are gone. */
    void nodeGone(String node) {
        executor.execute(() -> {
            long now = System.currentTimeMillis();
            for (Participant gone : audience.removeNode(node)) {
                audience.broadcastPresence(gone.withStatus(Participant.Status.OFFLINE, now), null);
            }
        });
    }
}
