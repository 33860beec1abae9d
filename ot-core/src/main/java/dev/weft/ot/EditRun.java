package dev.weft.ot;

import dev.weft.ot.Component.Delete;
import dev.weft.ot.Component.Insert;
import dev.weft.ot.Component.Retain;

/**
 * Whether two undo entries belong to one run of typing or deleting, so that one undo takes back
 * the whole run: ot.js's {@code shouldBeComposedWithInverted}. Both arguments are inverses of
 * local edits, as the {@link UndoManager} stores them.
 */
final class EditRun {
    private EditRun() {}

    /**
     * True when {@code newer} (the inverse of the latest edit) continues {@code older} (the
     * undo entry on top of the stack, which applies after it).
     */
    static boolean continues(TextOperation newer, TextOperation older) {
        Component a = singleEdit(newer);
        Component b = singleEdit(older);
        if (a == null || b == null) {
            return false;
        }
        int startA = start(newer);
        int startB = start(older);
        if (a instanceof Delete && b instanceof Delete) {
            // Undoing typing deletes text: the new character was typed right after the run.
            return startB + b.length() == startA;
        }
        if (a instanceof Insert && b instanceof Insert) {
            // Undoing deletion reinserts text: backspace deletes just before the run, the
            // delete key at the same position.
            return startA + a.length() == startB || startA == startB;
        }
        return false;
    }

    /** The one insert or delete of an operation that is only that, after an optional retain. */
    private static Component singleEdit(TextOperation op) {
        int size = op.size();
        if (size == 1 && !(op.component(0) instanceof Retain)) {
            return op.component(0);
        }
        if (size == 2 && op.component(0) instanceof Retain) {
            return op.component(1);
        }
        return null;
    }

    private static int start(TextOperation op) {
        return op.component(0) instanceof Retain r ? r.length() : 0;
    }
}
