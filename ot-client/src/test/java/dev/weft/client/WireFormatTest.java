package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.ot.CommittedOp;
import dev.weft.ot.Selection;
import dev.weft.ot.Submission;
import dev.weft.ot.TextOperation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client's frames and its reading of the server's, against the fields docs/protocol.md names. */
class WireFormatTest {

    @Test
    void hello_carriesProtocolClientIdAndUser() {
        JsonNode hello = Json.parse(ClientMessages.hello("alice", "Alice", "#e91e63"));
        assertEquals("hello", hello.get("type").asText());
        assertEquals(1, hello.get("protocol").asInt());
        assertEquals("alice", hello.get("clientId").asText());
        assertEquals("Alice", hello.at("/user/name").asText());
        assertEquals("#e91e63", hello.at("/user/color").asText());
    }

    @Test
    void submit_usesTheWireSeqAndTheOtText_unicodeForm() {
        TextOperation op = TextOperation.builder().retain(5).insert("hi 😅").delete("abc").build();
        JsonNode submit = Json.parse(ClientMessages.submit("notes", new Submission("alice", 1, 7, op), 1234));
        assertEquals("submit", submit.get("type").asText());
        assertEquals("notes", submit.get("doc").asText());
        assertEquals(7, submit.get("v").asLong());
        assertEquals(1234, submit.get("seq").asLong());
        assertEquals(Json.parse("[5, \"hi 😅\", {\"d\": \"abc\"}]"), submit.get("op"));
    }

    @Test
    void open_withoutKnownVersion_leavesVersionOut() {
        assertFalse(Json.parse(ClientMessages.open("notes", -1)).has("version"));
        assertEquals(0, Json.parse(ClientMessages.open("notes", 0)).get("version").asLong());
    }

    @Test
    void presence_selectionGoesWithItsVersion() {
        JsonNode presence = Json.parse(ClientMessages.presence("notes", PresenceStatus.AWAY, new Selection(3, 1), 9));
        assertEquals("away", presence.get("status").asText());
        assertEquals(Json.parse("[3, 1]"), presence.get("selection"));
        assertEquals(9, presence.get("v").asLong());
    }

    @Test
    void signal_plainValues_becomeJson() {
        JsonNode signal = Json.parse(ClientMessages.signal("notes", Map.of("typing", true)));
        assertEquals(Json.parse("{\"typing\": true}"), signal.get("data"));
    }

    @Test
    void read_snapshot_decodesTextPresenceChatAndRebase() {
        ObjectNode snapshot = FakeServer.snapshot("notes", 7, "hello");
        snapshot.put("rebase", true);
        snapshot.withArray("presence").add(Json.parse(
                "{\"clientId\": \"bob\", \"user\": {\"name\": \"Bob\", \"color\": \"#00f\"}, \"status\": \"away\","
                        + " \"lastSeen\": 1700000000000, \"selection\": [1, 4], \"extra\": 1}"));
        snapshot.withArray("chat").add(Json.parse("{\"name\": \"Bob\", \"text\": \"hi\", \"time\": 1700000000000}"));
        ServerMessage.Snapshot read = (ServerMessage.Snapshot) ServerMessageReader.read(Json.write(snapshot));
        assertEquals(7, read.v());
        assertEquals("hello", read.text());
        assertTrue(read.rebase());
        assertEquals(List.of(new Presence("bob", "Bob", "#00f", PresenceStatus.AWAY, 1700000000000L, new Selection(1, 4))),
                read.presence());
        assertEquals(List.of(new ChatMessage("", "Bob", "hi", Instant.ofEpochMilli(1700000000000L))), read.chat());
    }

    @Test
    void read_catchup_decodesCommittedOpsInOrder() {
        ObjectNode catchup = FakeServer.catchup("notes", 8,
                new Object[] {9L, "alice", 2L, "[\"x\"]"}, new Object[] {10L, "bob", 5L, "[1, {\"d\": 1}]"});
        ServerMessage.Catchup read = (ServerMessage.Catchup) ServerMessageReader.read(Json.write(catchup));
        assertEquals(List.of(new CommittedOp(9, "alice", 2, TextOperation.insert(0, "x")),
                new CommittedOp(10, "bob", 5, TextOperation.delete(1, 1))), read.ops());
    }

    @Test
    void read_ops_decodesEachCommittedOpInOrder_andRefusesOneWithoutAList() {
        ObjectNode ops = FakeServer.ops("notes",
                new Object[] {9L, "alice", 2L, "[\"x\"]"}, new Object[] {10L, "bob", 5L, "[1, {\"d\": 1}]"});
        ServerMessage.Ops read = (ServerMessage.Ops) ServerMessageReader.read(Json.write(ops));
        assertEquals("notes", read.doc());
        assertEquals(List.of(new CommittedOp(9, "alice", 2, TextOperation.insert(0, "x")),
                new CommittedOp(10, "bob", 5, TextOperation.delete(1, 1))), read.ops());
        ProtocolException refused = assertThrows(ProtocolException.class,
                () -> ServerMessageReader.read("{\"type\": \"ops\", \"doc\": \"notes\", \"ops\": 3}"));
        assertTrue(refused.getMessage().contains("an ops without an ops array"), refused::getMessage);
    }

    @Test
    void read_ackAndError_decodeTheirFields() {
        ServerMessage.Ack ack = (ServerMessage.Ack) ServerMessageReader.read(
                Json.write(FakeServer.ack("notes", 3, 9, true)));
        assertEquals(new ServerMessage.Ack("notes", 3, 9, true), ack);
        ServerMessage.Error error = (ServerMessage.Error) ServerMessageReader.read(
                "{\"type\": \"error\", \"code\": \"BAD_JSON\", \"message\": \"no\"}");
        assertEquals("BAD_JSON", error.code());
        assertNull(error.doc());
        assertEquals(-1, error.seq());
    }

    @Test
    void read_unknownType_isIgnorable() {
        assertInstanceOf(ServerMessage.Unknown.class, ServerMessageReader.read("{\"type\": \"cursor3d\", \"x\": 1}"));
    }

    @Test
    void read_invalidOperation_isAProtocolError() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> ServerMessageReader.read(Json.write(FakeServer.op("notes", 3, "bob", 1, "[0]"))));
        assertTrue(e.getMessage().contains("component 0"), e.getMessage());
    }

    @Test
    void read_missingField_namesIt() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> ServerMessageReader.read("{\"type\": \"ack\", \"doc\": \"notes\", \"seq\": 1}"));
        assertTrue(e.getMessage().contains("\"v\""), e.getMessage());
        assertThrows(ProtocolException.class, () -> ServerMessageReader.read("[1, 2]"));
        assertThrows(ProtocolException.class, () -> ServerMessageReader.read("{nope"));
    }
}
