package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.store.InMemoryDocumentStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real server with the longest broadcast window (1 s): ops that wait for the window never let
 * anything else for the same participant overtake them (its ack, a presence change, a reply to
 * its open), so every client still sees the document's versions in order; and without a window,
 * each op goes out on its own.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BroadcastWindowTest {
    private InMemoryDocumentStore store;
    private WeftServer server;
    private WireClient alice;
    private WireClient bob;
    private long windowOpened;

    @BeforeEach
    void start() throws Exception {
        start(ServerConfig.MAX_BROADCAST_WINDOW);
    }

    private void start(Duration window) throws Exception {
        store = new InMemoryDocumentStore();
        server = new WeftServer(ServerConfig.builder().port(0).store(store).broadcastWindow(window).build()).start();
        alice = WireClient.opened(server.port(), "alice", "notes");
        bob = WireClient.opened(server.port(), "bob", "notes");
        alice.expect("presence");
        // Version 1 opens the window: it reaches bob at once, the next op waits.
        alice.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("a"));
        assertEquals(1, alice.expect("ack").path("v").asLong());
        assertEquals(1, bob.expect("op").path("v").asLong());
        windowOpened = System.nanoTime();
        alice.send("type", "submit", "doc", "notes", "v", 1, "seq", 2, "op", List.of(1, "b"));
        assertEquals(2, alice.expect("ack").path("v").asLong(), "the author's ack does not wait for the window");
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
        server.stop();
    }

    @Test
    void waitingOp_reachesItsParticipantBeforeThatParticipantsOwnAck() throws Exception {
        bob.send("type", "submit", "doc", "notes", "v", 1, "seq", 1, "op", List.of("c"));
        assertEquals(2, bob.expect("op").path("v").asLong());
        JsonNode ack = bob.expect("ack");
        assertEquals(3, ack.path("v").asLong());
        assertEquals(3, alice.expect("op").path("v").asLong());
    }

    @Test
    void waitingOp_reachesEveryoneBeforeAPresenceChange() throws Exception {
        alice.send("type", "presence", "doc", "notes", "selection", List.of(2, 2), "v", 2);
        assertEquals(2, bob.expect("op").path("v").asLong());
        JsonNode presence = bob.expect("presence");
        assertEquals("alice", presence.path("clientId").asText());
    }

    @Test
    void waitingOp_reachesAParticipantBeforeItsReplyToOpeningAgain() throws Exception {
        bob.send("type", "open", "doc", "notes", "version", 1);
        assertEquals(2, bob.expect("op").path("v").asLong());
        JsonNode catchUp = bob.next();
        assertEquals(List.of("catchup", 1L), List.of(catchUp.path("type").asText(), catchUp.path("v").asLong()),
                catchUp::toString);
    }

    @Test
    void opsCommittedWithinTheWindow_reachTheOthersInOneFrame() throws Exception {
        alice.send("type", "submit", "doc", "notes", "v", 2, "seq", 3, "op", List.of(2, "c"));
        assertEquals(3, alice.expect("ack").path("v").asLong());
        long elapsed = System.nanoTime() - windowOpened;
        assumeTrue(elapsed < ServerConfig.MAX_BROADCAST_WINDOW.toNanos() * 3 / 4,
                "the two commits took " + elapsed / 1_000_000 + " ms, too close to the window to tell");
        List<JsonNode> ops = bob.expectOps();
        assertEquals(List.of(2L, 3L), ops.stream().map(op -> op.path("v").asLong()).toList(),
                "versions 2 and 3 in one frame");
    }

    @Test
    void withoutAWindow_eachOpGoesOutOnItsOwn() throws Exception {
        stop();
        start(Duration.ZERO);
        assertEquals(2, bob.expect("op").path("v").asLong(), "version 2 did not wait");
        alice.send("type", "submit", "doc", "notes", "v", 2, "seq", 3, "op", List.of(2, "c"));
        assertEquals(3, alice.expect("ack").path("v").asLong());
        assertEquals(3, bob.expect("op").path("v").asLong());
    }
}
