package dev.weft.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.weft.ot.CommittedOp;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a document sends its committed ops to its participants. Each op is serialized once for
 * everyone. While a group of ops is being published (all that one group commit made durable),
 * each connection's ops are gathered and go out in one frame: an {@code ops} message, or an
 * {@code op} message when it is one. Anything else for a connection (its ack) must first
 * {@link #flush} what was gathered for it, so every connection still receives everything in
 * version order. Used on the document's executor only.
 */
final class Broadcasts {
    private final String opPrefix;
    private final String opsPrefix;
    private final Map<Connection, List<String>> gathered = new IdentityHashMap<>();
    private boolean gathering;

    Broadcasts(String documentId) {
        String doc = Json.write(TextNode.valueOf(documentId));
        this.opPrefix = "{\"type\":\"op\",\"doc\":" + doc + ",";
        this.opsPrefix = "{\"type\":\"ops\",\"doc\":" + doc + ",\"ops\":[";
    }

    /** The op as a JSON object without type or document: {@code {"v":..,"op":..,"clientId":..,"seq":..}}. */
    static String fragment(CommittedOp entry) {
        ObjectNode node = Json.object();
        ServerMessages.writeOp(node, entry);
        return Json.write(node);
    }

    /** The {@code op} message of one op's fragment. */
    String opMessage(String fragment) {
        return opPrefix + fragment.substring(1);
    }

    /** From now until {@link #finish}, ops sent are gathered per connection. */
    void start() {
        gathering = true;
    }

    /** Sends the op (its {@link #fragment}) to {@code connection}, or gathers it. */
    void send(Connection connection, String fragment) {
        if (!gathering) {
            connection.send(opMessage(fragment));
            return;
        }
        gathered.computeIfAbsent(connection, c -> new ArrayList<>(4)).add(fragment);
    }

    /** Sends what was gathered for {@code connection}, before something else is sent to it. */
    void flush(Connection connection) {
        List<String> fragments = gathered.remove(connection);
        if (fragments != null) {
            connection.send(message(fragments));
        }
    }

    /** Sends everything gathered and stops gathering. */
    void finish() {
        gathering = false;
        gathered.forEach((connection, fragments) -> connection.send(message(fragments)));
        gathered.clear();
    }

    private String message(List<String> fragments) {
        return fragments.size() == 1 ? opMessage(fragments.get(0)) : opsPrefix + String.join(",", fragments) + "]}";
    }
}
