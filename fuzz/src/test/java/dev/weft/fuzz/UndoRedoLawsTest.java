package dev.weft.fuzz;

import static dev.weft.fuzz.ExampleCounts.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.weft.ot.Rope;
import dev.weft.ot.Side;
import dev.weft.ot.TextOperation;
import dev.weft.ot.UndoManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UndoManager: undo takes back exactly the local edits, redo puts them back. */
class UndoRedoLawsTest {

    /**
     * Edits recorded at random intervals, so that some are grouped into one entry: undoing
     * everything gives the original document, redoing everything the final one.
     */
    @Test
    void undoAll_thenRedoAll_restoresBothEnds() {
        qt().withExamples(scaled(5000))
                .forAll(Generators.sequential(5), lists().of(integers().between(0, 1000)).ofSize(5))
                .checkAssert((s, gaps) -> {
                    UndoManager undo = new UndoManager();
                    String text = s.doc();
                    long now = 0;
                    for (int i = 0; i < s.ops().size(); i++) {
                        now += gaps.get(i);
                        undo.record(s.ops().get(i), Rope.of(text), now);
                        text = s.ops().get(i).apply(text);
                    }
                    String end = text;
                    while (undo.canUndo()) {
                        text = undo.undo().apply(text);
                    }
                    assertEquals(s.doc(), text, () -> "after undoing everything: " + s + " gaps " + gaps);
                    while (undo.canRedo()) {
                        text = undo.redo().apply(text);
                    }
                    assertEquals(end, text, () -> "after redoing everything: " + s + " gaps " + gaps);
                });
    }

    @Test
    void undo_thenRedo_restoresTheText() {
        qt().withExamples(scaled(5000)).forAll(Generators.sequential(3)).checkAssert(s -> {
            UndoManager undo = new UndoManager();
            String text = s.doc();
            for (TextOperation op : s.ops()) {
                undo.record(op, Rope.of(text), false);
                text = op.apply(text);
            }
            String before = text;
            while (undo.canUndo()) {
                String beforeUndo = text;
                text = undo.undo().apply(text);
                String afterUndo = text;
                text = undo.redo().apply(text);
                assertEquals(beforeUndo, text, () -> "undo then redo: " + s);
                text = undo.undo().apply(text);
                assertEquals(afterUndo, text, () -> "undo, redo, undo: " + s);
            }
            assertFalse(undo.canUndo());
            assertEquals(s.doc(), text, () -> "undoing every entry: " + s);
            assertEquals(s.ops().stream().filter(op -> !op.isNoop()).count(), undo.redoDepth(), s::toString);
            for (int i = undo.redoDepth(); i > 0; i--) {
                text = undo.redo().apply(text);
            }
            assertEquals(before, text, () -> "redoing every entry: " + s);
        });
    }

    /**
     * A local edit a, then a remote edit r made after it: undo takes back a and keeps r, which
     * is the text of r rebased onto a document where a never happened (by TP1); redo puts a back.
     */
    @Test
    void undo_afterARemoteEdit_keepsTheRemoteEdit() {
        qt().withExamples(scaled(10000)).forAll(Generators.sequential(2)).checkAssert(s -> {
            TextOperation local = s.a();
            TextOperation remote = s.b();
            UndoManager undo = new UndoManager();
            undo.record(local, Rope.of(s.doc()), 0L);
            String afterRemote = remote.apply(local.apply(s.doc()));
            undo.transform(remote);
            TextOperation localInverse = local.invert(s.doc());
            String withoutLocal = TextOperation.transform(remote, localInverse, Side.RIGHT).apply(s.doc());
            if (!undo.canUndo()) {
                assertTrue(TextOperation.transform(localInverse, remote, Side.LEFT).isNoop(), s::toString);
                return;
            }
            String undone = undo.undo().apply(afterRemote);
            assertEquals(withoutLocal, undone, () -> "undo after a remote edit: " + s);
            assertEquals(afterRemote, undo.redo().apply(undone), () -> "redo after a remote edit: " + s);
        });
    }
}
