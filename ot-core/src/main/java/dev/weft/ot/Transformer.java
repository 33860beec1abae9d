package dev.weft.ot;

import dev.weft.ot.Component.Insert;
import dev.weft.ot.Component.Retain;

/** {@link TextOperation#transform}: ot-text-unicode's algorithm, component for component. */
final class Transformer {
    private Transformer() {}

    static TextOperation transform(TextOperation op, TextOperation other, Side side) {
        if (side == null) {
            throw new IllegalArgumentException("side must be LEFT or RIGHT, was null");
        }
        if (other.isNoop()) {
            return op;
        }
        TextOperation.Builder out = TextOperation.builder();
        ComponentReader reader = new ComponentReader(op);
        for (Component c2 : other.componentArray()) {
            if (c2 instanceof Retain) {
                // The other op keeps this text: copy our components over it. Our inserts are
                // never split, and they do not use up the retained length.
                int length = c2.length();
                while (length > 0) {
                    Component c1 = reader.take(length, Insert.class);
                    out.add(c1);
                    if (!(c1 instanceof Insert)) {
                        length -= c1.length();
                    }
                }
            } else if (c2 instanceof Insert) {
                // Concurrent inserts at one position: the left side's text goes first.
                if (side == Side.LEFT && reader.peek() instanceof Insert) {
                    out.add(reader.takeRest());
                }
                out.retain(c2.length());
            } else {
                // The other op deleted this text: our retains and deletes over it vanish, but
                // our inserts inside it survive.
                int length = c2.length();
                while (length > 0) {
                    Component c1 = reader.take(length, Insert.class);
                    if (c1 instanceof Insert) {
                        out.add(c1);
                    } else {
                        length -= c1.length();
                    }
                }
            }
        }
        for (Component rest = reader.takeRest(); rest != null; rest = reader.takeRest()) {
            out.add(rest);
        }
        return out.build();
    }
}
