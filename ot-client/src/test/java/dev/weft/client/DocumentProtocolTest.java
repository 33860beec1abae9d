package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.ot.InvalidOperationException;
import dev.weft.ot.TextOperation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Editing over the protocol: what the client sends and how it takes the server's answers. */
class DocumentProtocolTest {
    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    private static void assertSubmit(JsonNode submit, long seq, long baseVersion, String opJson) {
        assertEquals(seq, submit.get("seq").asLong(), submit.toString());
        assertEquals(baseVersion, submit.get("v").asLong(), submit.toString());
        assertEquals(Json.parse(opJson), submit.get("op"), submit.toString());
    }

    @Test
    void open_snapshot_loadsTheText() {
        FakeServer.Attempt a = h.online();
        Harness.Opened o = h.open(a, "notes", 7, "hello");
        assertFalse(a.last("open").has("version"), "a first open asks for a snapshot");
        assertEquals("hello", o.doc().text().toString());
        assertEquals(7, o.doc().version());
    }

    @Test
    void edit_whileAnEditIsInFlight_isBufferedUntilTheAck() {
        FakeServer.Attempt a = h.online();
        ClientDocument doc = h.open(a, "notes", 7, "hello").doc();
        doc.edit(TextOperation.insert(5, " world"));
        doc.edit(TextOperation.insert(0, ">"));
        assertEquals(1, a.sent("submit").size());
        assertSubmit(a.last("submit"), 1, 7, "[5, \" world\"]");
        a.deliver(FakeServer.ack("notes", 1, 8, false));
        assertSubmit(a.last("submit"), 2, 8, "[\">\"]");
        a.deliver(FakeServer.ack("notes", 2, 9, false));
        assertEquals(">hello world", doc.text().toString());
        assertEquals(9, doc.version());
        assertFalse(doc.hasPendingEdits());
    }

    @Test
    void edit_thatDoesNotFit_failsAndChangesNothing() {
        FakeServer.Attempt a = h.online();
        ClientDocument doc = h.open(a, "notes", 7, "hello").doc();
        assertThrows(InvalidOperationException.class, () -> doc.edit(TextOperation.delete(3, 5)));
        assertEquals("hello", doc.text().toString());
        assertTrue(a.sent("submit").isEmpty());
    }

    @Test
    void remoteOp_whileAnEditIsPending_isTransformedAndReported() {
        FakeServer.Attempt a = h.online();
        Harness.Opened o = h.open(a, "notes", 7, "hello");
        o.doc().edit(TextOperation.insert(5, "!"));
        a.deliver(FakeServer.op("notes", 8, "bob", 4, "[\"X\"]"));
        assertEquals("Xhello!", o.doc().text().toString());
        RemoteEdit edit = o.events().edits.get(0);
        assertEquals("bob", edit.clientId());
        assertEquals(8, edit.version());
        assertEquals(TextOperation.insert(0, "X"), edit.op());
        assertEquals("Xhello!", edit.text().toString());
        a.deliver(FakeServer.ack("notes", 1, 9, false));
        assertEquals(9, o.doc().version());
    }

    @Test
    void opsCommittedTogether_areAppliedInOrder_asSeparateEdits() {
        FakeServer.Attempt a = h.online();
        Harness.Opened o = h.open(a, "notes", 7, "hello");
        o.doc().edit(TextOperation.insert(5, "!"));
        a.deliver(FakeServer.ops("notes", new Object[] {8L, "bob", 4L, "[\"X\"]"},
                new Object[] {9L, "carol", 1L, "[6, \"?\"]"}));
        assertEquals("Xhello!?", o.doc().text().toString());
        assertEquals(List.of("bob", "carol"), o.events().edits.stream().map(RemoteEdit::clientId).toList());
        assertEquals(List.of(8L, 9L), o.events().edits.stream().map(RemoteEdit::version).toList());
        a.deliver(FakeServer.ack("notes", 1, 10, false));
        assertEquals(10, o.doc().version());
        assertEquals("Xhello!?", o.doc().text().toString());
    }

