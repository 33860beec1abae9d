package dev.weft.ot;

import dev.weft.ot.Component.Delete;
import dev.weft.ot.Component.Insert;
import dev.weft.ot.Component.Retain;

/** Inversion and the deleted text it needs: ot-text-unicode's invert, makeInvertible and stripInvertible. */
final class Inverter {
    private Inverter() {}

    static TextOperation invert(TextOperation op) {
        TextOperation.Builder out = TextOperation.builder();
        int position = 0;
        for (Component c : op.componentArray()) {
            if (c instanceof Retain) {
                out.add(c);
                position += c.length();
            } else if (c instanceof Insert i) {
                out.add(new Delete(i.length(), i.text()));
            } else {
                Delete d = (Delete) c;
                if (!d.hasText()) {
                    throw new IllegalStateException(
                            "cannot invert: delete " + d.length() + " at position " + position
                                    + " does not carry its text; invert against the document instead");
                }
                out.add(new Insert(d.text(), d.length()));
                position += d.length();
            }
        }
        return out.build();
    }

    static TextOperation withDeletedText(TextOperation op, Rope document) {
        if (op.baseLength() > document.length()) {
            // Reuse apply's checks for a message that names the component that does not fit.
            op.apply(document);
        }
        TextOperation.Builder out = TextOperation.builder();
        int position = 0;
        for (Component c : op.componentArray()) {
            if (c instanceof Delete d && !d.hasText()) {
                out.add(new Delete(d.length(), document.slice(position, position + d.length())));
            } else {
                out.add(c);
            }
            if (!(c instanceof Insert)) {
                position += c.length();
            }
        }
        return out.build();
    }

    static TextOperation withoutDeletedText(TextOperation op) {
        if (!op.componentsCarryText()) {
            return op;
        }
        TextOperation.Builder out = TextOperation.builder();
        for (Component c : op.componentArray()) {
            out.add(c instanceof Delete d ? new Delete(d.length(), null) : c);
        }
        return out.build();
    }
}
