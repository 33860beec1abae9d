package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.store.InMemoryDocumentStore;
import dev.weft.server.store.StoredHistory;
import java.net.HttpCookie;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-message rules of token auth over a real socket: rights per document, identity from the
 * token, client ids bound to their user, expiry checked on every message and renewed with
 * {@code auth}. Every refused message leaves the documents as they were.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthorizationTest {
    private static final List<String> NONE = List.of();

    private InMemoryDocumentStore store;
    private WeftServer server;
    private MovableClock clock;

    @BeforeEach
    void start() {
        store = new InMemoryDocumentStore();
        clock = new MovableClock(Instant.now());
        server = new WeftServer(ServerConfig.builder().port(0).store(store)
                .tokenAuth(Tokens.hs256Auth().clock(clock).build()).build()).start();
    }

    @AfterEach
    void stop() {
        server.stop();
        store.close();
    }

    @Test
    void readOnlyUser_cannotSubmitNorChat_documentUnchanged() throws Exception {
        try (WireClient writer = hello("wanda", "w1", List.of("notes"), List.of("notes"));
             WireClient reader = hello("ruth", "r1", List.of("notes"), NONE)) {
            writer.send("type", "open", "doc", "notes");
            writer.expect("snapshot");
            writer.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("hi"));
            writer.expect("ack");
            reader.send("type", "open", "doc", "notes");
            assertEquals("hi", reader.expect("snapshot").path("text").asText());
            reader.send("type", "submit", "doc", "notes", "v", 1, "seq", 1, "op", List.of("x"));
            assertEquals(1, reader.expectError("FORBIDDEN").path("seq").asLong());
            reader.send("type", "chat", "doc", "notes", "text", "let me in");
            reader.expectError("FORBIDDEN");
            // A reader may still show where it is: presence is not stored.
            reader.send("type", "presence", "doc", "notes", "selection", List.of(1, 1), "v", 1);
            writer.skipTo("presence");
        }
        assertEquals("hi", text("notes"));
        assertEquals(0, store.recentChat("notes", 10).size());
    }

    @Test
    void userOfOneDocument_cannotOpenAnother() throws Exception {
        try (WireClient client = hello("ada", "a1", List.of("team-*"), List.of("notes"))) {
            client.send("type", "open", "doc", "secret", "ref", "o1");
            JsonNode error = client.expectError("FORBIDDEN");
            assertEquals("o1", error.path("ref").asText());
            client.send("type", "open", "doc", "teams");
            client.expectError("FORBIDDEN");
            client.send("type", "submit", "doc", "secret", "v", 0, "seq", 1, "op", List.of("x"));
            client.expectError("DOC_NOT_OPEN");
            client.send("type", "open", "doc", "team-a");
            client.expect("snapshot");
            client.send("type", "open", "doc", "notes");
            client.expect("snapshot");
        }
        assertEquals(0, StoredHistory.openSequencer(store, "secret").version());
    }

    @Test
    void presenceAndChat_identityFromTheToken_notFromTheClient() throws Exception {
        try (WireClient bob = hello("bob", "b1", List.of("notes"), List.of("notes"));
             WireClient mallory = WireClient.connect(server.port())) {
            bob.send("type", "open", "doc", "notes");
            bob.expect("snapshot");
            mallory.send("type", "hello", "protocol", 1, "clientId", "m1", "token",
                    Tokens.hs256("mallory", clock.instant(), NONE, List.of("notes")),
                    "user", Map.of("name", "Bob", "color", "#123456"));
            mallory.expect("welcome");
            mallory.send("type", "open", "doc", "notes");
            mallory.expect("snapshot");
            JsonNode presence = bob.skipTo("presence");
            assertEquals("m1", presence.path("clientId").asText());
            assertEquals("mallory", presence.path("user").path("id").asText());
            assertEquals("Mallory", presence.path("user").path("name").asText());
            assertEquals("#123456", presence.path("user").path("color").asText());
            mallory.send("type", "chat", "doc", "notes", "text", "this is Bob speaking", "name", "Bob", "clientId", "b1");
            JsonNode chat = bob.skipTo("chat");
            assertEquals("Mallory", chat.path("name").asText());
            assertEquals("m1", chat.path("clientId").asText());
        }
        assertEquals("Mallory", store.recentChat("notes", 1).get(0).author());
    }

    @Test
    void clientIdOfAnotherUser_forbidden_itsOpsUntouched() throws Exception {
        try (WireClient alice = hello("alice", "shared-id", List.of("notes"), List.of("notes"))) {
            alice.send("type", "open", "doc", "notes");
            alice.expect("snapshot");
            alice.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("a"));
            alice.expect("ack");
        }
        try (WireClient mallory = WireClient.connect(server.port())) {
            mallory.send("type", "hello", "protocol", 1, "clientId", "shared-id",
                    "token", Tokens.hs256("mallory", clock.instant(), NONE, List.of("notes")));
            mallory.expectError("FORBIDDEN");
            mallory.send("type", "submit", "doc", "notes", "v", 1, "seq", 2, "op", List.of(1, "forged"));
            mallory.expectError("HELLO_REQUIRED");
        }
        // The owner keeps its id, also on a new connection.
        try (WireClient alice = hello("alice", "shared-id", List.of("notes"), List.of("notes"))) {
            alice.send("type", "open", "doc", "notes");
            alice.expect("snapshot");
            alice.send("type", "submit", "doc", "notes", "v", 1, "seq", 2, "op", List.of(1, "b"));
            assertEquals(2, alice.expect("ack").path("v").asLong());
        }
        assertEquals("ab", text("notes"));
    }

    @Test
    void expiredMidConnection_tokenExpired_thenRenewedWithAuth() throws Exception {
        try (WireClient client = hello("ada", "a1", NONE, List.of("notes"))) {
            client.send("type", "open", "doc", "notes");
            client.expect("snapshot");
            clock.advance(Duration.ofHours(2));
            client.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("late"), "ref", "s1");
            assertEquals("s1", client.expectError("TOKEN_EXPIRED").path("ref").asText());
            client.send("type", "open", "doc", "other");
            client.expectError("TOKEN_EXPIRED");
            client.send("type", "ping", "t", 7);
            client.expect("pong");
            client.send("type", "auth", "token", Tokens.hs256("bob", clock.instant(), NONE, List.of("notes")));
            client.expectError("FORBIDDEN");
            client.send("type", "auth", "token", Tokens.hs256("ada", clock.instant(), NONE, List.of("notes")), "ref", "a");
            JsonNode authorized = client.expect("authorized");
            assertEquals("ada", authorized.path("userId").asText());
            assertEquals("a", authorized.path("ref").asText());
            client.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("late"));
            client.expect("ack");
        }
        assertEquals("late", text("notes"));
    }

    @Test
    void renewedTokenWithFewerRights_closesTheDocumentsItNoLongerReads() throws Exception {
        try (WireClient client = hello("ada", "a1", NONE, List.of("notes", "plans"))) {
            client.send("type", "open", "doc", "notes");
            client.expect("snapshot");
            client.send("type", "open", "doc", "plans");
            client.expect("snapshot");
            client.send("type", "auth", "token", Tokens.hs256("ada", clock.instant(), List.of("plans"), NONE));
            // closed comes from the document's thread, so it may follow authorized.
            JsonNode first = client.next();
            JsonNode second = client.next();
            JsonNode closed = first.path("type").asText().equals("closed") ? first : second;
            assertEquals(java.util.Set.of("closed", "authorized"),
                    java.util.Set.of(first.path("type").asText(), second.path("type").asText()));
            assertEquals("notes", closed.path("doc").asText());
            client.send("type", "submit", "doc", "plans", "v", 0, "seq", 1, "op", List.of("x"));
            client.expectError("FORBIDDEN");
            client.send("type", "submit", "doc", "notes", "v", 0, "seq", 2, "op", List.of("x"));
            client.expectError("DOC_NOT_OPEN");
        }
    }

    @Test
    void expiredConnection_closedAtTheHeartbeat() throws Exception {
        server.stop();
        server = new WeftServer(ServerConfig.builder().port(0).store(store).heartbeatInterval(Duration.ofMillis(100))
                .tokenAuth(Tokens.hs256Auth().clock(clock).build()).build()).start();
        try (WireClient client = hello("ada", "a1", NONE, List.of("notes"))) {
            client.send("type", "open", "doc", "notes");
            client.expect("snapshot");
            clock.advance(Duration.ofHours(2));
            assertEquals(StatusCode.POLICY_VIOLATION, client.awaitClose());
            assertEquals("token expired", client.closeReason());
        }
    }

    @Test
    void tokenInTheCookie_usedWhenHelloHasNone() throws Exception {
        WebSocketClient jetty = new WebSocketClient();
        jetty.start();
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        upgrade.setCookies(List.of(new HttpCookie(TokenAuth.COOKIE,
                Tokens.hs256("ada", clock.instant(), List.of("notes"), NONE))));
        try (WireClient client = WireClient.connect(jetty, URI.create("ws://127.0.0.1:" + server.port() + "/ws"), upgrade)) {
            client.send("type", "hello", "protocol", 1);
            assertEquals("ada", client.expect("welcome").path("userId").asText());
            client.send("type", "open", "doc", "notes");
            client.expect("snapshot");
            client.send("type", "open", "doc", "plans");
            client.expectError("FORBIDDEN");
        }
    }

    private String text(String doc) {
        return StoredHistory.openSequencer(store, doc).text().toString();
    }

    private WireClient hello(String user, String clientId, List<String> read, List<String> write) throws Exception {
        WireClient client = WireClient.connect(server.port());
        client.send("type", "hello", "protocol", 1, "clientId", clientId,
                "token", Tokens.hs256(user, clock.instant(), read, write));
        client.expect("welcome");
        return client;
    }
}
