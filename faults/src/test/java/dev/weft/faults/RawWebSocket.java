package dev.weft.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;

/**
 * A WebSocket client one level below the usual APIs (Jetty's websocket-core), which sends any
 * frame as given: text frames whose payload is not UTF-8, binary frames, anything. Every wait is
 * bounded. Shares one Jetty client between connections.
 */
final class RawWebSocket implements AutoCloseable {
    static final long WAIT_SECONDS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    private volatile CoreSession session;

    private RawWebSocket() {}

    static RawWebSocket connect(WebSocketCoreClient client, int port) throws Exception {
        RawWebSocket socket = new RawWebSocket();
        socket.session = client.connect(socket.handler(), URI.create("ws://127.0.0.1:" + port + "/ws"))
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        return socket;
    }

    static WebSocketCoreClient startClient() throws Exception {
        WebSocketCoreClient client = new WebSocketCoreClient();
        client.start();
        return client;
    }

    void sendText(String json) throws Exception {
        send(OpCode.TEXT, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one frame with exactly these payload bytes. */
    void send(byte opCode, byte[] payload) throws Exception {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendFrame(new Frame(opCode, ByteBuffer.wrap(payload)), Callback.from(() -> sent.complete(null),
                sent::completeExceptionally), false);
        sent.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The next message of {@code type}, skipping others (presence, for instance). */
    JsonNode expect(String type) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            JsonNode message = inbox.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("no " + type + " within " + WAIT_SECONDS + " s"
                        + (closed.isDone() ? "; the connection closed: " + closed.join() : ""));
            }
            if (type.equals(message.path("type").asText())) {
                return message;
            }
            if ("error".equals(message.path("type").asText())) {
                throw new AssertionError("expected " + type + ", got " + message);
            }
        }
    }

    /** The next message that is an ack, an error or a pong: what a request is answered with. */
    JsonNode answer() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            JsonNode message = inbox.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                return null;
            }
            String type = message.path("type").asText();
            if (type.equals("ack") || type.equals("error") || type.equals("pong") || type.equals("closed")
                    || type.equals("welcome") || type.equals("snapshot") || type.equals("catchup")) {
                return message;
            }
        }
    }

    /** The close status, once the server closed the connection; null if it did not within the wait. */
    CloseStatus awaitClose() throws Exception {
        try {
            return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            session.abort();
        }
    }

    private FrameHandler handler() {
        return new FrameHandler() {
            @Override
            public void onOpen(CoreSession coreSession, Callback callback) {
                session = coreSession;
                callback.succeeded();
                coreSession.demand();
            }

            @Override
            public void onFrame(Frame frame, Callback callback) {
                try {
                    if (frame.getOpCode() == OpCode.TEXT) {
                        inbox.add(JSON.readTree(frame.getPayloadAsUTF8()));
                    }
                    callback.succeeded();
                } catch (IOException e) {
                    callback.failed(e);
                }
                if (frame.getOpCode() != OpCode.CLOSE) {
                    session.demand();
                }
            }

            @Override
            public void onError(Throwable cause, Callback callback) {
                callback.succeeded();
            }

            @Override
            public void onClosed(CloseStatus closeStatus, Callback callback) {
                closed.complete(closeStatus);
                callback.succeeded();
            }
        };
    }
}
