package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.server.store.InMemoryDocumentStore;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The checks at the WebSocket upgrade, over real sockets: a token in the URL is refused (400), a
 * page from another site is refused (403), and one address may hold only so many connections
 * (429). Each passing case is tested beside its refusal, so a check that refused everything fails
 * too.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UpgradeChecksTest {
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
    void tokenInTheUrl_refused400() throws Exception {
        start(ServerConfig.builder());
        assertEquals(400, refusal("/ws?token=abc", null));
        assertEquals(400, refusal("/ws?x=1&access_token=abc", null));
        try (WireClient client = connect("/ws?x=1", null)) {
            client.send("type", "hello", "protocol", 1);
            client.expect("welcome");
        }
    }

    @Test
    void crossSiteOrigin_refused403_sameOriginAndNoOriginAllowed() throws Exception {
        start(ServerConfig.builder());
        assertEquals(403, refusal("/ws", "https://evil.example"));
        assertEquals(403, refusal("/ws", "null"));
        connect("/ws", "http://127.0.0.1:" + server.port()).close();
        connect("/ws", "http://localhost:5173").close();
        connect("/ws", null).close();
    }

    @Test
    void configuredOrigins_onlyThoseAllowed() throws Exception {
        start(ServerConfig.builder().allowedOrigins(List.of("https://app.example.com")));
        connect("/ws", "https://app.example.com").close();
        assertEquals(403, refusal("/ws", "https://app.example.com.evil.example"));
        assertEquals(403, refusal("/ws", "http://app.example.com"));
        assertEquals(403, refusal("/ws", "http://localhost:5173"));
    }

    @Test
    void connectionsPerAddress_overTheLimitRefused429_freedSlotReused() throws Exception {
        start(ServerConfig.builder().maxConnectionsPerAddress(2));
        try (WireClient first = WireClient.hello(server.port(), "c1");
             WireClient second = WireClient.hello(server.port(), "c2")) {
            assertEquals(429, refusal("/ws", null));
            first.close();
            second.send("type", "ping", "t", 1);
            second.expect("pong");
            // The first connection's slot is freed once the server saw it close.
            awaitAdmitted();
        }
    }

    @Test
    void eventStreams_countAsConnectionsOfTheAddress_overTheLimitRefused429() throws Exception {
        start(ServerConfig.builder().maxConnectionsPerAddress(2));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        URI events = URI.create("http://127.0.0.1:" + server.port() + "/api/docs/notes/events");
        try (WireClient socket = WireClient.hello(server.port(), "c1");
             SseReader stream = new SseReader(http, events, null)) {
            assertEquals(200, stream.status());
            stream.next("snapshot");
            try (SseReader refused = new SseReader(http, events, null)) {
                assertEquals(429, refused.status());
            }
            assertEquals(429, refusal("/ws", null));
        }
    }

    /** Connects until an upgrade is admitted, each attempt waiting for the previous refusal; bounded. */
    private void awaitAdmitted() throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (WireClient third = connect("/ws", null)) {
                third.send("type", "hello", "protocol", 1, "clientId", "c3");
                third.expect("welcome");
                return;
            } catch (ExecutionException refused) {
                assertEquals(429, ((UpgradeException) refused.getCause()).getResponseStatusCode());
                Thread.sleep(20);
            }
        }
        throw new AssertionError("a freed connection slot was never reused");
    }

    private void start(ServerConfig.Builder config) {
        server = new WeftServer(config.port(0).store(store).build()).start();
    }

    private WireClient connect(String path, String origin) throws Exception {
        WebSocketClient jetty = new WebSocketClient();
        jetty.start();
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        if (origin != null) {
            upgrade.setHeader("Origin", origin);
        }
        try {
            return WireClient.connect(jetty, URI.create("ws://127.0.0.1:" + server.port() + path), upgrade);
        } catch (Exception e) {
            jetty.stop();
            throw e;
        }
    }

    /** The HTTP status an upgrade to {@code path} is refused with. */
    private int refusal(String path, String origin) {
        ExecutionException refused = assertThrows(ExecutionException.class, () -> connect(path, origin).close());
        return assertInstanceOf(UpgradeException.class, refused.getCause()).getResponseStatusCode();
    }
}
