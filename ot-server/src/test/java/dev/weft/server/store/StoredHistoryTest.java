package dev.weft.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ot.Commit;
import dev.weft.ot.CommittedOp;
import dev.weft.ot.OpHistory;
import dev.weft.ot.Sequencer;
import dev.weft.ot.SubmitException;
import dev.weft.ot.Submission;
import dev.weft.ot.TextOperation;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredHistoryTest {
    private final InMemoryDocumentStore store = new InMemoryDocumentStore();

    private static Submission typed(String clientId, long seq, long base, int position, String text) {
        return new Submission(clientId, seq, base, TextOperation.insert(position, text));
    }

    @Test
    void openSequencer_unknownDocument_startsEmptyAtVersionZero() {
        Sequencer sequencer = StoredHistory.openSequencer(store, "new");

        assertEquals(0, sequencer.version());
        assertEquals("", sequencer.text().toString());
        assertTrue(store.load("new").isEmpty(), "opening writes nothing");
    }

    @Test
    void submit_appendsToTheStore() {
        Sequencer sequencer = StoredHistory.openSequencer(store, "doc");
        sequencer.submit(typed("alice", 1, 0, 0, "hi"));

        CommittedOp stored = store.find("doc", "alice", 1).orElseThrow();
        assertEquals(1, stored.version());
        assertEquals(TextOperation.insert(0, "hi"), stored.op());
    }

    @Test
    void opsSince_olderThanTheCache_readsTheStore() {
        Sequencer sequencer = StoredHistory.openSequencer(store, "doc", 2);
        for (int i = 1; i <= 10; i++) {
            sequencer.submit(typed("alice", i, i - 1, 0, "x"));
        }
        OpHistory history = sequencer.history();

        assertEquals(List.of(2L, 3L), history.opsSince(1).stream().limit(2).map(CommittedOp::version).toList());
        assertEquals(9, history.opsSince(1).size());
        assertEquals(1, history.opsSince(9).size());
        Commit rebased = sequencer.submit(typed("bob", 1, 0, 0, "B"));
        assertEquals("Bxxxxxxxxxx", sequencer.text().toString());
        assertEquals(11, rebased.version());
        assertThrows(IllegalArgumentException.class, () -> history.opsSince(12));
    }

    @Test
    void find_resubmissionOlderThanTheCache_isAckedAgain() {
        Sequencer sequencer = StoredHistory.openSequencer(store, "doc", 1);
        Commit first = sequencer.submit(typed("alice", 1, 0, 0, "a"));
        for (int i = 2; i <= 6; i++) {
            sequencer.submit(typed("bob", i, i - 1, 0, "b"));
        }

        Commit again = sequencer.submit(typed("alice", 1, 0, 0, "a"));
        assertTrue(again.duplicate());
        assertEquals(first.entry(), again.entry());
        assertEquals(6, sequencer.version());
    }

    @Test
    void append_afterAnotherWriterCommitted_conflictsThenRebases() {
        Sequencer sequencer = StoredHistory.openSequencer(store, "doc");
        sequencer.submit(typed("alice", 1, 0, 0, "abc"));
        assertTrue(store.append("doc", new CommittedOp(2, "other-node", 1, TextOperation.insert(0, "X"))).join());

        SubmitException conflict = assertThrows(SubmitException.class,
                () -> sequencer.submit(typed("bob", 1, 1, 3, "!")));
        assertEquals(SubmitException.Reason.VERSION_CONFLICT, conflict.reason());
        assertEquals(2, sequencer.history().version());

        Commit retried = sequencer.submit(typed("bob", 1, 1, 3, "!"));
        assertEquals(3, retried.version());
        assertEquals("Xabc!", sequencer.text().toString());
        assertFalse(retried.duplicate());
    }

    @Test
    void openSequencer_fromASnapshot_replaysTheTail() {
        Sequencer first = StoredHistory.openSequencer(store, "doc");
        first.submit(typed("alice", 1, 0, 0, "hello"));
        first.submit(typed("alice", 2, 1, 5, " you"));
        store.saveSnapshot("doc", 1, "hello").join();

        Sequencer reopened = StoredHistory.openSequencer(store, "doc");
        assertEquals(2, reopened.version());
        assertEquals("hello you", reopened.text().toString());
        assertThrows(IllegalArgumentException.class, () -> StoredHistory.openSequencer(store, "doc", 0));
    }
}
