package dev.weft.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.ot.Selection;
import dev.weft.server.store.ChatMessage;
import dev.weft.server.store.PostgresDocumentStore;
import dev.weft.server.store.PostgresListener;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes sharing one PostgreSQL database, seen from this node. Commits arrive as
 * {@code weft_ops} notifications and make the loaded document read, by version, every operation
 * it has not seen; presence, chat and signals go out and come in as JSON events on
 * {@code weft_events}, each tagged with the sending node so that a node ignores its own.
 *
 * <p>Notifications can be late, out of order or lost (while the listening connection is down):
 * documents read by version gap, so a later notification or the reconnection covers a lost one,
 * and every heartbeat this node also compares its loaded documents' versions with the database.
 * Each node announces itself every heartbeat; one silent for {@link #NODE_TIMEOUT_BEATS} beats is
 * taken as gone, and its participants are reported offline.
 */
final class PostgresCluster implements Cluster, PostgresListener {
    static final int NODE_TIMEOUT_BEATS = 3;
    /** How long starting a node waits for its listening connection before serving anyway. */
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(PostgresCluster.class);

    private final PostgresDocumentStore store;
    private final Documents documents;
    private final String node = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final Map<String, Long> nodesHeard = new ConcurrentHashMap<>();
    private final long timeoutMillis;
    private final ScheduledExecutorService timer;
    private final AutoCloseable listening;
    private final CountDownLatch listeningStarted = new CountDownLatch(1);

    PostgresCluster(PostgresDocumentStore store, Documents documents, Duration heartbeat) {
        this.store = store;
        this.documents = documents;
        this.timeoutMillis = NODE_TIMEOUT_BEATS * heartbeat.toMillis();
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "weft-cluster-" + node);
            thread.setDaemon(true);
            return thread;
        });
        listening = store.listen(this);
        long beat = heartbeat.toMillis();
        timer.scheduleAtFixedRate(this::beat, beat, beat, TimeUnit.MILLISECONDS);
        awaitListening();
    }

    /**
     * Presence and chat events sent before this node listens are lost to it (commits are not:
     * they are read by version), so a starting node waits for its listening connection.
     */
    private void awaitListening() {
        try {
            if (!listeningStarted.await(LISTEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("not listening to the other nodes after {} s; serving anyway, and catching up by version",
                        LISTEN_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** This node's id in the events it sends. */
    String node() {
        return node;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public void presence(String doc, Participant participant, long version) {
        ObjectNode event = ServerMessages.presence(doc, participant);
        event.put("v", version);
        send(event);
    }

    @Override
    public void chat(String doc, String clientId, ChatMessage message) {
        ObjectNode event = ServerMessages.chat(doc, clientId, message);
        if (Json.write(event).length() * 3 >= PostgresDocumentStore.MAX_BROADCAST_BYTES) {
            // Too long for a notification: the others read it back from the stored chat.
            event.remove("text");
            event.put("stored", true);
        }
        send(event);
    }

    @Override
    public void signal(String doc, String clientId, JsonNode data) {
        send(ServerMessages.signal(doc, clientId, data));
    }

    @Override
    public void committed(String documentId, long version) {
        documents.loaded(documentId).ifPresent(document -> document.othersCommitted(version));
    }

    @Override
    public void connected() {
        listeningStarted.countDown();
        // Anything may have been committed while nobody listened.
        documents.loadedDocuments().forEach(document -> document.othersCommitted(Long.MAX_VALUE));
    }

    @Override
    public void message(String payload) {
        JsonNode event;
        try {
            event = Json.parse(payload);
        } catch (JsonProcessingException e) {
            LOG.warn("ignoring an event that is not JSON: {}", payload);
            return;
        }
        String from = event.path("node").asText();
        if (from.isEmpty() || from.equals(node)) {
            return;
        }
        nodesHeard.put(from, System.currentTimeMillis());
        String type = event.path("type").asText();
        if (type.equals("alive")) {
            return;
        }
        documents.loaded(event.path("doc").asText()).ifPresent(document -> {
            try {
                receive(document, from, type, event);
            } catch (RuntimeException e) {
                LOG.warn("ignoring a malformed {} event from node {}: {}", type, from, e.getMessage());
            }
        });
    }

    private void receive(Document document, String from, String type, JsonNode event) {
        String clientId = event.path("clientId").asText();
        switch (type) {
            case "presence" -> document.othersPresence(from, participant(event), event.path("v").asLong());
            case "chat" -> {
                ChatMessage message = new ChatMessage(event.path("name").asText(), event.path("text").asText(""),
                        Instant.ofEpochMilli(event.path("time").asLong()));
                document.othersChat(clientId, message, event.path("stored").asBoolean(false));
            }
            case "signal" -> document.othersSignal(clientId, event.get("data"));
            default -> LOG.debug("ignoring an event of type {}", type);
        }
    }

    private static Participant participant(JsonNode event) {
        JsonNode user = event.path("user");
        JsonNode selection = event.path("selection");
        Selection parsed = selection.isArray()
                ? new Selection(selection.get(0).asInt(), selection.get(1).asInt()) : null;
        return new Participant(event.path("clientId").asText(),
                new User(user.hasNonNull("id") ? user.get("id").asText() : null, user.path("name").asText(),
                        user.path("color").asText()),
                Participant.Status.valueOf(event.path("status").asText().toUpperCase()),
                event.path("lastSeen").asLong(), parsed, null);
    }

    /** Announces this node, forgets silent nodes, and catches up documents whose notifications were lost. */
    private void beat() {
        try {
            ObjectNode alive = Json.object();
            alive.put("type", "alive");
            send(alive);
            long now = System.currentTimeMillis();
            for (Map.Entry<String, Long> entry : List.copyOf(nodesHeard.entrySet())) {
                if (now - entry.getValue() > timeoutMillis && nodesHeard.remove(entry.getKey(), entry.getValue())) {
                    LOG.info("node {} fell silent; its participants are offline", entry.getKey());
                    documents.loadedDocuments().forEach(document -> document.nodeGone(entry.getKey()));
                }
            }
            List<Document> loaded = documents.loadedDocuments();
            if (!loaded.isEmpty()) {
                Map<String, Long> versions = store.versions(loaded.stream().map(Document::id).toList());
                loaded.forEach(document -> document.othersCommitted(versions.getOrDefault(document.id(), 0L)));
            }
        } catch (RuntimeException e) {
            LOG.warn("the cluster heartbeat failed: {}", e.getMessage());
        }
    }

    private void send(ObjectNode event) {
        event.put("node", node);
        try {
            store.broadcast(Json.write(event)).exceptionally(failure -> {
                LOG.warn("could not tell the other nodes: {}", failure.getMessage());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("could not tell the other nodes: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            listening.close();
        } catch (Exception e) {
            LOG.warn("could not stop listening to the other nodes", e);
        }
    }
}
