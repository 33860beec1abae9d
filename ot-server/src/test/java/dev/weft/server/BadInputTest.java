package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.store.InMemoryDocumentStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every bad-input case of docs/protocol.md's error table, over a real socket: each gets its
 * documented error, the connection keeps working, and the document is unchanged.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputTest {
    private InMemoryDocumentStore store;
    private WeftServer server;

    @BeforeEach
    void start() {
        store = new InMemoryDocumentStore();
        server = new WeftServer(ServerConfig.builder().port(0).store(store).maxMessageBytes(64 * 1024)
                .maxOpComponents(100).maxDocumentLength(1000).messagesPerSecond(20).build()).start();
    }

    @AfterEach
    void stop() {
        server.stop();
        store.close();
    }

    @Test
    void malformedJson_badJson_connectionSurvives() throws Exception {
        try (WireClient client = WireClient.hello(server.port(), "alice")) {
            client.sendRaw("{\"type\": \"ping\"");
            client.expectError("BAD_JSON");
            client.sendRaw("[1, 2]");
            client.expectError("BAD_JSON");
            client.sendRaw("{\"type\": \"ping\"} trailing");
            client.expectError("BAD_JSON");
            assertStillWorks(client);
        }
    }

    @Test
    void unknownOrMissingType_unknownType() throws Exception {
        try (WireClient client = WireClient.hello(server.port(), "alice")) {
            client.send("type", "dance", "ref", "r1");
            JsonNode error = client.expectError("UNKNOWN_TYPE");
            assertEquals("r1", error.path("ref").asText());
            client.send("doc", "notes");
            client.expectError("UNKNOWN_TYPE");
            assertStillWorks(client);
        }
    }

    @Test
    void messageBeforeHello_helloRequired() throws Exception {
        try (WireClient client = WireClient.connect(server.port())) {
            client.send("type", "open", "doc", "notes");
            client.expectError("HELLO_REQUIRED");
            client.send("type", "hello", "protocol", 2);
            client.expectError("UNSUPPORTED_PROTOCOL");
            client.send("type", "hello", "protocol", 1, "clientId", "not valid!");
            client.expectError("BAD_MESSAGE");
            client.send("type", "hello", "protocol", 1);
            JsonNode welcome = client.expect("welcome");
            assertFalse(welcome.path("clientId").asText().isEmpty());
            assertEquals(64 * 1024, welcome.path("limits").path("maxMessageBytes").asInt());
        }
    }

    @Test
    void missingOrWrongField_badMessageNamingTheField() throws Exception {
        try (WireClient client = openedBy("alice")) {
            client.send("type", "submit", "doc", "notes", "v", 0, "seq", 1);
            assertTrue(client.expectError("BAD_MESSAGE").path("message").asText().contains("op"));
            client.send("type", "submit", "doc", "notes", "v", "zero", "seq", 1, "op", List.of("x"));
            assertTrue(client.expectError("BAD_MESSAGE").path("message").asText().contains("v"));
            client.send("type", "submit", "doc", "notes", "v", 0, "seq", 0, "op", List.of("x"));
            JsonNode error = client.expectError("BAD_MESSAGE");
            assertEquals("notes", error.path("doc").asText());
            assertEquals(0, error.path("seq").asLong());
            client.send("type", "open", "doc", "bad/id");
            client.expectError("BAD_MESSAGE");
            client.send("type", "chat", "doc", "notes", "text", "");
            client.expectError("BAD_MESSAGE");
            assertUnchanged(client);
        }
    }

    @Test
    void negativeVersion_badMessage() throws Exception {
        try (WireClient client = openedBy("alice")) {
            client.send("type", "submit", "doc", "notes", "v", -1, "seq", 1, "op", List.of("x"));
            assertTrue(client.expectError("BAD_MESSAGE").path("message").asText().contains("v must be at least 0"));
            client.send("type", "open", "doc", "notes", "version", -3);
            client.expectError("BAD_MESSAGE");
            assertUnchanged(client);
        }
    }

    @Test
    void futureVersion_futureVersion() throws Exception {
        try (WireClient client = openedBy("alice")) {
            client.send("type", "submit", "doc", "notes", "v", 7, "seq", 1, "op", List.of("x"), "ref", "f");
            JsonNode error = client.expectError("FUTURE_VERSION");
            assertEquals("f", error.path("ref").asText());
            assertEquals(1, error.path("seq").asLong());
            client.send("type", "open", "doc", "notes", "version", 7);
            client.expectError("FUTURE_VERSION");
            assertUnchanged(client);
        }
    }

    @Test
    void failedOpen_leavesDocumentClosed_laterOpenWorks() throws Exception {
        try (WireClient client = WireClient.hello(server.port(), "alice")) {
            client.send("type", "open", "doc", "notes", "version", 3);
            client.expectError("FUTURE_VERSION");
            client.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("x"));
            client.expectError("DOC_NOT_OPEN");
            client.send("type", "open", "doc", "notes", "version", 9);
            client.send("type", "open", "doc", "notes", "version", 0);
            client.expectError("FUTURE_VERSION");
            assertEquals(0, client.expect("catchup").path("ops").size());
            client.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("x"));
            client.expect("ack");
        }
    }

    @Test
    void invalidOp_invalidOp() throws Exception {
        try (WireClient client = openedBy("alice")) {
            client.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of(0, "x"));
            client.expectError("INVALID_OP");
            client.send("type", "submit", "doc", "notes", "v", 0, "seq", 2, "op", List.of(Map.of("x", 1)));
            assertTrue(client.expectError("INVALID_OP").path("message").asText().contains("component 0"));
            client.send("type", "submit", "doc", "notes", "v", 0, "seq", 3, "op", "not an array");
            client.expectError("INVALID_OP");
            assertUnchanged(client);
        }
    }

    @Test
    void opPastTheEnd_invalidOp() throws Exception {
        try (WireClient client = openedBy("alice")) {
            client.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("abc"));
            client.expect("ack");
            client.send("type", "submit", "doc", "notes", "v", 1, "seq", 2, "op", List.of(5, "x"));
            client.expectError("INVALID_OP");
            client.send("type", "submit", "doc", "notes", "v", 1, "seq", 3, "op", List.of(2, Map.of("d", 4)));
            client.expectError("INVALID_OP");
            assertText(client, 1, "abc");
        }
    }

    @Test
    void staleSeq_staleSeq() throws Exception {
        try (WireClient client = openedBy("alice")) {
            client.send("type", "submit", "doc", "notes", "v", 0, "seq", 5, "op", List.of("a"));
            client.expect("ack");
            client.send("type", "submit", "doc", "notes", "v", 1, "seq", 3, "op", List.of("b"));
            client.expectError("STALE_SEQ");
            assertText(client, 1, "a");
        }
    }

    @Test
    void docNotOpen_docNotOpen() throws Exception {
        try (WireClient client = WireClient.hello(server.port(), "alice")) {
            client.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("x"));
            client.expectError("DOC_NOT_OPEN");
            client.send("type", "close", "doc", "notes");
            client.expectError("DOC_NOT_OPEN");
            client.send("type", "chat", "doc", "notes", "text", "hi");
            client.expectError("DOC_NOT_OPEN");
            assertTrue(store.load("notes").isEmpty(), "nothing was written");
        }
    }

    @Test
    void overLimits_tooLarge() throws Exception {
        try (WireClient client = openedBy("alice")) {
            Object[] many = new Object[101];
            for (int i = 0; i < many.length; i++) {
                many[i] = i % 2 == 0 ? "x" : Map.of("d", 1);
            }
            client.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of(many));
            client.expectError("TOO_LARGE");
            client.send("type", "submit", "doc", "notes", "v", 0, "seq", 2, "op", List.of("y".repeat(1001)));
            assertTrue(client.expectError("TOO_LARGE").path("message").asText().contains("1001"));
            client.send("type", "signal", "doc", "notes", "data", "z".repeat(2000));
            client.expectError("TOO_LARGE");
            assertUnchanged(client);
        }
    }

    @Test
    void oversizedMessage_closedWith1009() throws Exception {
        try (WireClient client = openedBy("alice")) {
            client.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("x".repeat(70 * 1024)));
            assertEquals(1009, client.awaitClose());
        }
        try (WireClient other = openedBy("bob")) {
            assertUnchanged(other);
        }
    }

    @Test
    void overTheRate_rateLimited_connectionSurvives() throws Exception {
        try (WireClient client = WireClient.hello(server.port(), "alice")) {
            // hello and 39 pings at once against 20 per second: at most 20 are refused, too few for a flood.
            for (int i = 0; i < 39; i++) {
                client.send("type", "ping", "t", i);
            }
            int pongs = 0;
            int limited = 0;
            for (int i = 0; i < 39; i++) {
                JsonNode message = client.next();
                pongs += message.path("type").asText().equals("pong") ? 1 : 0;
                limited += message.path("code").asText().equals("RATE_LIMITED") ? 1 : 0;
            }
            assertTrue(limited >= 1, "some messages were refused");
            assertEquals(39, pongs + limited);
            Thread.sleep(1100);
            assertStillWorks(client);
        }
    }

    @Test
    void sustainedFlood_closedWith1008() throws Exception {
        try (WireClient client = WireClient.hello(server.port(), "alice")) {
            // 21 refusals within a second close it; a few more than that, so that the client has
            // stopped writing before the close arrives (writing on would end in a broken pipe).
            for (int i = 0; i < 45; i++) {
                client.send("type", "ping");
            }
            assertEquals(1008, client.awaitClose(), () -> "closed because " + client.closeReason());
        }
    }

    @Test
    void binaryFrame_badJson() throws Exception {
        try (WireClient client = WireClient.hello(server.port(), "alice")) {
            client.sendBinary(new byte[] {1, 2, 3});
            client.expectError("BAD_JSON");
            assertStillWorks(client);
        }
    }

    private WireClient openedBy(String clientId) throws Exception {
        WireClient client = WireClient.hello(server.port(), clientId);
        client.send("type", "open", "doc", "notes");
        client.expect("snapshot");
        return client;
    }

    private static void assertStillWorks(WireClient client) throws Exception {
        client.send("type", "ping", "t", 42);
        assertEquals(42, client.expect("pong").path("t").asInt());
    }

    private void assertUnchanged(WireClient client) throws Exception {
        assertText(client, 0, "");
        assertTrue(store.load("notes").isEmpty(), "nothing was written");
    }

    private static void assertText(WireClient client, long version, String text) throws Exception {
        client.send("type", "open", "doc", "notes");
        JsonNode snapshot = client.expect("snapshot");
        assertEquals(version, snapshot.path("v").asLong());
        assertEquals(text, snapshot.path("text").asText());
    }
}
