package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.ot.TextOperation;
import dev.weft.server.store.InMemoryDocumentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Clients editing one document over real sockets: convergence, catch-up and lost acks. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CollaborationTest {
    private InMemoryDocumentStore store;
    private WeftServer server;

    @BeforeEach
    void start() {
        store = new InMemoryDocumentStore();
        server = new WeftServer(ServerConfig.builder().port(0).store(store).build()).start();
    }

    @AfterEach
    void stop() {
        server.stop();
        store.close();
    }

    @Test
    void twoClientsTypingAtOnce_converge_everyTokenOnce() throws Exception {
        try (TypingClient alice = TypingClient.open(server.port(), "alice", "notes");
             TypingClient bob = TypingClient.open(server.port(), "bob", "notes")) {
            CompletableFuture<Void> a = CompletableFuture.runAsync(() -> typeTokens(alice, "a", 1));
            CompletableFuture<Void> b = CompletableFuture.runAsync(() -> typeTokens(bob, "b", 2));
            a.get(30, TimeUnit.SECONDS);
            b.get(30, TimeUnit.SECONDS);
            alice.awaitIdle();
            bob.awaitIdle();
            long version = store.load("notes").orElseThrow().version();
            alice.awaitSynchronized(version);
            bob.awaitSynchronized(version);

            assertEquals(alice.text(), bob.text());
            assertEquals(serverText("notes"), alice.text());
            for (String author : List.of("a", "b")) {
                for (int i = 0; i < 40; i++) {
                    assertEquals(1, count(alice.text(), "<" + author + i + ">"), author + i + " appears once");
                }
            }
        }
    }

    @Test
    void lateJoiner_catchesUpFromItsVersion() throws Exception {
        try (TypingClient alice = TypingClient.open(server.port(), "alice", "notes")) {
            alice.type(TextOperation.insert(0, "one"));
            alice.awaitSynchronized(1);
            try (WireClient carol = WireClient.hello(server.port(), "carol")) {
                carol.send("type", "open", "doc", "notes");
                assertEquals("one", carol.skipTo("snapshot").path("text").asText());
                carol.cut();
            }
            alice.type(TextOperation.insert(3, " two"));
            alice.awaitSynchronized(2);
            alice.type(TextOperation.insert(7, " three"));
            alice.awaitSynchronized(3);

            try (WireClient carol = WireClient.hello(server.port(), "carol")) {
                carol.send("type", "open", "doc", "notes", "version", 1);
                JsonNode catchup = carol.skipTo("catchup");
                assertEquals(1, catchup.path("v").asLong());
                assertEquals(2, catchup.path("ops").size());
                String text = "one";
                for (JsonNode op : catchup.path("ops")) {
                    text = Json.operation(op.path("op")).apply(text);
                }
                assertEquals("one two three", text);
                assertEquals(3, catchup.path("ops").get(1).path("v").asLong());
                assertEquals("alice", catchup.path("ops").get(1).path("clientId").asText());
            }
        }
    }

    @Test
    void connectionCutBeforeAck_resubmission_landsOnce() throws Exception {
        GatedStore gated = new GatedStore();
        try (WeftServer gatedServer = new WeftServer(ServerConfig.builder().port(0).store(gated).build()).start()) {
            WireClient alice = WireClient.hello(gatedServer.port(), "alice");
            alice.send("type", "open", "doc", "notes");
            alice.skipTo("snapshot");
            gated.close(true);
            alice.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("hello"));
            assertTrue(gated.awaitAppendWaiting(), "the append reached the store");
            alice.cut();
            alice.close();
            gated.open();

            try (WireClient again = WireClient.hello(gatedServer.port(), "alice")) {
                again.send("type", "open", "doc", "notes", "version", 0);
                JsonNode catchup = again.skipTo("catchup");
                assertEquals(1, catchup.path("ops").size(), "the op was committed although its ack was lost");
                assertEquals(1, catchup.path("ops").get(0).path("seq").asLong());
                again.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("hello"));
                JsonNode ack = again.expect("ack");
                assertEquals(1, ack.path("v").asLong());
                assertTrue(ack.path("duplicate").asBoolean());
                again.send("type", "open", "doc", "notes");
                assertEquals("hello", again.expect("snapshot").path("text").asText());
            }
            assertEquals(1, gated.load("notes").orElseThrow().version());
        } finally {
            gated.close();
        }
    }

    @Test
    void submitFromOne_ackToAuthor_opToOthersInVersionOrder() throws Exception {
        try (WireClient alice = WireClient.hello(server.port(), "alice");
             WireClient bob = WireClient.hello(server.port(), "bob")) {
            alice.send("type", "open", "doc", "notes");
            alice.expect("snapshot");
            bob.send("type", "open", "doc", "notes");
            bob.expect("snapshot");
            alice.expect("presence");
            for (int seq = 1; seq <= 20; seq++) {
                alice.send("type", "submit", "doc", "notes", "v", seq - 1, "seq", seq, "op", List.of("x"),
                        "ref", "r" + seq);
            }
            for (int version = 1; version <= 20; version++) {
                JsonNode ack = alice.expect("ack");
                assertEquals(version, ack.path("v").asLong());
                assertEquals("r" + version, ack.path("ref").asText());
            }
            List<JsonNode> ops = bob.expectOps(20); // in op messages, or ops messages of those committed together
            for (int version = 1; version <= 20; version++) {
                JsonNode op = ops.get(version - 1);
                assertEquals(version, op.path("v").asLong());
                assertEquals("alice", op.path("clientId").asText());
            }
            alice.expectSilence(200);
        }
    }

    private static void typeTokens(TypingClient client, String author, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 40; i++) {
            String token = "<" + author + i + ">";
            synchronized (client) {
                String text = client.text();
                // Insert only between tokens, so no token is ever split by another.
                List<Integer> boundaries = boundaries(text);
                client.type(TextOperation.insert(boundaries.get(random.nextInt(boundaries.size())), token));
            }
            if (random.nextInt(4) == 0) {
                Thread.yield();
            }
        }
    }

    private static List<Integer> boundaries(String text) {
        List<Integer> positions = new ArrayList<>(List.of(0));
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '>') {
                positions.add(i + 1);
            }
        }
        return positions;
    }

    private static int count(String text, String token) {
        Matcher matcher = Pattern.compile(Pattern.quote(token)).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }

    private String serverText(String doc) throws Exception {
        try (WireClient reader = WireClient.hello(server.port(), "reader")) {
            reader.send("type", "open", "doc", doc);
            return reader.skipTo("snapshot").path("text").asText();
        }
    }
}
