package dev.weft.ot;

import dev.weft.ot.Component.Delete;
import dev.weft.ot.Component.Insert;
import dev.weft.ot.Component.Retain;

/**
 * Reads an operation's components front to back in pieces of a requested length, as
 * ot-text-unicode's {@code take} does. Past the last component the operation retains forever.
 */
final class ComponentReader {
    private final Component[] components;
    private int index;
    /** Code points of {@code components[index]} already taken. */
    private int offset;
    /** For an insert or a delete with text: UTF-16 index matching {@link #offset}. */
    private int charOffset;

    ComponentReader(TextOperation op) {
        this.components = op.componentArray();
    }

    boolean hasNext() {
        return index < components.length;
    }

    /** The component the next {@code take} reads from, or {@code null} at the end. */
    Component peek() {
        return index < components.length ? components[index] : null;
    }

    /** Takes the rest of the current component whole, or {@code null} at the end. */
    Component takeRest() {
        if (index == components.length) {
            return null;
        }
        Component c = components[index];
        Component part = offset == 0 ? c : slice(c, c.length() - offset);
        next();
        return part;
    }

    /**
     * Takes at most {@code n} code points; a component of {@code whole}'s class is never split.
     * Past the end it returns a retain of {@code n}.
     */
    Component take(int n, Class<? extends Component> whole) {
        if (index == components.length) {
            return new Retain(n);
        }
        Component c = components[index];
        int remaining = c.length() - offset;
        if (remaining <= n || whole.isInstance(c)) {
            Component part = offset == 0 ? c : slice(c, remaining);
            next();
            return part;
        }
        return slice(c, n);
    }

    /** Cuts {@code n} code points from the current component at the current offset. */
    private Component slice(Component c, int n) {
        Component part;
        if (c instanceof Retain) {
            part = new Retain(n);
        } else if (c instanceof Insert i) {
            int end = Texts.advance(i.text(), charOffset, n);
            part = new Insert(i.text().substring(charOffset, end), n);
            charOffset = end;
        } else {
            Delete d = (Delete) c;
            if (d.hasText()) {
                int end = Texts.advance(d.text(), charOffset, n);
                part = new Delete(n, d.text().substring(charOffset, end));
                charOffset = end;
            } else {
                part = new Delete(n, null);
            }
        }
        offset += n;
        return part;
    }

    private void next() {
        index++;
        offset = 0;
        charOffset = 0;
    }
}
