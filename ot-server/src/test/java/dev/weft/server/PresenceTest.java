package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.store.InMemoryDocumentStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Presence, signals, chat and heartbeats over real sockets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PresenceTest {
    private InMemoryDocumentStore store;
    private WeftServer server;

    @BeforeEach
    void start() {
        store = new InMemoryDocumentStore();
        server = new WeftServer(ServerConfig.builder().port(0).store(store)
                .heartbeatInterval(Duration.ofMillis(200)).build()).start();
    }

    @AfterEach
    void stop() {
        server.stop();
        store.close();
    }

    @Test
    void join_othersSeeOnline_joinerSeesOthers() throws Exception {
        try (WireClient alice = open("alice"); WireClient bob = WireClient.hello(server.port(), "bob")) {
            bob.send("type", "open", "doc", "notes");
            JsonNode snapshot = bob.expect("snapshot");
            assertEquals(1, snapshot.path("presence").size());
            assertEquals("alice", snapshot.path("presence").get(0).path("clientId").asText());
            assertEquals("alice-name", snapshot.path("presence").get(0).path("user").path("name").asText());

            JsonNode joined = alice.expect("presence");
            assertEquals("bob", joined.path("clientId").asText());
            assertEquals("online", joined.path("status").asText());
            assertEquals("bob-name", joined.path("user").path("name").asText());
            assertTrue(joined.path("user").path("color").asText().startsWith("#"));
            assertTrue(joined.path("lastSeen").asLong() > 0);
        }
    }

    @Test
    void statusAway_broadcast_thenCloseIsOffline() throws Exception {
        try (WireClient alice = open("alice"); WireClient bob = open("bob")) {
            alice.expect("presence");
            bob.send("type", "presence", "doc", "notes", "status", "away");
            assertEquals("away", alice.expect("presence").path("status").asText());
            bob.send("type", "close", "doc", "notes");
            assertEquals("notes", bob.expect("closed").path("doc").asText());
            JsonNode left = alice.expect("presence");
            assertEquals("bob", left.path("clientId").asText());
            assertEquals("offline", left.path("status").asText());
        }
    }

    @Test
    void disconnect_othersSeeOffline() throws Exception {
        try (WireClient alice = open("alice"); WireClient bob = open("bob")) {
            alice.expect("presence");
            bob.cut();
            JsonNode left = alice.expect("presence");
            assertEquals("bob", left.path("clientId").asText());
            assertEquals("offline", left.path("status").asText());
        }
    }

    @Test
    void missedHeartbeats_dropped_othersSeeOffline() throws Exception {
        try (WireClient alice = open("alice"); WireClient bob = open("bob")) {
            alice.expect("presence");
            bob.stopAnsweringPings();
            bob.awaitClose();
            JsonNode left = alice.skipTo("presence");
            assertEquals("bob", left.path("clientId").asText());
            assertEquals("offline", left.path("status").asText());
            Thread.sleep(600);
            assertTrue(alice.isOpen(), "a client that answers pings stays connected");
        }
    }

    @Test
    void idleWithoutDocuments_closed_whileAnOpenDocumentKeepsItsConnection() throws Exception {
        try (WeftServer idleServer = new WeftServer(ServerConfig.builder().port(0).store(store)
                .heartbeatInterval(Duration.ofMillis(100)).idleTimeout(Duration.ofMillis(300)).build()).start();
             WireClient idle = WireClient.hello(idleServer.port(), "idle");
             WireClient reader = WireClient.hello(idleServer.port(), "reader")) {
            reader.send("type", "open", "doc", "notes");
            reader.expect("snapshot");
            assertEquals(1001, idle.awaitClose());
            Thread.sleep(400);
            assertTrue(reader.isOpen());
        }
    }

    @Test
    void selection_transformedThroughLaterOps_staysOnItsCharacters() throws Exception {
        try (WireClient alice = open("alice"); WireClient bob = open("bob")) {
            alice.expect("presence");
            alice.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("hello world"));
            alice.expect("ack");
            bob.expect("op");
            // Bob selects "orld" at version 1, but alice's insert at version 2 races ahead of it.
            alice.send("type", "submit", "doc", "notes", "v", 1, "seq", 2, "op", List.of(6, "big "));
            alice.expect("ack");
            bob.send("type", "presence", "doc", "notes", "selection", List.of(7, 11), "v", 1);
            assertEquals(List.of(11, 15), selection(alice.skipTo("presence")));
            alice.send("type", "submit", "doc", "notes", "v", 2, "seq", 3, "op", List.of("Oh, "));
            alice.expect("ack");

            try (WireClient carol = WireClient.hello(server.port(), "carol")) {
                carol.send("type", "open", "doc", "notes");
                JsonNode snapshot = carol.expect("snapshot");
                assertEquals("Oh, hello big world", snapshot.path("text").asText());
                JsonNode bobsPresence = findClient(snapshot.path("presence"), "bob");
                assertEquals(List.of(15, 19), selection(bobsPresence));
                assertEquals("orld", snapshot.path("text").asText().substring(15, 19));
            }
        }
    }

    @Test
    void signal_relayedToOthersOnly() throws Exception {
        try (WireClient alice = open("alice"); WireClient bob = open("bob")) {
            alice.expect("presence");
            bob.send("type", "signal", "doc", "notes", "data", Map.of("typing", true));
            JsonNode signal = alice.expect("signal");
            assertEquals("bob", signal.path("clientId").asText());
            assertTrue(signal.path("data").path("typing").asBoolean());
            bob.expectSilence(200);
        }
    }

    @Test
    void chat_storedAndSentOnOpen_last50() throws Exception {
        try (WireClient alice = open("alice"); WireClient bob = open("bob")) {
            alice.expect("presence");
            bob.send("type", "chat", "doc", "notes", "text", "hi alice");
            JsonNode chat = alice.expect("chat");
            assertEquals("bob", chat.path("clientId").asText());
            assertEquals("bob-name", chat.path("name").asText());
            assertEquals("hi alice", chat.path("text").asText());
            assertTrue(chat.path("time").asLong() > 0);
            for (int i = 0; i < 60; i++) {
                alice.send("type", "chat", "doc", "notes", "text", "line " + i);
            }
            for (int i = 0; i < 60; i++) {
                assertEquals("line " + i, bob.expect("chat").path("text").asText());
            }
        }
        try (WireClient carol = WireClient.hello(server.port(), "carol")) {
            carol.send("type", "open", "doc", "notes");
            JsonNode history = carol.expect("snapshot").path("chat");
            assertEquals(50, history.size());
            assertEquals("line 10", history.get(0).path("text").asText());
            assertEquals("line 59", history.get(49).path("text").asText());
            assertEquals("alice-name", history.get(49).path("name").asText());
        }
    }

    private WireClient open(String clientId) throws Exception {
        WireClient client = WireClient.hello(server.port(), clientId);
        client.send("type", "open", "doc", "notes");
        client.expect("snapshot");
        return client;
    }

    private static List<Integer> selection(JsonNode presence) {
        JsonNode selection = presence.path("selection");
        return List.of(selection.get(0).asInt(), selection.get(1).asInt());
    }

    private static JsonNode findClient(JsonNode presenceList, String clientId) {
        for (JsonNode participant : presenceList) {
            if (participant.path("clientId").asText().equals(clientId)) {
                return participant;
            }
        }
        throw new AssertionError(clientId + " is not in " + presenceList);
    }
}
