package dev.weft.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ot.OtClient.State;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtClientTest {

    private final List<Submission> sent = new ArrayList<>();

    private OtClient client(String text) {
        return new OtClient("me", 0, text, sent::add);
    }

    private static Submission sub(long seq, long base, TextOperation op) {
        return new Submission("me", seq, base, op);
    }

    @Test
    void applyLocal_synchronized_sendsWithFirstSeqAndKnownVersion() {
        OtClient client = new OtClient("me", 4, "abc", sent::add);
        client.applyLocal(TextOperation.insert(3, "d"));
        assertEquals(List.of(new Submission("me", 1, 4, TextOperation.insert(3, "d"))), sent);
        assertEquals(State.AWAITING_CONFIRM, client.state());
        assertEquals("abcd", client.text().toString());
        assertEquals(2, client.nextSeq());
    }

    @Test
    void applyLocal_awaitingConfirm_composesIntoBufferWithoutSending() {
        OtClient client = client("abc");
        client.applyLocal(TextOperation.insert(0, "1"));
        client.applyLocal(TextOperation.insert(1, "2"));
        client.applyLocal(TextOperation.insert(2, "3"));
        assertEquals(1, sent.size());
        assertEquals(State.AWAITING_WITH_BUFFER, client.state());
        assertEquals(TextOperation.insert(1, "23"), client.buffer().orElseThrow());
        assertEquals("123abc", client.text().toString());
    }

    @Test
    void applyLocal_noop_sendsNothing() {
        OtClient client = client("abc");
        client.applyLocal(TextOperation.noop());
        assertTrue(sent.isEmpty());
        assertEquals(State.SYNCHRONIZED, client.state());
    }

    @Test
    void applyLocal_opPastTheEnd_throwsAndChangesNothing() {
        OtClient client = client("abc");
        assertThrows(InvalidOperationException.class, () -> client.applyLocal(TextOperation.delete(2, 5)));
        assertEquals("abc", client.text().toString());
        assertEquals(State.SYNCHRONIZED, client.state());
        assertTrue(sent.isEmpty());
    }

    @Test
    void receiveAck_awaitingConfirm_synchronizesAtAckedVersion() {
        OtClient client = client("abc");
        client.applyLocal(TextOperation.insert(0, "x"));
        client.receiveAck(1);
        assertEquals(State.SYNCHRONIZED, client.state());
        assertEquals(1, client.version());
        assertEquals(1, sent.size());
    }

    @Test
    void receiveAck_awaitingWithBuffer_sendsBufferWithNextSeqAgainstAckedVersion() {
        OtClient client = client("abc");
        client.applyLocal(TextOperation.insert(0, "x"));
        client.applyLocal(TextOperation.delete(1, 1));
        client.receiveAck(1);
        assertEquals(State.AWAITING_CONFIRM, client.state());
        assertEquals(sub(2, 1, TextOperation.delete(1, 1)), sent.get(1));
        assertTrue(client.buffer().isEmpty());
    }

    @Test
    void receiveAck_repeated_isIgnored() {
        OtClient client = client("abc");
        client.applyLocal(TextOperation.insert(0, "x"));
        client.applyLocal(TextOperation.insert(0, "y"));
        client.receiveAck(1);
        client.receiveAck(1);
        assertEquals(State.AWAITING_CONFIRM, client.state());
        assertEquals(2, sent.size());
        assertEquals(1, client.version());
    }

    @Test
    void receiveAck_nothingInFlight_throws() {
        OtClient client = client("abc");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> client.receiveAck(1));
        assertEquals("ack for version 1, but nothing is in flight", e.getMessage());
    }

    @Test
    void receiveRemote_synchronized_appliesAndCountsTheVersion() {
        OtClient client = client("abc");
        TextOperation applied = client.receiveRemote(TextOperation.insert(1, "X"), 1);
        assertEquals(TextOperation.insert(1, "X"), applied);
        assertEquals("aXbc", client.text().toString());
        assertEquals(1, client.version());
    }

    @Test
    void receiveRemote_awaitingConfirm_transformsInFlightAndResendsItRebased() {
        OtClient client = client("abc");
        client.applyLocal(TextOperation.insert(3, "!"));
        TextOperation applied = client.receiveRemote(TextOperation.insert(0, ">>"), 1);
        assertEquals(TextOperation.insert(0, ">>"), applied);
        assertEquals(">>abc!", client.text().toString());
        assertEquals(sub(1, 1, TextOperation.insert(5, "!")), client.inFlight().orElseThrow());
    }

    @Test
    void receiveRemote_awaitingWithBuffer_transformsInFlightAndBuffer() {
        OtClient client = client("abcdef");
        client.applyLocal(TextOperation.delete(0, 1));      // in flight: bcdef
        client.applyLocal(TextOperation.insert(5, "!"));    // buffered: bcdef!
        TextOperation applied = client.receiveRemote(TextOperation.builder().retain(2).insert("X").build(), 1);
        assertEquals(TextOperation.insert(1, "X"), applied);
        assertEquals("bXcdef!", client.text().toString());
        assertEquals(TextOperation.delete(0, 1), client.inFlight().orElseThrow().op());
        assertEquals(TextOperation.insert(6, "!"), client.buffer().orElseThrow());
        assertEquals(State.AWAITING_WITH_BUFFER, client.state());
    }

    @Test
    void receiveRemote_repeatedVersion_isIgnored() {
        OtClient client = client("abc");
        client.receiveRemote(TextOperation.insert(0, "x"), 1);
        TextOperation applied = client.receiveRemote(TextOperation.insert(0, "x"), 1);
        assertTrue(applied.isNoop());
        assertEquals("xabc", client.text().toString());
        assertEquals(1, client.version());
    }

    @Test
    void receiveRemote_skippedVersion_throwsAndChangesNothing() {
        OtClient client = client("abc");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> client.receiveRemote(TextOperation.insert(0, "x"), 3));
        assertEquals("operation for version 3 skips versions: this client knows version 0; deliver the"
                + " operations in between first", e.getMessage());
        assertEquals("abc", client.text().toString());
    }

    @Test
    void receive_ownCommittedOp_actsAsAck() {
        OtClient client = client("abc");
        client.applyLocal(TextOperation.insert(0, "x"));
        client.applyLocal(TextOperation.insert(0, "y"));
        TextOperation applied = client.receive(new CommittedOp(1, "me", 1, TextOperation.insert(0, "x")));
        assertTrue(applied.isNoop());
        assertEquals(1, client.version());
        assertEquals(sub(2, 1, TextOperation.insert(0, "y")), sent.get(1));
        assertEquals("yxabc", client.text().toString());
    }

    @Test
    void selection_localTypingAtCaret_movesCaretAfterTheText() {
        OtClient client = client("abc");
        client.select(Selection.caret(1));
        client.applyLocal(TextOperation.insert(1, "xy"));
        assertEquals(Selection.caret(3), client.selection());
    }

    @Test
    void selection_remoteInsertAtCaret_keepsCaretBeforeIt() {
        OtClient client = client("abc");
        client.select(new Selection(1, 2));
        client.receiveRemote(TextOperation.insert(1, "XY"), 1);
        assertEquals(new Selection(1, 4), client.selection());
        client.receiveRemote(TextOperation.delete(0, 2), 2);
        assertEquals(new Selection(0, 2), client.selection());
    }

    @Test
    void select_pastTheEnd_failsNamingTheLength() {
        OtClient client = client("abc");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> client.select(Selection.caret(4)));
        assertEquals("selection end 4 is past the end of a 3-code-point document", e.getMessage());
    }

    @Test
    void reconnect_afterRemoteOps_resendsSameSeqRebasedToKnownVersion() {
        Relay relay = new Relay("abc", "me", "other");
        OtClient me = relay.client("me");
        me.applyLocal(TextOperation.insert(3, "!"));
        relay.dropUpstream("me");                         // the submission is lost
        relay.client("other").applyLocal(TextOperation.insert(0, ">"));
        relay.serve("other");
        relay.deliverAll();

        assertTrue(me.reconnect());
        assertEquals(new Submission("me", 1, 1, TextOperation.insert(4, "!")), relay.peekUpstream("me"));
        relay.serve("me");
        relay.deliverAll();
        relay.assertConverged(">abc!", 2);
    }

    @Test
    void reconnect_ackLost_resubmissionIsAckedOnceAndNotAppliedTwice() {
        Relay relay = new Relay("abc", "me", "other");
        OtClient me = relay.client("me");
        me.applyLocal(TextOperation.insert(0, "x"));
        me.applyLocal(TextOperation.insert(4, "y"));      // buffered
        relay.serve("me");                                // committed as version 1
        relay.dropDownstream("me");                       // the ack is lost
        relay.deliverAll();

        assertTrue(me.reconnect());
        relay.catchUp("me");                              // sends version 1 before the new ack
        Commit again = relay.serve("me");
        assertTrue(again.duplicate());
        assertEquals(1, again.version());
        relay.deliverAll();
        relay.serveAll();
        relay.deliverAll();
        relay.assertConverged("xabcy", 2);
        assertEquals(List.of(1L, 2L), relay.sentSeqs("me"));
    }

    @Test
    void clients_scriptedInterleaving_converge() {
        Relay relay = new Relay("hello", "a", "b");
        OtClient a = relay.client("a");
        OtClient b = relay.client("b");
        a.applyLocal(TextOperation.insert(5, " world"));          // a: in flight
        b.applyLocal(TextOperation.delete(0, 1));                 // b: in flight
        b.applyLocal(TextOperation.insert(0, "J"));               // b: buffered
        relay.serve("b");                                         // v1: delete "h"
        relay.deliver("a");                                       // a: remote while awaiting
        a.applyLocal(TextOperation.insert(0, "<"));               // a: buffered
        relay.deliver("b");                                       // b: ack, sends "J"
        relay.serve("a");                                         // v2: " world", rebased
        relay.serve("b");                                         // v3: "J"
        b.applyLocal(TextOperation.insert(5, "!"));               // b: awaiting v3 ack, buffers
        relay.deliverAll();
        relay.serveAll();
        relay.deliverAll();
        relay.serveAll();
        relay.deliverAll();

        relay.assertConverged("<Jello! world", 5);
        assertEquals(State.SYNCHRONIZED, a.state());
        assertEquals(State.SYNCHRONIZED, b.state());
    }

    @Test
    void clients_concurrentInsertsAtOnePosition_convergeWithLaterSubmissionFirst() {
        Relay relay = new Relay("ab", "a", "b");
        relay.client("a").applyLocal(TextOperation.insert(1, "A"));
        relay.client("b").applyLocal(TextOperation.insert(1, "B"));
        relay.serve("b");
        relay.serve("a");
        relay.deliverAll();
        relay.assertConverged("aABb", 2);
    }

    /** A scripted, in-order network between a sequencer and clients: the server side of the protocol. */
    private static final class Relay {
        private final Sequencer sequencer;
        private final Map<String, OtClient> clients = new HashMap<>();
        private final Map<String, Deque<Submission>> upstream = new HashMap<>();
        private final Map<String, Deque<Runnable>> downstream = new HashMap<>();
        private final Map<String, List<Long>> seqs = new HashMap<>();

        Relay(String text, String... ids) {
            sequencer = Sequencer.create(text);
            for (String id : ids) {
                upstream.put(id, new ArrayDeque<>());
                downstream.put(id, new ArrayDeque<>());
                seqs.put(id, new ArrayList<>());
                clients.put(id, new OtClient(id, 0, text, s -> {
                    upstream.get(id).add(s);
                    if (!seqs.get(id).contains(s.seq())) {
                        seqs.get(id).add(s.seq());
                    }
                }));
            }
        }

        OtClient client(String id) {
            return clients.get(id);
        }

        Submission peekUpstream(String id) {
            return upstream.get(id).peek();
        }

        List<Long> sentSeqs(String id) {
            return seqs.get(id);
        }

        Commit serve(String id) {
            Commit commit = sequencer.submit(upstream.get(id).remove());
            downstream.get(id).add(() -> clients.get(id).receiveAck(commit.version()));
            if (!commit.duplicate()) {
                for (String other : clients.keySet()) {
                    if (!other.equals(id)) {
                        downstream.get(other).add(() -> clients.get(other).receive(commit.entry()));
                    }
                }
            }
            return commit;
        }

        void serveAll() {
            for (String id : clients.keySet()) {
                while (!upstream.get(id).isEmpty()) {
                    serve(id);
                }
            }
        }

        void deliver(String id) {
            downstream.get(id).remove().run();
        }

        void deliverAll() {
            for (String id : clients.keySet()) {
                while (!downstream.get(id).isEmpty()) {
                    deliver(id);
                }
            }
        }

        void dropUpstream(String id) {
            upstream.get(id).clear();
        }

        void dropDownstream(String id) {
            downstream.get(id).clear();
        }

        void catchUp(String id) {
            OtClient client = clients.get(id);
            for (CommittedOp op : sequencer.opsSince(client.version())) {
                downstream.get(id).add(() -> client.receive(op));
            }
        }

        void assertConverged(String text, long version) {
            assertEquals(text, sequencer.text().toString());
            assertEquals(version, sequencer.version());
            for (OtClient client : clients.values()) {
                assertEquals(text, client.text().toString(), client.clientId());
                assertEquals(version, client.version(), client.clientId());
                assertFalse(client.inFlight().isPresent(), client.clientId());
            }
        }
    }
}
