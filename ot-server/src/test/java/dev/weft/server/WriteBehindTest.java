package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A document commits the next submissions while the store is still syncing the previous ones,
 * yet acks and broadcasts each only once it is durable, in version order; a failed write drops
 * it and every commit after it, and their authors' resubmissions land once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WriteBehindTest {
    private GatedStore store;
    private WeftServer server;
    private WireClient alice;
    private WireClient bob;

    @BeforeEach
    void start() throws Exception {
        store = new GatedStore();
        server = new WeftServer(ServerConfig.builder().port(0).store(store).build()).start();
        alice = WireClient.opened(server.port(), "alice", "notes");
        bob = WireClient.opened(server.port(), "bob", "notes");
        alice.expect("presence");
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
        server.stop();
        store.close();
    }

    @Test
    void commitsQueueBehindASlowWrite_butNothingLeavesUntilDurable_thenInVersionOrder() throws Exception {
        store.close(true);
        for (int seq = 1; seq <= 5; seq++) {
            alice.send("type", "submit", "doc", "notes", "v", 0, "seq", seq, "op", List.of("" + seq), "ref", "r" + seq);
        }
        assertTrue(store.awaitAppendsMade(5), "all five commits reached the store while the first was held: "
                + store.appendsMade());
        alice.expectSilence(200);
        bob.expectSilence(0);

        store.open();
        for (int version = 1; version <= 5; version++) {
            JsonNode ack = alice.expect("ack");
            assertEquals(version, ack.path("v").asLong());
            assertEquals("r" + version, ack.path("ref").asText());
        }
        List<JsonNode> ops = bob.expectOps(5);
        for (int version = 1; version <= 5; version++) {
            assertEquals(version, ops.get(version - 1).path("v").asLong());
        }
        assertEquals("54321", text(), "each op was based on version 0 and rebased, inserting at the front");
    }

    @Test
    void opsDurableTogether_reachEachParticipantInOneFrame_eachAuthorsAckInItsPlace() throws Exception {
        try (WireClient carol = WireClient.hello(server.port(), "carol")) {
            carol.send("type", "open", "doc", "notes");
            carol.expect("snapshot");
            alice.expect("presence");
            bob.expect("presence");
            store.close(true);
            alice.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("a"));
            assertTrue(store.awaitAppendsMade(1));
            bob.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("b"));
            assertTrue(store.awaitAppendsMade(2));
            alice.send("type", "submit", "doc", "notes", "v", 0, "seq", 2, "op", List.of("c"));
            assertTrue(store.awaitAppendsMade(3));
            // The chat waits for its write behind the three appends, holding the document's
            // thread: when it returns, all three are durable and settle in one go.
            carol.send("type", "chat", "doc", "notes", "text", "hi");
            assertTrue(store.awaitChatsMade(1));
            store.open();

            JsonNode batch = carol.expect("ops");
            assertEquals(List.of(1L, 2L, 3L), versions(batch.path("ops")));
            assertEquals(List.of("alice", "bob", "alice"),
                    List.of(batch.at("/ops/0/clientId").asText(), batch.at("/ops/1/clientId").asText(),
                            batch.at("/ops/2/clientId").asText()));

            alice.expect("chat");
            assertEquals(1, alice.expect("ack").path("v").asLong());
            assertEquals(2, alice.expect("op").path("v").asLong());
            assertEquals(3, alice.expect("ack").path("v").asLong());

            bob.expect("chat");
            assertEquals(1, bob.expect("op").path("v").asLong());
            assertEquals(2, bob.expect("ack").path("v").asLong());
            assertEquals(3, bob.expect("op").path("v").asLong());
        }
    }

    private static List<Long> versions(JsonNode ops) {
        List<Long> versions = new java.util.ArrayList<>();
        ops.forEach(op -> versions.add(op.path("v").asLong()));
        return versions;
    }

    @Test
    void resubmissionWhileTheFirstIsPending_isAckedAsADuplicateOnlyOnceDurable() throws Exception {
        store.close(true);
        alice.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("hello"));
        assertTrue(store.awaitAppendWaiting());
        alice.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("hello"));
        alice.expectSilence(200);

        store.open();
        JsonNode first = alice.expect("ack");
        JsonNode second = alice.expect("ack");
        assertEquals(1, first.path("v").asLong());
        assertFalse(first.path("duplicate").asBoolean());
        assertEquals(1, second.path("v").asLong());
        assertTrue(second.path("duplicate").asBoolean(), second::toString);
        assertEquals(1, store.appendsMade(), "the resubmission was not written again");
        assertEquals("hello", text());
    }

    @Test
    void failedWrite_refusesItAndEveryCommitQueuedAfterIt_andResubmissionsLandOnce() throws Exception {
        store.failVersion(2);
        store.close(true);
        for (int seq = 1; seq <= 3; seq++) {
            List<Object> op = seq == 1 ? List.of("1") : List.of(seq - 1, "" + seq);
            alice.send("type", "submit", "doc", "notes", "v", seq - 1, "seq", seq, "op", op);
        }
        assertTrue(store.awaitAppendsMade(3));
        store.open();
        assertEquals(1, alice.expect("ack").path("v").asLong());
        assertEquals(2, alice.expectError("INTERNAL").path("seq").asLong());
        assertEquals(3, alice.expectError("INTERNAL").path("seq").asLong());
        assertEquals(1, bob.expectOps(1).get(0).path("v").asLong());
        bob.expectSilence(100);

        // The client resends what was refused, from the version it has.
        alice.send("type", "submit", "doc", "notes", "v", 1, "seq", 2, "op", List.of(1, "2"));
        alice.send("type", "submit", "doc", "notes", "v", 1, "seq", 3, "op", List.of(1, "3"));
        assertEquals(2, alice.expect("ack").path("v").asLong());
        assertEquals(3, alice.expect("ack").path("v").asLong());
        List<JsonNode> resent = bob.expectOps(2);
        assertEquals(2, resent.get(0).path("v").asLong());
        assertEquals(3, resent.get(1).path("v").asLong());
        assertEquals("132", text(), "seq 3 was rebased over seq 2 at the same base");
        assertEquals(3, store.load("notes").orElseThrow().version());
    }

    @Test
    void openWhileCommitsArePending_seesOnlyDurableText() throws Exception {
        store.close(true);
        alice.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("hello"));
        assertTrue(store.awaitAppendWaiting());
        try (WireClient carol = WireClient.hello(server.port(), "carol")) {
            carol.send("type", "open", "doc", "notes");
            carol.expectSilence(200); // the snapshot waits for the pending write
            store.open();
            JsonNode snapshot = carol.expect("snapshot");
            assertEquals(1, snapshot.path("v").asLong());
            assertEquals("hello", snapshot.path("text").asText());
        }
        assertEquals(1, alice.expect("ack").path("v").asLong());
    }

    private String text() throws Exception {
        try (WireClient reader = WireClient.hello(server.port(), "reader")) {
            reader.send("type", "open", "doc", "notes");
            return reader.skipTo("snapshot").path("text").asText();
        }
    }
}
