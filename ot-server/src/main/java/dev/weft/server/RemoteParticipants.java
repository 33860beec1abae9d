package dev.weft.server;

import dev.weft.ot.TextOperation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The participants of one document that are connected to other nodes, as their presence reached
 * this node; owned by the document's {@link Audience} and used on its thread only. Their
 * selections move through every committed operation like local ones.
 */
final class RemoteParticipants {
    private final Map<String, Participant> byClient = new LinkedHashMap<>();
    private final Map<String, String> nodeOf = new HashMap<>();

    /** Records the participant as present through {@code node}; true if it was not known before. */
    boolean put(String node, Participant participant) {
        nodeOf.put(participant.clientId(), node);
        return byClient.put(participant.clientId(), participant) == null;
    }

    void remove(String clientId) {
        byClient.remove(clientId);
        nodeOf.remove(clientId);
    }

    /**
     * Forgets the participant if it is present through {@code node}: a client that moved to
     * another node stays when its old node reports it gone.
     *
     * @return true if it was removed
     */
    boolean remove(String clientId, String node) {
        if (!node.equals(nodeOf.get(clientId))) {
            return false;
        }
        remove(clientId);
        return true;
    }

    Collection<Participant> all() {
        return byClient.values();
    }

    void transform(TextOperation op, String authorClientId) {
        byClient.replaceAll((clientId, p) -> p.transformedBy(op, authorClientId));
    }

    /** Forgets everyone present through {@code node}, and returns them. */
    List<Participant> removeNode(String node) {
        List<Participant> gone = new ArrayList<>();
        for (Map.Entry<String, String> entry : List.copyOf(nodeOf.entrySet())) {
            if (entry.getValue().equals(node)) {
                gone.add(byClient.remove(entry.getKey()));
                nodeOf.remove(entry.getKey());
            }
        }
        return gone;
    }
}
