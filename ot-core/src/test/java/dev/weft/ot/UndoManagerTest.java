package dev.weft.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UndoManagerTest {

    private final UndoManager undo = new UndoManager(50, Duration.ofMillis(500));
    private Rope text;

    /** Applies a local edit to {@link #text} and records it at {@code time}, as an editor would. */
    private void edit(TextOperation op, long time) {
        Rope before = text;
        text = op.apply(text);
        undo.record(op, before, time);
    }

    private void remote(TextOperation op) {
        text = op.apply(text);
        undo.transform(op);
    }

    private void applyUndo() {
        text = undo.undo().apply(text);
    }

    private void applyRedo() {
        text = undo.redo().apply(text);
    }

    private void type(String chars, int position, long time) {
        for (int i = 0; i < chars.length(); i++) {
            edit(TextOperation.insert(position + i, chars.substring(i, i + 1)), time + i * 100L);
        }
    }

    @Test
    void undo_singleEdit_restoresTheText() {
        text = Rope.of("abc");
        edit(TextOperation.delete(1, 1), 0);
        applyUndo();
        assertEquals("abc", text.toString());
        assertFalse(undo.canUndo());
        assertTrue(undo.canRedo());
    }

    @Test
    void record_adjacentTypingWithinWindow_groupsIntoOneEntry() {
        text = Rope.of("> ");
        type("word", 2, 0);
        assertEquals(1, undo.undoDepth());
        applyUndo();
        assertEquals("> ", text.toString());
    }

    @Test
    void record_typingAfterAPause_startsANewEntry() {
        text = Rope.of("");
        type("ab", 0, 0);
        type("cd", 2, 5_000);
        assertEquals(2, undo.undoDepth());
        applyUndo();
        assertEquals("ab", text.toString());
    }

    @Test
    void record_typingElsewhere_startsANewEntry() {
        text = Rope.of("0123456789");
        edit(TextOperation.insert(2, "a"), 0);
        edit(TextOperation.insert(8, "b"), 100);
        assertEquals(2, undo.undoDepth());
    }

    @Test
    void record_backspaceRun_groupsIntoOneEntry() {
        text = Rope.of("hello");
        edit(TextOperation.delete(4, 1), 0);
        edit(TextOperation.delete(3, 1), 100);
        edit(TextOperation.delete(2, 1), 200);
        assertEquals("he", text.toString());
        assertEquals(1, undo.undoDepth());
        applyUndo();
        assertEquals("hello", text.toString());
    }

    @Test
    void record_typingThenDeleting_doesNotGroupAcrossKinds() {
        text = Rope.of("");
        type("ab", 0, 0);
        edit(TextOperation.delete(1, 1), 300);
        assertEquals(2, undo.undoDepth());
    }

    @Test
    void record_groupFlag_groupsWhateverTheEdits() {
        text = Rope.of("0123456789");
        Rope before = text;
        TextOperation first = TextOperation.insert(9, "!");
        text = first.apply(text);
        undo.record(first, before, false);
        before = text;
        TextOperation second = TextOperation.delete(0, 2);
        text = second.apply(text);
        undo.record(second, before, true);
        assertEquals(1, undo.undoDepth());
        applyUndo();
        assertEquals("0123456789", text.toString());
    }

    @Test
    void redo_afterUndo_reappliesTheEdit() {
        text = Rope.of("ab");
        type("cd", 2, 0);
        applyUndo();
        applyRedo();
        assertEquals("abcd", text.toString());
        assertTrue(undo.canUndo());
        assertFalse(undo.canRedo());
        applyUndo();
        assertEquals("ab", text.toString());
    }

    @Test
    void record_afterUndo_clearsRedoAndDoesNotJoinTheUndoneRun() {
        text = Rope.of("");
        type("ab", 0, 0);
        type("cd", 2, 5_000);
        applyUndo();
        edit(TextOperation.insert(2, "x"), 5_300);
        assertFalse(undo.canRedo());
        assertEquals(2, undo.undoDepth());
        applyUndo();
        assertEquals("ab", text.toString());
    }

    @Test
    void undo_withRemoteEditsInBetween_takesBackOnlyOwnText() {
        text = Rope.of("middle");
        type("AB", 6, 0);                             // middleAB
        remote(TextOperation.insert(0, "<<"));        // <<middleAB
        remote(TextOperation.insert(10, ">>"));       // <<middleAB>>
        applyUndo();
        assertEquals("<<middle>>", text.toString());
        remote(TextOperation.delete(0, 2));           // middle>>
        applyRedo();
        assertEquals("middleAB>>", text.toString());
    }

    @Test
    void undo_ownDeletionThenRemoteInsertInside_restoresAroundIt() {
        text = Rope.of("abcdef");
        edit(TextOperation.delete(1, 4), 0);          // af
        remote(TextOperation.insert(1, "X"));         // aXf
        applyUndo();
        // The restored text takes the left side of the tie, as in ot.js.
        assertEquals("abcdeXf", text.toString());
    }

    @Test
    void transform_remoteDeletesAllOwnText_dropsTheEmptyEntry() {
        text = Rope.of("ab");
        edit(TextOperation.insert(2, "X"), 0);
        edit(TextOperation.delete(0, 1), 5_000);      // bX
        assertEquals(2, undo.undoDepth());
        remote(TextOperation.delete(1, 1));           // b: the remote deleted our X
        assertEquals(1, undo.undoDepth());
        applyUndo();
        assertEquals("ab", text.toString());
        assertFalse(undo.canUndo());
    }

    @Test
    void transform_redoStack_followsRemoteEdits() {
        text = Rope.of("xy");
        edit(TextOperation.delete(1, 1), 0);          // x
        applyUndo();                                  // xy
        remote(TextOperation.insert(0, "123"));       // 123xy
        applyRedo();
        assertEquals("123x", text.toString());
    }

    @Test
    void record_beyondCapacity_dropsTheOldestEntry() {
        UndoManager small = new UndoManager(2, Duration.ZERO);
        Rope doc = Rope.of("");
        for (int i = 0; i < 3; i++) {
            TextOperation op = TextOperation.insert(0, Integer.toString(i));
            small.record(op, doc, i * 1_000L);
            doc = op.apply(doc);
        }
        assertEquals(2, small.undoDepth());
        doc = small.undo().apply(doc);
        doc = small.undo().apply(doc);
        assertEquals("0", doc.toString());
        assertFalse(small.canUndo());
    }

    @Test
    void undo_emptyStack_throws() {
        IllegalStateException e = assertThrows(IllegalStateException.class, undo::undo);
        assertEquals("nothing to undo", e.getMessage());
        assertThrows(IllegalStateException.class, undo::redo);
    }

    @Test
    void undo_throughClientsAndSequencer_convergesAsANormalEdit() {
        Sequencer sequencer = Sequencer.create("base");
        List<Submission> fromA = new ArrayList<>();
        List<Submission> fromB = new ArrayList<>();
        OtClient a = new OtClient("a", 0, "base", fromA::add);
        OtClient b = new OtClient("b", 0, "base", fromB::add);

        Rope before = a.text();
        a.applyLocal(TextOperation.insert(4, "!"));
        undo.record(TextOperation.insert(4, "!"), before, 0);
        b.applyLocal(TextOperation.insert(0, ">"));
        Commit fromBFirst = sequencer.submit(fromB.remove(0));
        Commit fromAFirst = sequencer.submit(fromA.remove(0));
        undo.transform(a.receive(fromBFirst.entry()));
        a.receiveAck(fromAFirst.version());
        b.receiveAck(fromBFirst.version());
        b.receive(fromAFirst.entry());

        a.applyLocal(undo.undo());
        Commit undone = sequencer.submit(fromA.remove(0));
        a.receiveAck(undone.version());
        b.receive(undone.entry());

        assertEquals(">base", sequencer.text().toString());
        assertEquals(">base", a.text().toString());
        assertEquals(">base", b.text().toString());
    }
}
