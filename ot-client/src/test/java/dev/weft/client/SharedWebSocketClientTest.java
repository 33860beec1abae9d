package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ot.TextOperation;
import dev.weft.server.ServerConfig;
import dev.weft.server.WeftServer;
import dev.weft.server.store.InMemoryDocumentStore;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Clients that share one Jetty WebSocket client ({@link WeftClient.Builder#webSocketClient}). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedWebSocketClientTest {

    @Test
    void webSocketClient_sharedByTwoClients_bothEditAndClosingOneLeavesItRunning() throws Exception {
        WebSocketClient jetty = new WebSocketClient();
        jetty.start();
        try (InMemoryDocumentStore store = new InMemoryDocumentStore();
                WeftServer server = new WeftServer(ServerConfig.builder().port(0).store(store).build()).start()) {
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
            WeftClient first = WeftClient.builder(uri).webSocketClient(jetty).build();
            try (WeftClient second = WeftClient.builder(uri).webSocketClient(jetty).build()) {
                first.connect();
                second.connect();
                ClientDocument a = first.open("shared").get(20, TimeUnit.SECONDS);
                ClientDocument b = second.open("shared").get(20, TimeUnit.SECONDS);
                a.edit(TextOperation.insert(0, "one"));
                assertEquals(1L, a.flush().get(20, TimeUnit.SECONDS));
                waitFor(() -> b.version() == 1);
                assertEquals("one", b.text().toString());

                first.close();
                assertTrue(jetty.isRunning(), "closing a client must not stop the shared Jetty client");
                b.edit(TextOperation.insert(3, " two"));
                assertEquals(2L, b.flush().get(20, TimeUnit.SECONDS));
                assertEquals("one two", b.text().toString());
            }
        } finally {
            jetty.stop();
        }
    }

    @Test
    void webSocketClient_notStarted_isRefused() {
        WebSocketClient jetty = new WebSocketClient();
        WeftClient.Builder builder = WeftClient.builder(URI.create("ws://127.0.0.1:1/ws"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.webSocketClient(jetty));
        assertEquals("the shared WebSocket client must be started, was STOPPED", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.webSocketClient(null));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 20 s");
            Thread.sleep(10);
        }
    }
}
