package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.store.InMemoryDocumentStore;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The limits of docs/security.md over real sockets: the message rate shared by one address, the
 * open documents of one connection, and the outgoing queue of a client that stops reading.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LimitsTest {
    private final InMemoryDocumentStore store = new InMemoryDocumentStore();
    private WeftServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        store.close();
    }

    @Test
    void messagesPerAddress_sharedByItsConnections() throws Exception {
        // Each connection alone is far under its own rate; together they pass the address's.
        start(ServerConfig.builder().messagesPerSecond(1000).messagesPerSecondPerAddress(3));
        try (WireClient first = WireClient.hello(server.port(), "c1");
             WireClient second = WireClient.hello(server.port(), "c2")) {
            int limited = 0;
            for (int i = 0; i < 8; i++) {
                second.send("type", "ping", "t", i);
                JsonNode answer = second.next();
                if (answer.path("code").asText().equals("RATE_LIMITED")) {
                    limited++;
                } else {
                    assertEquals("pong", answer.path("type").asText(), answer::toString);
                }
            }
            assertTrue(limited > 0, "eight pings after two hellos, with a burst of three per second, were all served");
            first.send("type", "ping", "t", 99);
            JsonNode answer = first.next();
            assertTrue(answer.path("type").asText().equals("pong") || answer.path("code").asText().equals("RATE_LIMITED"),
                    answer::toString);
        }
    }

    @Test
    void requestsPerAddress_overTheRate_refused429() throws Exception {
        start(ServerConfig.builder().messagesPerSecondPerAddress(3));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest get = java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/api/docs/notes")).build();
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(http.send(get, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        assertEquals(200, statuses.get(0), statuses::toString);
        assertTrue(statuses.contains(429), () -> "eight requests, with a burst of three per second: " + statuses);
    }

    @Test
    void postedOperationOverTheComponentLimit_refused413() throws Exception {
        start(ServerConfig.builder().maxOpComponents(3));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest post = java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/docs/notes/ops"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"v\":0,\"op\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}"))
                .build();
        java.net.http.HttpResponse<String> response = http.send(post, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response::body);
        assertTrue(response.body().contains("TOO_LARGE"), response::body);
    }

    @Test
    void messageOverTheSizeLimit_closedWith1009() throws Exception {
        start(ServerConfig.builder().maxMessageBytes(1024));
        try (WireClient client = WireClient.hello(server.port(), "c1")) {
            client.sendRaw("{\"type\":\"ping\",\"t\":\"" + "x".repeat(2000) + "\"}");
            assertEquals(1009, client.awaitClose());
        }
    }

    @Test
    void messagesPerConnection_overTheRate_rateLimited() throws Exception {
        // The address's budget is far away: only the connection's own rate refuses.
        start(ServerConfig.builder().messagesPerSecond(5).messagesPerSecondPerAddress(1_000_000));
        try (WireClient client = WireClient.hello(server.port(), "c1")) {
            JsonNode refused = null;
            for (int i = 0; i < 6 && refused == null; i++) {
                client.send("type", "ping", "t", i);
                JsonNode answer = client.next();
                if (answer.path("code").asText().equals("RATE_LIMITED")) {
                    refused = answer;
                } else {
                    assertEquals("pong", answer.path("type").asText(), answer::toString);
                }
            }
            assertTrue(refused != null, "six pings after a hello, with a burst of five per second, were all served");
            assertTrue(!refused.path("message").asText().contains("address"), refused::toString);
        }
    }

    @Test
    void flood_aSecondOfRefusals_closedWithPolicyViolation() throws Exception {
        start(ServerConfig.builder().messagesPerSecond(2).messagesPerSecondPerAddress(1_000_000));
        try (WireClient client = WireClient.hello(server.port(), "c1")) {
            for (int i = 0; i < 20; i++) {
                client.send("type", "ping", "t", i);
            }
            assertEquals(1008, client.awaitClose());
            assertEquals("message flood", client.closeReason());
        }
    }

    @Test
    void openDocuments_configuredLimit_tooLarge() throws Exception {
        start(ServerConfig.builder().maxOpenDocuments(2));
        try (WireClient client = WireClient.connect(server.port())) {
            client.send("type", "hello", "protocol", 1);
            assertEquals(2, client.expect("welcome").path("limits").path("maxOpenDocuments").asInt());
            client.send("type", "open", "doc", "a");
            client.expect("snapshot");
            client.send("type", "open", "doc", "b");
            client.expect("snapshot");
            client.send("type", "open", "doc", "c");
            client.expectError("TOO_LARGE");
            client.send("type", "close", "doc", "a");
            client.expect("closed");
            client.send("type", "open", "doc", "c");
            client.expect("snapshot");
        }
    }

    @Test
    void slowConsumer_overTheQueueBound_disconnected_othersServed() throws Exception {
        // No heartbeat during the test: only the queue bound can drop the client that stopped reading.
        start(ServerConfig.builder().maxQueuedBytes(64 * 1024).maxMessageBytes(16 * 1024)
                .messagesPerSecond(1_000_000).messagesPerSecondPerAddress(1_000_000)
                .heartbeatInterval(Duration.ofHours(1)).idleTimeout(Duration.ofHours(1)));
        WebSocketClient jetty = new WebSocketClient();
        jetty.start();
        StalledReader stalled = new StalledReader();
        try (WireClient sender = WireClient.hello(server.port(), "sender")) {
            // The sender opens first, so it hears the stalled client join.
            sender.send("type", "open", "doc", "notes");
            sender.expect("snapshot");
            Session session = jetty.connect(stalled, URI.create("ws://127.0.0.1:" + server.port() + "/ws"))
                    .get(WireClient.WAIT_SECONDS, TimeUnit.SECONDS);
            session.sendText("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"stalled\"}", Callback.NOOP);
            session.sendText("{\"type\":\"open\",\"doc\":\"notes\"}", Callback.NOOP);
            JsonNode joined = sender.skipTo("presence");
            assertEquals("stalled", joined.path("clientId").asText());
            // Now the stalled client reads nothing more. Signals of 1000 bytes fill the kernel's
            // buffers, then its queue; the sender stops once the stalled client is reported offline.
            CountDownLatch acked = new CountDownLatch(1);
            sender.listen(message -> {
                if (message.path("type").asText().equals("presence")
                        && message.path("status").asText().equals("offline")) {
                    stalled.offline.countDown();
                } else if (message.path("type").asText().equals("ack")) {
                    acked.countDown();
                }
            });
            String data = "x".repeat(1000);
            int sent = 0;
            while (stalled.offline.getCount() > 0 && sent < 50_000) {
                sender.send("type", "signal", "doc", "notes", "data", Map.of("d", data));
                sent++;
                if (sent % 500 == 0) {
                    stalled.offline.await(10, TimeUnit.MILLISECONDS);
                }
            }
            assertTrue(stalled.offline.await(WireClient.WAIT_SECONDS, TimeUnit.SECONDS),
                    "the stalled client was not dropped after " + sent + " signals of 1 kB");
            System.out.println("stalled client dropped after " + sent + " signals of 1 kB");
            // The sender was never affected.
            sender.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("ok"));
            assertTrue(acked.await(WireClient.WAIT_SECONDS, TimeUnit.SECONDS), "the sender's submit was not acked");
        } finally {
            jetty.stop();
        }
    }

    private void start(ServerConfig.Builder config) {
        server = new WeftServer(config.port(0).store(store).build()).start();
    }

    /** A client that reads its first frames, then demands no more: Jetty stops reading its socket. */
    public static final class StalledReader implements Session.Listener {
        final CountDownLatch offline = new CountDownLatch(1);
        final AtomicInteger read = new AtomicInteger();

        @Override
        public void onWebSocketOpen(Session session) {
            session.demand();
        }

        @Override
        public void onWebSocketText(String message) {
            read.incrementAndGet();
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            // Expected: the server drops this client's socket.
        }
    }
}
