package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.ot.CommittedOp;
import dev.weft.ot.Selection;
import dev.weft.server.store.ChatMessage;
import java.util.Collection;
import java.util.List;

/** The messages the server sends, built as JSON trees with the fields docs/protocol.md names. */
final class ServerMessages {
    static final int PROTOCOL_VERSION = 1;

    private ServerMessages() {}

    static ObjectNode welcome(String clientId, Grant grant, ServerConfig config) {
        ObjectNode message = typed("welcome");
        message.put("protocol", PROTOCOL_VERSION);
        message.put("clientId", clientId);
        putGrant(message, grant);
        message.put("heartbeatMs", config.heartbeatInterval().toMillis());
        ObjectNode limits = message.putObject("limits");
        limits.put("maxMessageBytes", config.maxMessageBytes());
        limits.put("maxOpComponents", config.maxOpComponents());
        limits.put("maxDocumentLength", config.maxDocumentLength());
        limits.put("messagesPerSecond", config.messagesPerSecond());
        limits.put("maxOpenDocuments", config.maxOpenDocuments());
        return message;
    }

    /** The answer to {@code auth}: the renewed token's user and expiry. */
    static ObjectNode authorized(Grant grant, String ref) {
        ObjectNode message = typed("authorized");
        putGrant(message, grant);
        putIfPresent(message, "ref", ref);
        return message;
    }

    /** With auth: {@code userId} and {@code expiresAt} (epoch milliseconds). */
    private static void putGrant(ObjectNode message, Grant grant) {
        if (grant.authenticated()) {
            message.put("userId", grant.userId());
            message.put("expiresAt", grant.expiresAt().toEpochMilli());
        }
    }

    static ObjectNode pong(JsonNode t) {
        ObjectNode message = typed("pong");
        if (t != null) {
            message.set("t", t);
        }
        return message;
    }

    static ObjectNode error(ErrorCode code, String text, String ref, String doc, Long seq) {
        ObjectNode message = typed("error");
        message.put("code", code.name());
        message.put("message", text);
        putIfPresent(message, "ref", ref);
        putIfPresent(message, "doc", doc);
        if (seq != null) {
            message.put("seq", seq);
        }
        return message;
    }

    static ObjectNode ack(String doc, long seq, long version, boolean duplicate, String ref) {
        ObjectNode message = typed("ack");
        message.put("doc", doc);
        message.put("seq", seq);
        message.put("v", version);
        if (duplicate) {
            message.put("duplicate", true);
        }
        putIfPresent(message, "ref", ref);
        return message;
    }

    static ObjectNode op(String doc, CommittedOp entry) {
        ObjectNode message = typed("op");
        message.put("doc", doc);
        writeOp(message, entry);
        return message;
    }

    static ObjectNode snapshot(String doc, long version, String text, Collection<Participant> presence,
                               List<ChatMessage> chat, boolean rebase) {
        ObjectNode message = typed("snapshot");
        message.put("doc", doc);
        message.put("v", version);
        message.put("text", text);
        message.set("presence", presenceList(presence));
        message.set("chat", chatList(chat));
        if (rebase) {
            message.put("rebase", true);
        }
        return message;
    }

    static ObjectNode catchup(String doc, long version, List<CommittedOp> ops, Collection<Participant> presence,
                              List<ChatMessage> chat) {
        ObjectNode message = typed("catchup");
        message.put("doc", doc);
        message.put("v", version);
        ArrayNode list = message.putArray("ops");
        for (CommittedOp entry : ops) {
            writeOp(list.addObject(), entry);
        }
        message.set("presence", presenceList(presence));
        message.set("chat", chatList(chat));
        return message;
    }

    static ObjectNode closed(String doc) {
        ObjectNode message = typed("closed");
        message.put("doc", doc);
        return message;
    }

    static ObjectNode presence(String doc, Participant participant) {
        ObjectNode message = typed("presence");
        message.put("doc", doc);
        writeParticipant(message, participant);
        return message;
    }

    static ObjectNode signal(String doc, String clientId, JsonNode data) {
        ObjectNode message = typed("signal");
        message.put("doc", doc);
        message.put("clientId", clientId);
        message.set("data", data);
        return message;
    }

    static ObjectNode chat(String doc, String clientId, ChatMessage chat) {
        ObjectNode message = typed("chat");
        message.put("doc", doc);
        message.put("clientId", clientId);
        writeChat(message, chat);
        return message;
    }

    private static ObjectNode typed(String type) {
        ObjectNode message = Json.object();
        message.put("type", type);
        return message;
    }

    /** The fields of one committed op, into a message or a list entry. */
    static void writeOp(ObjectNode target, CommittedOp entry) {
        target.put("v", entry.version());
        target.set("op", Json.operation(entry.op()));
        target.put("clientId", entry.clientId());
        target.put("seq", entry.seq());
    }

    private static ArrayNode presenceList(Collection<Participant> participants) {
        ArrayNode list = Json.array();
        for (Participant participant : participants) {
            writeParticipant(list.addObject(), participant);
        }
        return list;
    }

    private static void writeParticipant(ObjectNode target, Participant participant) {
        target.put("clientId", participant.clientId());
        ObjectNode user = target.putObject("user");
        putIfPresent(user, "id", participant.user().id());
        user.put("name", participant.user().name());
        user.put("color", participant.user().color());
        target.put("status", participant.status().wire());
        target.put("lastSeen", participant.lastSeen());
        Selection selection = participant.selection();
        if (selection == null) {
            target.putNull("selection");
        } else {
            target.putArray("selection").add(selection.anchor()).add(selection.focus());
        }
    }

    private static ArrayNode chatList(List<ChatMessage> chat) {
        ArrayNode list = Json.array();
        for (ChatMessage message : chat) {
            writeChat(list.addObject(), message);
        }
        return list;
    }

    private static void writeChat(ObjectNode target, ChatMessage chat) {
        target.put("name", chat.author());
        target.put("text", chat.text());
        target.put("time", chat.time().toEpochMilli());
    }

    private static void putIfPresent(ObjectNode target, String field, String value) {
        if (value != null) {
            target.put(field, value);
        }
    }
}
