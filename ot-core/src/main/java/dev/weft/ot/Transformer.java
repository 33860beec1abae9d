package dev.weft.ot;

import dev.weft.ot.Component.Delete;
import dev.weft.ot.Component.Insert;
import dev.weft.ot.Component.Retain;
import java.util.Arrays;

/**
 * {@link TextOperation#transform}: ot-text-unicode's algorithm, component for component, after
 * {@link SingleEditTransformer}'s direct answer for the commonest pair, one edit against one edit.
 *
 * <p>Where ot-text-unicode's {@code take} cuts a new component off the op being transformed
 * ("ours") for every piece it reads, this loop only moves an index and an offset through ours: a
 * piece of a retain just lengthens the pending retain at the end of the output, and a piece of a
 * delete becomes a component only when it reaches the output. Our inserts are never split while
 * transforming, so the offset is 0 whenever the current component is an insert. The output is
 * merged as {@link TextOperation.Builder} merges it.
 *
 * <p>The loop is one method with its state in locals, not a reader and a builder object: the JIT
 * then keeps the state in registers and allocates only the components and arrays of the result
 * (with separate objects it did not inline the calls and allocated both on every transform).
 */
final class Transformer {
    private Transformer() {}

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
        Component[] ours = op.componentArray();
        Component[] theirs = other.componentArray();
        int index = 0; // the component of ours read next
        int offset = 0; // code points of ours[index] already read
        int charOffset = 0; // for a delete with text: the UTF-16 index matching offset
        Component[] out = new Component[ours.length + theirs.length + 1];
        int size = 0;
        long retained = 0; // the retain at the end of the output, not yet a component
        long baseLength = 0; // retained and deleted code points of the output, retained included
        long lengthDelta = 0;
        for (Component c2 : theirs) {
            if (c2 instanceof Insert inserted) {
                // Concurrent inserts at one position: the left side's text goes first.
                if (side == Side.LEFT && index < ours.length && ours[index] instanceof Insert i) {
                    out = room(out, size + 2);
                    size = appendInsert(out, size, retained, i);
                    retained = 0;
                    lengthDelta += i.length();
                    index++;
                }
                retained = checkedRetain(retained + inserted.length());
                baseLength += inserted.length();
                continue;
            }
            // The other op keeps (retain) or removes (delete) this text. Our inserts inside it
            // survive and do not use it up; our retains and deletes over it are copied over a
            // retain and vanish under a delete; past our end, we retain.
            boolean kept = c2 instanceof Retain;
            int length = c2 instanceof Retain r ? r.length() : ((Delete) c2).length();
            while (length > 0 && index < ours.length) {
                Component c1 = ours[index];
                if (c1 instanceof Insert i) {
                    out = room(out, size + 2);
                    size = appendInsert(out, size, retained, i);
                    retained = 0;
                    lengthDelta += i.length();
                    index++;
                    continue;
                }
                Delete d = c1 instanceof Delete deleted ? deleted : null;
                int c1Length = d != null ? d.length() : ((Retain) c1).length();
                int n = Math.min(c1Length - offset, length);
                if (kept && d == null) {
                    retained = checkedRetain(retained + n);
                    baseLength += n;
                } else if (kept) {
                    Delete piece = n == c1Length ? d : cut(d, charOffset, n);
                    out = room(out, size + 2);
                    size = appendDelete(out, size, retained, piece);
                    retained = 0;
                    baseLength += n;
                    lengthDelta -= n;
                }
                length -= n;
                offset += n;
                if (offset == c1Length) {
                    index++;
                    offset = 0;
                    charOffset = 0;
                } else if (d != null && d.hasText()) {
                    charOffset = Texts.advance(d.text(), charOffset, n);
                }
            }
            if (kept && length > 0) {
                retained = checkedRetain(retained + length);
                baseLength += length;
            }
        }
        // What is left of ours follows as it is, the current component from its offset.
        for (; index < ours.length; index++, offset = 0) {
            Component c1 = ours[index];
            if (c1 instanceof Retain r) {
                retained = checkedRetain(retained + r.length() - offset);
                baseLength += r.length() - offset;
                continue;
            }
            out = room(out, size + 2);
            if (c1 instanceof Insert i) {
                size = appendInsert(out, size, retained, i);
                lengthDelta += i.length();
            } else {
                Delete d = (Delete) c1;
                int n = d.length() - offset;
                size = appendDelete(out, size, retained, offset == 0 ? d : cut(d, charOffset, n));
                baseLength += n;
                lengthDelta -= n;
            }
            retained = 0;
        }
        return TextOperation.ofBuilt(size == out.length ? out : Arrays.copyOf(out, size),
                baseLength - retained, lengthDelta);
    }

    /** Code points {@code [from, from + n)} of delete {@code d}, its text starting at UTF-16 index {@code charOffset}. */
    private static Delete cut(Delete d, int charOffset, int n) {
        if (!d.hasText()) {
            return new Delete(n, null);
        }
        return new Delete(n, d.text().substring(charOffset, Texts.advance(d.text(), charOffset, n)));
    }

    /** {@code out} with room for {@code size} components. */
    private static Component[] room(Component[] out, int size) {
        return size <= out.length ? out : Arrays.copyOf(out, Math.max(size, out.length * 2));
    }

    private static long checkedRetain(long length) {
        if (length > Integer.MAX_VALUE) {
            throw TextOperation.Builder.tooLong(length);
        }
        return length;
    }

    /**
     * Appends {@code insert} after the pending retain of {@code retained} code points, or merges
     * it into an insert at the end; returns the new size. {@code out} has room for two more components.
     */
    private static int appendInsert(Component[] out, int size, long retained, Insert insert) {
        if (retained > 0) {
            out[size++] = new Retain((int) retained);
        } else if (size > 0 && out[size - 1] instanceof Insert last) {
            out[size - 1] = TextOperation.Builder.merge(last, insert);
            return size;
        }
        out[size] = insert;
        return size + 1;
    }

    /** As {@link #appendInsert} for a delete. */
    private static int appendDelete(Component[] out, int size, long retained, Delete delete) {
        if (retained > 0) {
            out[size++] = new Retain((int) retained);
        } else if (size > 0 && out[size - 1] instanceof Delete last) {
            out[size - 1] = TextOperation.Builder.merge(last, delete);
            return size;
        }
        out[size] = delete;
        return size + 1;
    }
}
