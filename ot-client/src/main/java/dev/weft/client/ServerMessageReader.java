package dev.weft.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.ot.CommittedOp;
import dev.weft.ot.InvalidOperationException;
import dev.weft.ot.Selection;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the server's text frames into {@link ServerMessage}s. Unknown fields are ignored and an
 * unknown {@code type} becomes {@link ServerMessage.Unknown}, as docs/protocol.md allows later
 * versions to add them; a message that lacks a field the client needs is a {@link ProtocolException}.
 */
final class ServerMessageReader {
    private ServerMessageReader() {}

    /** @throws ProtocolException if {@code frame} is not a server message this client can use */
    static ServerMessage read(String frame) {
        JsonNode node;
        try {
            node = Json.parse(frame);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("the server sent " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ProtocolException("the server sent a frame that is not a JSON object");
        }
        String type = node.path("type").asText("");
        try {
            return switch (type) {
                case "welcome" -> new ServerMessage.Welcome(text(node, "clientId"), node.path("heartbeatMs").asLong(0),
                        node.path("limits").path("maxMessageBytes").asLong(Long.MAX_VALUE));
                case "pong" -> new ServerMessage.Pong(node.path("t").asLong(-1));
                case "snapshot" -> snapshot(node);
                case "catchup" -> catchup(node);
                case "op" -> new ServerMessage.Op(text(node, "doc"), committed(node));
                case "ops" -> new ServerMessage.Ops(text(node, "doc"), committedList(node, "ops"));
                case "ack" -> new ServerMessage.Ack(text(node, "doc"), integer(node, "seq"), integer(node, "v"),
                        node.path("duplicate").asBoolean(false));
                case "presence" -> new ServerMessage.PresenceUpdate(text(node, "doc"), presence(node));
                case "signal" -> new ServerMessage.Signal(text(node, "doc"), text(node, "clientId"),
                        Json.plain(node.get("data")));
                case "chat" -> new ServerMessage.Chat(text(node, "doc"), chat(node));
                case "closed" -> new ServerMessage.Closed(text(node, "doc"));
                case "error" -> new ServerMessage.Error(text(node, "code"), node.path("message").asText(""),
                        node.hasNonNull("doc") ? node.get("doc").asText() : null, node.path("seq").asLong(-1));
                default -> new ServerMessage.Unknown(type);
            };
        } catch (IllegalArgumentException | DateTimeException e) {
            // Covers InvalidOperationException, the value checks of the records and bad chat times.
            throw new ProtocolException("the server sent a bad \"" + type + "\" message: " + e.getMessage());
        }
    }

    private static ServerMessage.Snapshot snapshot(JsonNode node) {
        return new ServerMessage.Snapshot(text(node, "doc"), integer(node, "v"), text(node, "text"),
                node.path("rebase").asBoolean(false), presenceList(node), chatList(node));
    }

    private static ServerMessage.Catchup catchup(JsonNode node) {
        return new ServerMessage.Catchup(text(node, "doc"), integer(node, "v"), committedList(node, "catchup"),
                presenceList(node), chatList(node));
    }

    private static List<CommittedOp> committedList(JsonNode node, String type) {
        JsonNode ops = node.get("ops");
        if (ops == null || !ops.isArray()) {
            throw new ProtocolException("the server sent " + ("ops".equals(type) ? "an" : "a") + " " + type
                    + " without an ops array");
        }
        List<CommittedOp> committed = new ArrayList<>(ops.size());
        for (JsonNode op : ops) {
            committed.add(committed(op));
        }
        return committed;
    }

    private static CommittedOp committed(JsonNode node) {
        JsonNode op = node.get("op");
        if (op == null) {
            throw new ProtocolException("an operation message lacks \"op\"");
        }
        try {
            return new CommittedOp(integer(node, "v"), text(node, "clientId"), integer(node, "seq"), Json.operation(op));
        } catch (InvalidOperationException e) {
            throw new ProtocolException("the server sent an invalid operation: " + e.getMessage());
        }
    }

    private static List<Presence> presenceList(JsonNode node) {
        List<Presence> list = new ArrayList<>();
        for (JsonNode entry : node.path("presence")) {
            list.add(presence(entry));
        }
        return list;
    }

    private static Presence presence(JsonNode node) {
        JsonNode user = node.path("user");
        return new Presence(text(node, "clientId"), user.path("name").asText(""), user.path("color").asText(""),
                PresenceStatus.fromWire(node.path("status").asText("online")), node.path("lastSeen").asLong(0),
                selection(node.get("selection")));
    }

    private static Selection selection(JsonNode node) {
        if (node == null || !node.isArray() || node.size() != 2) {
            return null;
        }
        return new Selection(node.get(0).asInt(), node.get(1).asInt());
    }

    private static List<ChatMessage> chatList(JsonNode node) {
        List<ChatMessage> list = new ArrayList<>();
        for (JsonNode entry : node.path("chat")) {
            list.add(chat(entry));
        }
        return list;
    }

    private static ChatMessage chat(JsonNode node) {
        JsonNode time = node.path("time");
        Instant at = time.isTextual() ? Instant.parse(time.textValue()) : Instant.ofEpochMilli(time.asLong(0));
        return new ChatMessage(node.path("clientId").asText(""), node.path("name").asText(""), text(node, "text"), at);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new ProtocolException("\"" + field + "\" must be a string");
        }
        return value.textValue();
    }

    private static long integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new ProtocolException("\"" + field + "\" must be an integer");
        }
        return value.longValue();
    }
}