    @Test
    void edits_madeOffline_areSentAfterTheReconnect_inFlightEditWithItsSeq() {
        FakeServer.Attempt a = h.online();
        ClientDocument doc = h.open(a, "notes", 7, "hello").doc();
        doc.edit(TextOperation.insert(5, "1"));
        a.closeFromServer();
        assertEquals(ConnectionStatus.RECONNECTING, h.client.status());
        doc.edit(TextOperation.insert(6, "2"));
        assertEquals("hello12", doc.text().toString());

        h.clock.advance(Duration.ofSeconds(5));
        FakeServer.Attempt b = h.server.accept();
        assertEquals(7, b.last("open").get("version").asLong(), "reopens from the version it knows");
        assertTrue(b.sent("submit").isEmpty(), "nothing is sent before the catch-up");
        b.deliver(FakeServer.catchup("notes", 7));
        assertEquals(1, b.sent("submit").size());
        assertSubmit(b.last("submit"), 1, 7, "[5, \"1\"]");
        b.deliver(FakeServer.ack("notes", 1, 8, false));
        assertSubmit(b.last("submit"), 2, 8, "[6, \"2\"]");
        b.deliver(FakeServer.ack("notes", 2, 9, false));
        assertEquals("hello12", doc.text().toString());
        assertFalse(doc.hasPendingEdits());
    }

    @Test
    void reconnect_catchupHoldsTheOwnInFlightEdit_takesItAsTheAck() {
        Dropped dropped = droppedWithTwoEdits();
        ClientDocument doc = dropped.opened().doc();
        FakeServer.Attempt b = dropped.next();
        b.deliver(FakeServer.catchup("notes", 7,
                new Object[] {8L, h.client.clientId(), 1L, "[5, \"1\"]"}, new Object[] {9L, "bob", 4L, "[\"B\"]"}));
        List<JsonNode> submits = b.sent("submit");
        assertEquals(1, submits.size(), "the committed edit is not sent again: " + submits);
        assertSubmit(submits.get(0), 2, 8, "[6, \"2\"]");
        assertEquals("Bhello12", doc.text().toString());
        assertEquals(9, doc.version());
    }

    @Test
    void snapshotWithRebase_probeAckedAsDuplicate_appliesTheInFlightEditOnce() {
        Dropped dropped = droppedWithTwoEdits();
        Harness.Opened o = dropped.opened();
        ClientDocument doc = o.doc();
        FakeServer.Attempt b = dropped.next();
        b.deliver(FakeServer.snapshot("notes", 20, "hello1 and more").put("rebase", true));
        assertSubmit(b.last("submit"), 1, 7, "[5, \"1\"]");
        b.deliver(FakeServer.ack("notes", 1, 8, true));

        assertEquals("hello12 and more", doc.text().toString());
        assertEquals(20, doc.version());
        assertEquals(2, b.sent("submit").size());
        assertSubmit(b.last("submit"), 2, 20, "[6, \"2\"]");
        RemoteEdit resync = o.events().edits.get(o.events().edits.size() - 1);
        assertTrue(resync.isResync());
        assertEquals("hello12 and more", resync.text().toString());
    }

    @Test
    void snapshotWithRebase_probeFindsTheEditUncommitted_resendsItMovedOntoTheSnapshotWithItsSeq() {
        Dropped dropped = droppedWithTwoEdits();
        ClientDocument doc = dropped.opened().doc();
        FakeServer.Attempt b = dropped.next();
        b.deliver(FakeServer.snapshot("notes", 20, "HEY hello").put("rebase", true));
        b.deliver(FakeServer.op("notes", 21, "bob", 9, "[\"!\"]"));
        b.deliver(FakeServer.error("HISTORY_UNAVAILABLE", "notes", 1));

        assertEquals("!HEY hello12", doc.text().toString());
        assertSubmit(b.last("submit"), 1, 20, "[9, \"1\"]");
        b.deliver(FakeServer.ack("notes", 1, 22, false));
        assertSubmit(b.last("submit"), 2, 22, "[11, \"2\"]");
    }

