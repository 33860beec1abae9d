package dev.weft.ot;

import dev.weft.ot.Component.Insert;
import dev.weft.ot.Component.Retain;

/** Cursor transformation, ot-text-unicode's {@code transformPosition} plus the ot.js bias. */
final class Cursors {
    private Cursors() {}

    /**
     * Walks the operation while it is still before the cursor. {@code position} tracks the
     * operation's place in the new document; the cursor shifts by every insert and delete it meets.
     */
    static int transformPosition(int cursor, TextOperation op, CursorBias bias) {
        if (cursor < 0) {
            throw new IllegalArgumentException("cursor must not be negative, was " + cursor);
        }
        boolean pushedByInsert = bias == CursorBias.AFTER_INSERT;
        int position = 0;
        for (Component c : op.componentArray()) {
            // Stop once the operation reaches the cursor; with AFTER_INSERT, an insert right at
            // the cursor still pushes it (a retain there moves past it and ends the walk).
            if (cursor < position || (cursor == position && !pushedByInsert)) {
                break;
            }
            if (c instanceof Retain) {
                position += c.length();
            } else if (c instanceof Insert) {
                position += c.length();
                if (cursor > Integer.MAX_VALUE - c.length()) {
                    throw new IllegalArgumentException(
                            "cursor " + cursor + " cannot move past an insert of " + c.length() + " code points");
                }
                cursor += c.length();
            } else {
                cursor -= Math.min(c.length(), cursor - position);
            }
        }
        return cursor;
    }
}
