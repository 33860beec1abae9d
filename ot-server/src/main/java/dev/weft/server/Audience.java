package dev.weft.server;

import dev.weft.ot.CommittedOp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everyone one document's events reach on this node: its participants here (one per client id,
 * the latest connection wins), those on other nodes ({@link RemoteParticipants}), and its event
 * streams; and the latest version they were all sent. Committed ops reach them only through
 * {@link #publish}, which the {@link CommitPipeline} calls once an op is durable and in version
 * order, so {@link #published} never passes a durable version. Every selection moves through
 * every published op, so remote cursors stay on the same characters. Owned by the
 * {@link Document} and used on its executor only.
 */
final class Audience {
    private final String documentId;
    private final Cluster cluster;
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    private final RemoteParticipants remote = new RemoteParticipants();
    private final List<EventSink> sinks = new ArrayList<>();
    private final Broadcasts broadcasts;
    /** The latest version sent to this node's participants and streams; never past a durable one. */
    private long published;

    Audience(String documentId, Cluster cluster, long broadcastWindowNanos, Broadcasts.Scheduler scheduler) {
        this.documentId = documentId;
        this.cluster = cluster;
        this.broadcasts = new Broadcasts(documentId, broadcastWindowNanos, scheduler);
    }

    /** The latest version sent to this node's participants and streams. */
    long published() {
        return published;
    }

    /** The sequencer was (re)loaded at {@code version}: everything up to it counts as sent. */
    void loadedAt(long version) {
        published = version;
    }

    boolean isParticipant(Connection connection) {
        Participant participant = participants.get(connection.clientId());
        return participant != null && participant.connection() == connection;
    }

    /** The connection's participant; refuses a connection that has not opened the document. */
    Participant requireParticipant(Connection connection) {
        if (!isParticipant(connection)) {
            throw new ProtocolError(ErrorCode.DOC_NOT_OPEN, "document \"" + documentId + "\" is not open");
        }
        return participants.get(connection.clientId());
    }

    /** Whether the client is a participant through a connection to this node. */
    boolean isLocal(String clientId) {
        return participants.containsKey(clientId);
    }

    /** Records a local participant, replacing the client's earlier entry. */
    void put(Participant participant) {
        replaced(participants.put(participant.clientId(), participant), participant);
    }

    /** A client joined through this node: it is no longer counted as present through another. */
    void join(Participant joined) {
        replaced(participants.put(joined.clientId(), joined), joined);
        remote.remove(joined.clientId());
    }

    /** Removes and returns the client's local participant, or null. */
    Participant remove(String clientId) {
        Participant removed = participants.remove(clientId);
        if (removed != null) {
            broadcasts.forget(removed.connection());
        }
        return removed;
    }

    /** An earlier connection of the same client gets nothing more. */
    private void replaced(Participant earlier, Participant now) {
        if (earlier != null && earlier.connection() != now.connection()) {
            broadcasts.forget(earlier.connection());
        }
    }

    /** Records a participant present through {@code node}; true if it was not known before. */
    boolean putRemote(String node, Participant participant) {
        return remote.put(node, participant);
    }

    /** Forgets a participant present through {@code node}; false if it is not (any more). */
    boolean removeRemote(String clientId, String node) {
        return remote.remove(clientId, node);
    }

    /** Forgets everyone present through {@code node}, and returns them. */
    List<Participant> removeNode(String node) {
        return remote.removeNode(node);
    }

    /** Local and remote participants, without {@code exceptClientId}. */
    List<Participant> everyone(String exceptClientId) {
        List<Participant> all = new ArrayList<>(participants.values());
        all.addAll(remote.all());
        all.removeIf(p -> p.clientId().equals(exceptClientId));
        return all;
    }

    /** Sends a message to every local participant but {@code except} (null for all), after their gathered ops. */
    void sendToLocal(String json, Connection except) {
        for (Participant participant : participants.values()) {
            if (participant.connection() != except) {
                sendTo(participant.connection(), json);
            }
        }
    }

    /** Sends a message to one connection, after the ops gathered for it: nothing overtakes an op. */
    void sendTo(Connection connection, String json) {
        broadcasts.flush(connection);
        connection.send(json);
    }

    /** Tells the other nodes where every local participant is, as of the published version. */
    void announceLocal() {
        participants.values().forEach(p -> cluster.presence(documentId, p, published));
    }

    void addStream(EventSink sink) {
        sinks.add(sink);
    }

    void removeStream(EventSink sink) {
        sinks.remove(sink);
    }

    /** Sends an event that does not change the document to every stream. */
    void sendToStreams(String type, String json) {
        sinks.forEach(sink -> sink.event(type, null, json));
    }

    /** Sends a presence change to this node's participants (but {@code except}) and streams; a local one to other nodes too. */
    void broadcastPresence(Participant participant, Connection except) {
        String json = Json.write(ServerMessages.presence(documentId, participant));
        sendToLocal(json, except);
        sendToStreams("presence", json);
        if (participant.connection() != null) {
            cluster.presence(documentId, participant, published);
        }
    }

    /**
     * Moves every selection through the committed operation, then sends it to all but its author.
     * The caller keeps the order: the op is durable, and every version before it was published.
     */
    void publish(CommittedOp entry, Connection author) {
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

    /** From now until {@link #sendGathered}, published ops are gathered into one frame per connection. */
    void gather() {
        broadcasts.hold();
    }

    /** Sends every connection the ops gathered for it, now or at the end of the broadcast window. */
    void sendGathered() {
        broadcasts.release();
    }

    /** Sends the ops gathered for {@code connection}, before something else (its ack) is sent to it. */
    void flush(Connection connection) {
        broadcasts.flush(connection);
    }
}