    @Test
    void connectionRefused_authErrorWithoutDocument_reachesEveryOpenDocumentsListener() {
        FakeServer.Attempt a = h.online();
        Harness.Opened notes = h.open(a, "notes", 7, "hello");
        Harness.Opened plans = h.open(a, "plans", 2, "hi");
        a.deliver(FakeServer.error("TOKEN_EXPIRED", null, 0));
        assertEquals(List.of("TOKEN_EXPIRED"), notes.events().errors);
        assertEquals(List.of("TOKEN_EXPIRED"), plans.events().errors);
        a.deliver(FakeServer.error("RATE_LIMITED", null, 0));
        assertEquals(List.of("TOKEN_EXPIRED"), notes.events().errors, "other errors without a document are not refusals");
    }

    @Test
    void invalidOp_refused_resyncsOntoAFreshSnapshot_keepingTheLaterEdits() {
        FakeServer.Attempt a = h.online();
        Harness.Opened o = h.open(a, "notes", 7, "hello");
        o.doc().edit(TextOperation.insert(5, "1"));
        o.doc().edit(TextOperation.insert(6, "2"));
        a.deliver(FakeServer.error("INVALID_OP", "notes", 1));
        assertEquals(List.of("INVALID_OP"), o.events().errors);
        assertEquals("notes", a.last("close").get("doc").asText());
        assertFalse(a.last("open").has("version"), "asks for a fresh snapshot");

        a.deliver(FakeServer.message("closed", m -> m.put("doc", "notes")));
        a.deliver(FakeServer.snapshot("notes", 7, "hello"));
        assertEquals("hello2", o.doc().text().toString());
        assertSubmit(a.last("submit"), 2, 7, "[5, \"2\"]");
        assertTrue(o.events().edits.get(0).isResync());
    }

    @Test
    void edit_tooLargeForTheServersLimit_isNotSentButRefusedLikeTheServerWould() {
        h.client.connect();
        FakeServer.Attempt a = h.server.accept(200);
        Harness.Opened o = h.open(a, "notes", 7, "hello");
        o.doc().edit(TextOperation.insert(0, "x".repeat(300)));
        assertTrue(a.sent("submit").isEmpty(), "a message over the limit would only get the connection closed");
        assertEquals(List.of("TOO_LARGE"), o.events().errors);
        assertFalse(a.last("open").has("version"));
        a.deliver(FakeServer.snapshot("notes", 7, "hello"));
        assertEquals("hello", o.doc().text().toString());
        assertFalse(o.doc().hasPendingEdits());
        o.doc().edit(TextOperation.insert(0, "small"));
        assertSubmit(a.last("submit"), 2, 7, "[\"small\"]");
    }

    @Test
    void rateLimited_resendsTheSameSubmissionAfterTheRetryDelay() {
        FakeServer.Attempt a = h.online();
        ClientDocument doc = h.open(a, "notes", 7, "hello").doc();
        doc.edit(TextOperation.insert(0, "x"));
        a.deliver(FakeServer.error("RATE_LIMITED", "notes", 1));
        assertEquals(1, a.sent("submit").size());
        h.clock.advance(Harness.POLICY.initialDelay());
        assertEquals(2, a.sent("submit").size());
        assertEquals(a.sent("submit").get(0), a.sent("submit").get(1));
    }

