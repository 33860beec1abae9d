package dev.weft.ot;

import dev.weft.ot.Component.Delete;
import dev.weft.ot.Component.Insert;
import dev.weft.ot.Component.Retain;

/** {@link TextOperation#compose}: ot-text-unicode's algorithm, component for component. */
final class Composer {
    private Composer() {}

    static TextOperation compose(TextOperation first, TextOperation next) {
        if (next.isNoop()) {
            return first;
        }
        if (first.isNoop()) {
            return next;
        }
        TextOperation.Builder out = TextOperation.builder();
        ComponentReader reader = new ComponentReader(first);
        for (Component c2 : next.componentArray()) {
            if (c2 instanceof Retain) {
                // Keep what the first op left here; its deletes pass through whole and do not
                // use up the retained length (their text is gone from the intermediate document).
                int length = c2.length();
                while (length > 0) {
                    Component c1 = reader.take(length, Delete.class);
                    out.add(c1);
                    if (!(c1 instanceof Delete)) {
                        length -= c1.length();
                    }
                }
            } else if (c2 instanceof Insert) {
                out.add(c2);
            } else {
                composeDelete((Delete) c2, reader, out);
            }
        }
        for (Component rest = reader.takeRest(); rest != null; rest = reader.takeRest()) {
            out.add(rest);
        }
        return out.build();
    }

    /** The next op deletes text of the intermediate document, which the first op kept or inserted. */
    private static void composeDelete(Delete c2, ComponentReader reader, TextOperation.Builder out) {
        int length = c2.length();
        int offset = 0;
        int charOffset = 0;
        while (offset < length) {
            Component c1 = reader.take(length - offset, Delete.class);
            if (c1 instanceof Retain) {
                // Deleting original text the first op kept: delete it, carrying the next op's text.
                int n = c1.length();
                if (c2.hasText()) {
                    int end = Texts.advance(c2.text(), charOffset, n);
                    out.add(new Delete(n, c2.text().substring(charOffset, end)));
                    charOffset = end;
                } else {
                    out.add(new Delete(n, null));
                }
                offset += n;
            } else if (c1 instanceof Insert) {
                // Deleting text the first op inserted: the two cancel out.
                int n = c1.length();
                if (c2.hasText()) {
                    charOffset = Texts.advance(c2.text(), charOffset, n);
                }
                offset += n;
            } else {
                out.add(c1);
            }
        }
    }
}
