package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A raw WebSocket client for tests: sends JSON objects built from key-value pairs and reads the
 * server's messages one by one, each wait bounded in time. Public only because Jetty calls a
 * listener's methods through public method handles.
 */
public final class WireClient implements Session.Listener.AutoDemanding, AutoCloseable {
    static final long WAIT_SECONDS = 10;

    private final WebSocketClient jetty;
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean answerPings = true;
    private volatile Consumer<JsonNode> listener;
    private volatile int closeStatus;
    private volatile String closeReason;
    private Session session;

    private WireClient(WebSocketClient jetty) {
        this.jetty = jetty;
    }

    /** Connects to {@code ws://127.0.0.1:port/ws}. */
    static WireClient connect(int port) throws Exception {
        WebSocketClient jetty = new WebSocketClient();
        jetty.setMaxTextMessageSize(64L << 20);
        jetty.start();
        WireClient client = new WireClient(jetty);
        jetty.connect(client, URI.create("ws://127.0.0.1:" + port + "/ws")).get(WAIT_SECONDS, TimeUnit.SECONDS);
        return client;
    }

    /**
     * Connects {@code jetty} (started, and stopped by {@link #close()}) to {@code uri} with the
     * headers of {@code upgrade}; the future fails as the upgrade does.
     */
    static WireClient connect(WebSocketClient jetty, URI uri, ClientUpgradeRequest upgrade) throws Exception {
        WireClient client = new WireClient(jetty);
        jetty.connect(client, uri, upgrade).get(WAIT_SECONDS, TimeUnit.SECONDS);
        return client;
    }

    /** Connects and says hello as {@code clientId}; returns after the welcome. */
    static WireClient hello(int port, String clientId) throws Exception {
        WireClient client = connect(port);
        client.send("type", "hello", "protocol", 1, "clientId", clientId, "user", Map.of("name", clientId + "-name"));
        client.expect("welcome");
        return client;
    }

    /** Says hello as {@code clientId} and opens {@code doc}; returns after the snapshot. */
    static WireClient opened(int port, String clientId, String doc) throws Exception {
        WireClient client = hello(port, clientId);
        client.send("type", "open", "doc", doc);
        client.expect("snapshot");
        return client;
    }

    /** A JSON object from key-value pairs, in order. */
    static Map<String, Object> object(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    void send(Object... keyValues) throws JsonProcessingException {
        sendRaw(Json.MAPPER.writeValueAsString(object(keyValues)));
    }

    void sendRaw(String text) {
        session.sendText(text, Callback.NOOP);
    }

    void sendBinary(byte[] bytes) {
        session.sendBinary(ByteBuffer.wrap(bytes), Callback.NOOP);
    }

    /** Stops answering ping frames, as a client whose network died would. */
    void stopAnsweringPings() {
        answerPings = false;
    }

    /** Passes every later message to {@code handler} on Jetty's thread instead of queueing it. */
    void listen(Consumer<JsonNode> handler) {
        listener = handler;
        List<JsonNode> queued = new ArrayList<>();
        inbox.drainTo(queued);
        queued.forEach(handler);
    }

    /** The next message, whatever it is. */
    JsonNode next() throws InterruptedException {
        JsonNode message = inbox.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(message, "no message within " + WAIT_SECONDS + " s");
        return message;
    }

    /** The next message, which must be of {@code type}. */
    JsonNode expect(String type) throws InterruptedException {
        JsonNode message = next();
        assertEquals(type, message.path("type").asText(), () -> "expected " + type + ", got " + message);
        return message;
    }

    /** Skips messages until one of {@code type}. */
    JsonNode skipTo(String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            JsonNode message = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (message != null && type.equals(message.path("type").asText())) {
                return message;
            }
        }
        return fail("no " + type + " message within " + WAIT_SECONDS + " s");
    }

    /**
     * The ops of the next message, which must be an {@code op} (one) or an {@code ops} (several
     * committed together); each has {@code v}, {@code op}, {@code clientId} and {@code seq}.
     */
    List<JsonNode> expectOps() throws InterruptedException {
        JsonNode message = next();
        switch (message.path("type").asText()) {
            case "op":
                return List.of(message);
            case "ops":
                List<JsonNode> ops = new ArrayList<>();
                message.path("ops").forEach(ops::add);
                return ops;
            default:
                return fail("expected op or ops, got " + message);
        }
    }

    /** The next {@code count} ops, from as many {@code op} and {@code ops} messages as they come in. */
    List<JsonNode> expectOps(int count) throws InterruptedException {
        List<JsonNode> ops = new ArrayList<>();
        while (ops.size() < count) {
            ops.addAll(expectOps());
        }
        assertEquals(count, ops.size(), "more ops than expected");
        return ops;
    }

    /** An error with {@code code}, which must be the next message. */
    JsonNode expectError(String code) throws InterruptedException {
        JsonNode error = expect("error");
        assertEquals(code, error.path("code").asText(), () -> "expected " + code + ", got " + error);
        return error;
    }

    /** Asserts that no message arrives within {@code millis}. */
    void expectSilence(long millis) throws InterruptedException {
        JsonNode message = inbox.poll(millis, TimeUnit.MILLISECONDS);
        if (message != null) {
            fail("expected no message, got " + message);
        }
    }

    /** Waits for the server to close the connection and returns the status code. */
    int awaitClose() throws InterruptedException {
        if (!closed.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            fail("the connection was not closed within " + WAIT_SECONDS + " s");
        }
        return closeStatus;
    }

    String closeReason() {
        return closeReason;
    }

    boolean isOpen() {
        return session != null && session.isOpen();
    }

    /** Drops the TCP connection without a close handshake, as a network failure would. */
    void cut() {
        session.disconnect();
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
    }

    @Override
    public void onWebSocketText(String text) {
        try {
            JsonNode message = Json.MAPPER.readTree(text);
            Consumer<JsonNode> handler = listener;
            if (handler != null) {
                handler.accept(message);
            } else {
                inbox.add(message);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the server sent malformed JSON: " + text, e);
        }
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        if (answerPings) {
            session.sendPong(payload, Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // A cut or refused connection; the tests look at the close status instead.
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        closeStatus = statusCode;
        closeReason = reason;
        closed.countDown();
        callback.succeed();
    }

    @Override
    public void close() {
        try {
            if (session != null && session.isOpen()) {
                session.close();
            }
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the test client", e);
        }
    }
}