    @Test
    void rateLimitedWithoutDocumentOrSeq_resendsTheInFlightSubmissionAfterTheRetryDelay() {
        // What the server sends for a message it dropped unread (docs/protocol.md).
        FakeServer.Attempt a = h.online();
        ClientDocument doc = h.open(a, "notes", 7, "hello").doc();
        doc.edit(TextOperation.insert(0, "x"));
        CompletableFuture<Long> flush = doc.flush();
        ObjectNode dropped = FakeServer.error("RATE_LIMITED", "notes", 0);
        dropped.remove("doc");
        a.deliver(dropped);
        assertEquals(1, a.sent("submit").size());
        h.clock.advance(Harness.POLICY.initialDelay());
        assertEquals(2, a.sent("submit").size());
        assertEquals(a.sent("submit").get(0), a.sent("submit").get(1));
        a.deliver(FakeServer.ack("notes", 1, 8, false));
        a.deliver(FakeServer.ack("notes", 1, 8, true));
        assertEquals(8L, flush.join());
        assertEquals("xhello", doc.text().toString());
    }

    @Test
    void rateLimitedWithoutDocument_nothingInFlight_sendsNothing() {
        FakeServer.Attempt a = h.online();
        h.open(a, "notes", 7, "hello");
        ObjectNode dropped = FakeServer.error("RATE_LIMITED", "notes", 0);
        dropped.remove("doc");
        a.deliver(dropped);
        h.clock.advance(Harness.POLICY.initialDelay());
        assertTrue(a.sent("submit").isEmpty());
    }

    @Test
    void flush_completesWithTheVersionOnceEveryEditIsAcked() {
        FakeServer.Attempt a = h.online();
        ClientDocument doc = h.open(a, "notes", 7, "hello").doc();
        doc.edit(TextOperation.insert(0, "x"));
        CompletableFuture<Long> flush = doc.flush();
        doc.edit(TextOperation.insert(0, "y"));
        a.deliver(FakeServer.ack("notes", 1, 8, false));
        assertFalse(flush.isDone());
        a.deliver(FakeServer.ack("notes", 2, 9, false));
        assertEquals(9L, Harness.now(flush));
    }

    @Test
    void close_withPendingEdits_closesOnTheServerOnlyAfterTheAck() {
        FakeServer.Attempt a = h.online();
        ClientDocument doc = h.open(a, "notes", 7, "hello").doc();
        doc.edit(TextOperation.insert(0, "x"));
        doc.close();
        assertTrue(a.sent("close").isEmpty());
        assertThrows(IllegalStateException.class, () -> doc.edit(TextOperation.insert(0, "y")));
        a.deliver(FakeServer.ack("notes", 1, 8, false));
        assertEquals(1, a.sent("close").size());
    }

    @Test
    void open_neverLoaded_failsWhenTheClientCloses() {
        CompletableFuture<ClientDocument> future = h.client.open("notes");
        h.client.close();
        assertTrue(future.isCompletedExceptionally());
        assertThrows(IllegalStateException.class, () -> h.client.open("other"));
    }

    @Test
    void open_beforeConnecting_opensOnceOnline() {
        CompletableFuture<ClientDocument> future = h.client.open("notes");
        FakeServer.Attempt a = h.online();
        assertEquals(1, a.sent("open").size());
        a.deliver(FakeServer.snapshot("notes", 0, ""));
        assertEquals(0, Harness.now(future).version());
        assertThrows(IllegalArgumentException.class, () -> h.client.open("no spaces"));
    }

    /**
     * "hello" open at version 7; "1" typed and in flight when the server drops the connection,
     * "2" typed while it is down; then the next connection attempt, accepted.
     */
    private Dropped droppedWithTwoEdits() {
        FakeServer.Attempt first = h.online();
        Harness.Opened opened = h.open(first, "notes", 7, "hello");
        opened.doc().edit(TextOperation.insert(5, "1"));
        first.closeFromServer();
        opened.doc().edit(TextOperation.insert(6, "2"));
        h.clock.advance(Duration.ofSeconds(5));
        return new Dropped(opened, h.server.accept());
    }

    /** The document of {@link #droppedWithTwoEdits} and the attempt after the drop. */
    private record Dropped(Harness.Opened opened, FakeServer.Attempt next) {}
}
