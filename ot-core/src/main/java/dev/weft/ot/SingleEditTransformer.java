package dev.weft.ot;

import dev.weft.ot.Component.Delete;
import dev.weft.ot.Component.Insert;
import dev.weft.ot.Component.Retain;

/**
 * {@link TextOperation#transform} of one edit against one edit ({@code [p, edit]} or
 * {@code [edit]} on both sides, the shape of nearly every keystroke), worked out from the two
 * positions instead of walking components. Each case gives exactly what {@link Transformer}'s
 * general loop gives; the fuzz module checks the two against each other. The one case left to the
 * general loop is the other op inserting inside our delete, which splits it in two.
 */
final class SingleEditTransformer {
    private SingleEditTransformer() {}

    /** Transforms {@code op} over {@code other}, or returns {@code null} when the pair is not of this shape. */
    static TextOperation transform(TextOperation op, TextOperation other, Side side) {
        Component edit = singleEdit(op);
        if (edit == null) {
            return null;
        }
        Component otherEdit = singleEdit(other);
        if (otherEdit == null) {
            return null;
        }
        long at = position(op);
        long otherAt = position(other);
        if (otherEdit instanceof Insert inserted) {
            if (edit instanceof Insert insert) {
                // Inserts at one position: the left side's text goes first.
                boolean first = at < otherAt || (at == otherAt && side == Side.LEFT);
                return first ? op : moved(insert, at + inserted.length());
            }
            Delete delete = (Delete) edit;
            if (otherAt <= at) {
                return moved(delete, at + inserted.length());
            }
            return otherAt >= at + delete.length() ? op : null;
        }
        int deleted = ((Delete) otherEdit).length();
        if (edit instanceof Insert insert) {
            // An insert inside the deleted text survives, at the start of the deletion.
            return at <= otherAt ? op : moved(insert, Math.max(otherAt, at - deleted));
        }
        return deleteAfterDelete(op, (Delete) edit, at, otherAt, deleted);
    }

    /** Our delete of {@code [at, at + d)} over the other's of {@code [otherAt, otherAt + deleted)}. */
    private static TextOperation deleteAfterDelete(TextOperation op, Delete delete, long at, long otherAt, int deleted) {
        long end = at + delete.length();
        long otherEnd = otherAt + deleted;
        if (end <= otherAt) {
            return op;
        }
        if (at >= otherEnd) {
            return moved(delete, at - deleted);
        }
        // The text both deleted is gone already: delete what is left on either side of it.
        long from = Math.max(at, otherAt);
        long to = Math.min(end, otherEnd);
        int left = delete.length() - (int) (to - from);
        if (left == 0) {
            return TextOperation.noop();
        }
        String text = delete.hasText() ? cutOut(delete.text(), (int) (from - at), (int) (to - at)) : null;
        return moved(new Delete(left, text), Math.min(at, otherAt));
    }

    /** {@code text} without its code points {@code from} (inclusive) to {@code to} (exclusive). */
    private static String cutOut(String text, int from, int to) {
        int start = Texts.advance(text, 0, from);
        int end = Texts.advance(text, start, to - from);
        return text.substring(0, start).concat(text.substring(end));
    }

    /**
     * {@code edit} at {@code position}; {@code null} when the result would not fit a document, so
     * that the general loop reports the error.
     */
    private static TextOperation moved(Component edit, long position) {
        if (edit instanceof Insert insert) {
            if (position > Integer.MAX_VALUE) {
                return null;
            }
            return TextOperation.ofEdit((int) position, insert, (int) position, insert.length());
        }
        long baseLength = position + edit.length();
        if (baseLength > Integer.MAX_VALUE) {
            return null;
        }
        return TextOperation.ofEdit((int) position, edit, (int) baseLength, -edit.length());
    }

    /** The insert or delete of an op of one edit, or {@code null} for any other op. */
    private static Component singleEdit(TextOperation op) {
        Component[] c = op.componentArray();
        if (c.length == 2) {
            return c[0] instanceof Retain && !(c[1] instanceof Retain) ? c[1] : null;
        }
        return c.length == 1 && !(c[0] instanceof Retain) ? c[0] : null;
    }

    /** Where the edit of a single-edit op starts. */
    private static long position(TextOperation op) {
        Component[] c = op.componentArray();
        return c.length == 2 ? ((Retain) c[0]).length() : 0;
    }
}
