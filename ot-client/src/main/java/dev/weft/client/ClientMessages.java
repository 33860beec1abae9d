package dev.weft.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.ot.Selection;
import dev.weft.ot.Submission;

/** Encodes the messages this client sends, with the fields docs/protocol.md names. */
final class ClientMessages {
    static final int PROTOCOL_VERSION = 1;

    private ClientMessages() {}

    static String hello(String clientId, String userName, String userColor) {
        return hello(clientId, userName, userColor, null);
    }

    /** A hello carrying {@code token} when it is not null (docs/security.md). */
    static String hello(String clientId, String userName, String userColor, String token) {
        ObjectNode message = typed("hello");
        message.put("protocol", PROTOCOL_VERSION);
        message.put("clientId", clientId);
        if (token != null) {
            message.put("token", token);
        }
        if (userName != null || userColor != null) {
            ObjectNode user = message.putObject("user");
            user.put("name", userName == null ? "" : userName);
            user.put("color", userColor == null ? "" : userColor);
        }
        return Json.write(message);
    }

    /** Replaces the connection's token with a fresh one of the same user. */
    static String auth(String token) {
        ObjectNode message = typed("auth");
        message.put("token", token);
        return Json.write(message);
    }

    static String ping(long t) {
        ObjectNode message = typed("ping");
        message.put("t", t);
        return Json.write(message);
    }

    /** Opens {@code doc}; {@code knownVersion} below 0 asks for a snapshot, otherwise for the ops since. */
    static String open(String doc, long knownVersion) {
        ObjectNode message = document("open", doc);
        if (knownVersion >= 0) {
            message.put("version", knownVersion);
        }
        return Json.write(message);
    }

    static String close(String doc) {
        return Json.write(document("close", doc));
    }

    /** A submission, with {@code wireSeq} in place of the per-document seq of {@code submission}. */
    static String submit(String doc, Submission submission, long wireSeq) {
        ObjectNode message = document("submit", doc);
        message.put("v", submission.baseVersion());
        message.put("seq", wireSeq);
        message.set("op", Json.operation(submission.op()));
        return Json.write(message);
    }

    /** Presence: {@code selection} refers to the document at {@code version}; either may be left out. */
    static String presence(String doc, PresenceStatus status, Selection selection, long version) {
        ObjectNode message = document("presence", doc);
        if (status != null) {
            message.put("status", status.wire());
        }
        if (selection != null) {
            message.putArray("selection").add(selection.anchor()).add(selection.focus());
            message.put("v", version);
        }
        return Json.write(message);
    }

    static String signal(String doc, Object data) {
        ObjectNode message = document("signal", doc);
        message.set("data", Json.tree(data));
        return Json.write(message);
    }

    static String chat(String doc, String text) {
        ObjectNode message = document("chat", doc);
        message.put("text", text);
        return Json.write(message);
    }

    private static ObjectNode document(String type, String doc) {
        ObjectNode message = typed(type);
        message.put("doc", doc);
        return message;
    }

    private static ObjectNode typed(String type) {
        ObjectNode message = Json.object();
        message.put("type", type);
        return message;
    }
}
