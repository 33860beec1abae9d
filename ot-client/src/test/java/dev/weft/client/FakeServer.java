package dev.weft.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A scripted peer for unit tests: a {@link Transport} whose connections the test opens, feeds
 * with server messages in the form of docs/protocol.md, and reads the client's frames from. It
 * does no OT itself; each test plays the server's part message by message.
 */
final class FakeServer implements Transport {
    final List<Attempt> attempts = new ArrayList<>();
    /** The URI of each attempt, in order. */
    final List<URI> uris = new ArrayList<>();
    boolean closed;

    @Override
    public void connect(URI uri, Listener listener) {
        uris.add(uri);
        attempts.add(new Attempt(listener));
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The latest connection attempt. */
    Attempt current() {
        return attempts.get(attempts.size() - 1);
    }

    /** Opens the latest attempt and welcomes the client: the usual start of a test. */
    Attempt accept() {
        return accept(1 << 20);
    }

    /** Opens the latest attempt and welcomes the client, announcing {@code maxMessageBytes}. */
    Attempt accept(long maxMessageBytes) {
        Attempt attempt = current();
        attempt.open();
        attempt.deliver(message("welcome", m -> {
            m.put("protocol", 1);
            m.put("clientId", attempt.sent("hello").get(0).get("clientId").asText());
            m.put("heartbeatMs", 15000);
            m.putObject("limits").put("maxMessageBytes", maxMessageBytes);
        }));
        return attempt;
    }

    static ObjectNode message(String type, Consumer<ObjectNode> fields) {
        ObjectNode message = Json.object();
        message.put("type", type);
        fields.accept(message);
        return message;
    }

    static ObjectNode snapshot(String doc, long v, String text) {
        return message("snapshot", m -> {
            m.put("doc", doc);
            m.put("v", v);
            m.put("text", text);
            m.putArray("presence");
            m.putArray("chat");
        });
    }

    /** A catch-up after {@code v}; each op is {@code [v, clientId, seq, op as JSON]}. */
    static ObjectNode catchup(String doc, long v, Object[]... ops) {
        return message("catchup", m -> {
            m.put("doc", doc);
            m.put("v", v);
            addOps(m.putArray("ops"), ops);
            m.putArray("presence");
            m.putArray("chat");
        });
    }

    /** An {@code ops} message: ops given as {v, clientId, seq, op JSON}, committed together. */
    static ObjectNode ops(String doc, Object[]... ops) {
        return message("ops", m -> {
            m.put("doc", doc);
            addOps(m.putArray("ops"), ops);
        });
    }

    /** Committed ops given as {v, clientId, seq, op JSON}, as catchup and ops messages list them. */
    private static void addOps(ArrayNode list, Object[]... ops) {
        for (Object[] op : ops) {
            ObjectNode entry = list.addObject();
            entry.put("v", (Long) op[0]);
            entry.put("clientId", (String) op[1]);
            entry.put("seq", (Long) op[2]);
            entry.set("op", Json.parse((String) op[3]));
        }
    }

    static ObjectNode op(String doc, long v, String clientId, long seq, String opJson) {
        return message("op", m -> {
            m.put("doc", doc);
            m.put("v", v);
            m.put("clientId", clientId);
            m.put("seq", seq);
            m.set("op", Json.parse(opJson));
        });
    }

    static ObjectNode ack(String doc, long seq, long v, boolean duplicate) {
        return message("ack", m -> {
            m.put("doc", doc);
            m.put("seq", seq);
            m.put("v", v);
            if (duplicate) {
                m.put("duplicate", true);
            }
        });
    }

    static ObjectNode error(String code, String doc, long seq) {
        return message("error", m -> {
            m.put("code", code);
            m.put("message", "test says " + code);
            m.put("doc", doc);
            if (seq > 0) {
                m.put("seq", seq);
            }
        });
    }

    /** One connection attempt, from the client's connect to its end. */
    static final class Attempt implements Transport.Connection {
        final Listener listener;
        final List<JsonNode> frames = new ArrayList<>();
        /** Sees each frame as the client sends it, before the client goes on. */
        Consumer<JsonNode> onFrame = frame -> {};
        boolean clientClosed;
        boolean aborted;

        Attempt(Listener listener) {
            this.listener = listener;
        }

        void open() {
            listener.onOpen(this);
        }

        /** Delivers a server message to the client. */
        void deliver(ObjectNode message) {
            listener.onText(Json.write(message));
        }

        void closeFromServer() {
            listener.onClosed(1001, "going away");
        }

        void fail() {
            listener.onFailure(new java.io.IOException("connection refused"));
        }

        /** The frames the client sent of {@code type}, oldest first. */
        List<JsonNode> sent(String type) {
            return frames.stream().filter(f -> f.path("type").asText().equals(type)).collect(Collectors.toList());
        }

        /** The last frame of {@code type}; fails if there is none. */
        JsonNode last(String type) {
            List<JsonNode> all = sent(type);
            if (all.isEmpty()) {
                throw new AssertionError("the client sent no " + type + "; it sent " + frames);
            }
            return all.get(all.size() - 1);
        }

        @Override
        public void send(String text) {
            JsonNode frame = Json.parse(text);
            frames.add(frame);
            onFrame.accept(frame);
        }

        @Override
        public void close() {
            clientClosed = true;
        }

        @Override
        public void abort() {
            aborted = true;
        }
    }
}
