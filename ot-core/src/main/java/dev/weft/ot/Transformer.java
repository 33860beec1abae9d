package dev.weft.ot;

import dev.weft.ot.Component.Delete;
import dev.weft.ot.Component.Insert;
import dev.weft.ot.Component.Retain;

/**
 * {@link TextOperation#transform}: ot-text-unicode's algorithm, component for component, after
 * {@link SingleEditTransformer}'s direct answer for the commonest pair, one edit against one edit.
 *
 * <p>Where ot-text-unicode's {@code take} cuts a new component off the op being transformed
 * ("ours") for every piece it reads, this loop only moves an index and an offset through ours: a
 * piece of a retain just lengthens the output's pending retain, and a piece of a delete becomes a
 * component only when it reaches the output. Our inserts are never split while transforming, so
 * the offset is 0 whenever the current component is an insert.
 */
final class Transformer {
    private final Component[] ours;
    private final TextOperation.Builder out;
    /** The component of ours read next. */
    private int index;
    /** Code points of {@code ours[index]} already read. */
    private int offset;
    /** For a delete that carries its text: the UTF-16 index into the text matching {@link #offset}. */
    private int charOffset;

    private Transformer(Component[] ours, int otherSize) {
        this.ours = ours;
        // Every output component ends where one of ours or of the other op's ends.
        this.out = new TextOperation.Builder(ours.length + otherSize);
    }

    static TextOperation transform(TextOperation op, TextOperation other, Side side) {
        if (side == null) {
            throw new IllegalArgumentException("side must be LEFT or RIGHT, was null");
        }
        if (other.isNoop() || op.isNoop()) {
            return op;
        }
        TextOperation direct = SingleEditTransformer.transform(op, other, side);
        return direct != null ? direct : transformComponents(op, other, side);
    }

    /** The general loop, one step per component of {@code other}. */
    static TextOperation transformComponents(TextOperation op, TextOperation other, Side side) {
        Component[] theirs = other.componentArray();
        Transformer t = new Transformer(op.componentArray(), theirs.length);
        for (Component c2 : theirs) {
            if (c2 instanceof Retain r) {
                t.keep(r.length());
            } else if (c2 instanceof Insert i) {
                t.skipInsert(i.length(), side);
            } else {
                t.drop(((Delete) c2).length());
            }
        }
        return t.finish();
    }

    /**
     * The other op keeps {@code length} code points: copy our components over them. Our inserts
     * do not use up the length; past our end we retain.
     */
    private void keep(int length) {
        while (length > 0 && index < ours.length) {
            Component c = ours[index];
            if (c instanceof Insert i) {
                out.addInsert(i);
                index++;
            } else if (c instanceof Retain r) {
                int n = Math.min(r.length() - offset, length);
                out.addRetain(n);
                length -= n;
                step(r.length(), n);
            } else {
                Delete d = (Delete) c;
                int n = Math.min(d.length() - offset, length);
                out.addDelete(n == d.length() ? d : cut(d, n));
                length -= n;
                step(d.length(), n);
            }
        }
        if (length > 0) {
            out.addRetain(length);
        }
    }

    /** The other op inserts {@code length} code points: concurrent inserts put the left side's first. */
    private void skipInsert(int length, Side side) {
        if (side == Side.LEFT && index < ours.length && ours[index] instanceof Insert i) {
            out.addInsert(i);
            index++;
        }
        out.addRetain(length);
    }

    /**
     * The other op deleted {@code length} code points: our retains and deletes over them vanish,
     * but our inserts inside them survive.
     */
    private void drop(int length) {
        while (length > 0 && index < ours.length) {
            Component c = ours[index];
            if (c instanceof Insert i) {
                out.addInsert(i);
                index++;
            } else if (c instanceof Retain r) {
                int n = Math.min(r.length() - offset, length);
                length -= n;
                step(r.length(), n);
            } else {
                Delete d = (Delete) c;
                int n = Math.min(d.length() - offset, length);
                if (d.hasText() && offset + n < d.length()) {
                    charOffset = Texts.advance(d.text(), charOffset, n);
                }
                length -= n;
                step(d.length(), n);
            }
        }
    }

    /** Appends what is left of ours and returns the result. */
    private TextOperation finish() {
        if (index < ours.length && offset > 0) {
            if (ours[index] instanceof Retain r) {
                out.addRetain(r.length() - offset);
            } else {
                Delete d = (Delete) ours[index];
                out.addDelete(cut(d, d.length() - offset));
            }
            index++;
        }
        for (; index < ours.length; index++) {
            out.add(ours[index]);
        }
        return out.build();
    }

    /** The next {@code n} code points of delete {@code d} from the offset, as a delete of their own. */
    private Delete cut(Delete d, int n) {
        if (!d.hasText()) {
            return new Delete(n, null);
        }
        int end = Texts.advance(d.text(), charOffset, n);
        Delete piece = new Delete(n, d.text().substring(charOffset, end));
        charOffset = end;
        return piece;
    }

    /** Moves {@code n} code points on in the current component, which is {@code length} long. */
    private void step(int length, int n) {
        offset += n;
        if (offset == length) {
            index++;
            offset = 0;
            charOffset = 0;
        }
    }
}
