package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.ot.Selection;
import dev.weft.ot.TextOperation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Presence, signals and chat over the protocol. */
class PresenceTest {
    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    private static ObjectNode presence(String clientId, String status, int anchor, int focus) {
        return FakeServer.message("presence", m -> {
            m.put("doc", "notes");
            m.put("clientId", clientId);
            m.putObject("user").put("name", "Bob").put("color", "#00f");
            m.put("status", status);
            m.put("lastSeen", 1700000000000L);
            m.putArray("selection").add(anchor).add(focus);
        });
    }

    @Test
    void reportedSelection_followsLocalAndRemoteEdits() {
        FakeServer.Attempt a = h.online();
        Harness.Opened o = h.open(a, "notes", 7, "hello");
        a.deliver(presence("bob", "online", 5, 5));
        assertEquals(new Selection(5, 5), o.events().lastSelectionOf("bob"));
        o.doc().edit(TextOperation.insert(0, ">>"));
        assertEquals(new Selection(7, 7), o.doc().presence().get("bob").selection());
        a.deliver(FakeServer.op("notes", 8, "carol", 1, "[\"C\"]"));
        assertEquals(new Selection(8, 8), o.doc().presence().get("bob").selection());
    }

    @Test
    void reportedSelection_whileEditsArePending_isMovedThroughThem() {
        FakeServer.Attempt a = h.online();
        Harness.Opened o = h.open(a, "notes", 7, "hello");
        o.doc().edit(TextOperation.insert(0, ">>"));
        // The server reports bob at the end of its text, version 7: "hello" without the pending ">>".
        a.deliver(presence("bob", "online", 5, 5));
        assertEquals(new Selection(7, 7), o.doc().presence().get("bob").selection());
    }

    @Test
    void offlinePresence_removesTheParticipant() {
        FakeServer.Attempt a = h.online();
        Harness.Opened o = h.open(a, "notes", 7, "hello");
        a.deliver(presence("bob", "online", 1, 1));
        a.deliver(presence("bob", "offline", 1, 1));
        assertTrue(o.doc().presence().isEmpty());
        assertEquals(PresenceStatus.OFFLINE, o.events().presence.get(1).status());
    }

    @Test
    void select_burst_sendsOneUpdateNowAndTheLastOneAfterTheInterval() {
        FakeServer.Attempt a = h.online();
        ClientDocument doc = h.open(a, "notes", 7, "hello").doc();
        doc.select(Selection.caret(1));
        doc.select(Selection.caret(2));
        doc.select(new Selection(3, 5));
        List<JsonNode> sent = a.sent("presence");
        assertEquals(1, sent.size());
        assertEquals(Json.parse("[1, 1]"), sent.get(0).get("selection"));
        h.clock.advance(Duration.ofMillis(100));
        sent = a.sent("presence");
        assertEquals(2, sent.size());
        assertEquals(Json.parse("[3, 5]"), sent.get(1).get("selection"));
        assertEquals(7, sent.get(1).get("v").asLong());
        assertEquals("online", sent.get(1).get("status").asText());
    }

    @Test
    void select_withAPendingEdit_sendsServerCoordinatesThenTheExactSelectionAfterTheAck() {
        FakeServer.Attempt a = h.online();
        ClientDocument doc = h.open(a, "notes", 7, "hello").doc();
        doc.edit(TextOperation.insert(0, "ab"));
        doc.select(Selection.caret(7));
        JsonNode approximate = a.last("presence");
        assertEquals(Json.parse("[5, 5]"), approximate.get("selection"), "the end of the server's \"hello\"");
        assertEquals(7, approximate.get("v").asLong());
        a.deliver(FakeServer.ack("notes", 1, 8, false));
        h.clock.advance(Duration.ofMillis(100));
        JsonNode exact = a.last("presence");
        assertEquals(Json.parse("[7, 7]"), exact.get("selection"));
        assertEquals(8, exact.get("v").asLong());
    }

    @Test
    void setStatus_away_isSentAndSentAgainAfterAReconnect() {
        FakeServer.Attempt a = h.online();
        ClientDocument doc = h.open(a, "notes", 7, "hello").doc();
        doc.setStatus(PresenceStatus.AWAY);
        assertEquals("away", a.last("presence").get("status").asText());
        a.closeFromServer();
        h.clock.advance(Duration.ofSeconds(5));
        FakeServer.Attempt b = h.server.accept();
        b.deliver(FakeServer.catchup("notes", 7));
        assertEquals("away", b.last("presence").get("status").asText());
    }

    @Test
    void signalAndChat_areSentOnlyWhileOnline_andReceivedFromOthers() {
        FakeServer.Attempt a = h.online();
        Harness.Opened o = h.open(a, "notes", 7, "hello");
        assertTrue(o.doc().signal(Map.of("typing", true)));
        assertTrue(o.doc().chat("hi all"));
        assertEquals(Json.parse("{\"typing\": true}"), a.last("signal").get("data"));
        assertEquals("hi all", a.last("chat").get("text").asText());
        a.deliver(FakeServer.message("signal", m -> {
            m.put("doc", "notes");
            m.put("clientId", "bob");
            m.putObject("data").put("typing", false);
        }));
        a.deliver(FakeServer.message("chat", m -> {
            m.put("doc", "notes");
            m.put("clientId", "bob");
            m.put("name", "Bob");
            m.put("text", "hello Alice");
            m.put("time", 1700000000000L);
        }));
        assertEquals(List.of(Map.of("typing", false)), o.events().signals);
        assertEquals("hello Alice", o.events().chat.get(0).text());
        assertEquals("hello Alice", o.doc().chatHistory().get(0).text());

        a.closeFromServer();
        assertFalse(o.doc().signal(Map.of("typing", true)));
        assertFalse(o.doc().chat("lost"));
    }
}
