package dev.weft.client;

import dev.weft.ot.CommittedOp;
import java.util.List;

/**
 * One message from the server, decoded ({@link ServerMessageReader}). One record per message type
 * of docs/protocol.md; fields the client does not use are not read.
 */
sealed interface ServerMessage {

    /** The answer to {@code hello}; {@code maxMessageBytes} is {@code Long.MAX_VALUE} if the server names no limit. */
    record Welcome(String clientId, long heartbeatMs, long maxMessageBytes) implements ServerMessage {}

    /** The answer to the client's {@code ping}; {@code t} echoes the ping's, or -1. */
    record Pong(long t) implements ServerMessage {}

    /** A message about one document. */
    sealed interface ForDocument extends ServerMessage {
        String doc();
    }

    /** The document's text at version {@code v}; {@code rebase} if the version asked for could not be served. */
    record Snapshot(String doc, long v, String text, boolean rebase, List<Presence> presence, List<ChatMessage> chat)
            implements ForDocument {}

    /** Every operation committed after version {@code v}, oldest first. */
    record Catchup(String doc, long v, List<CommittedOp> ops, List<Presence> presence, List<ChatMessage> chat)
            implements ForDocument {}

    /** Another participant's operation, committed. */
    record Op(String doc, CommittedOp committed) implements ForDocument {}

    /** Other participants' operations committed together, in version order: as many {@link Op}s. */
    record Ops(String doc, List<CommittedOp> ops) implements ForDocument {}

    /** This client's submission {@code seq} was committed as version {@code v}. */
    record Ack(String doc, long seq, long v, boolean duplicate) implements ForDocument {}

    /** A participant's presence changed. */
    record PresenceUpdate(String doc, Presence presence) implements ForDocument {}

    /** Another participant's signal; {@code data} as plain Java values. */
    record Signal(String doc, String clientId, Object data) implements ForDocument {}

    /** A chat message. */
    record Chat(String doc, ChatMessage message) implements ForDocument {}

    /** The server closed the document for this connection, as asked. */
    record Closed(String doc) implements ForDocument {}

    /**
     * An error; {@code doc} and {@code seq} are those of the message that caused it, null or -1
     * if it had none.
     */
    record Error(String code, String message, String doc, long seq) implements ServerMessage {}

    /** A message type this client does not know: ignored, as later protocol versions may add types. */
    record Unknown(String type) implements ServerMessage {}
}
