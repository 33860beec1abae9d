package dev.weft.ot;

import dev.weft.ot.Component.Delete;
import dev.weft.ot.Component.Insert;
import dev.weft.ot.Component.Retain;

/**
 * {@link TextOperation#compose}: ot-text-unicode's algorithm, component for component.
 *
 * <p>Like {@link Transformer}, the loop moves an index and an offset through the first op instead
 * of cutting a component off it for every piece: a piece of a retain only lengthens the output's
 * pending retain, and a piece of an insert becomes a component only when it reaches the output.
 * The first op's deletes are never split while composing, so the offset is 0 whenever the current
 * component is a delete.
 */
final class Composer {
    private final Component[] first;
    private final TextOperation.Builder out;
    /** The component of the first op read next. */
    private int index;
    /** Code points of {@code first[index]} already read. */
    private int offset;
    /** For an insert: the UTF-16 index into its text matching {@link #offset}. */
    private int charOffset;

    private Composer(Component[] first, int nextSize) {
        this.first = first;
        this.out = new TextOperation.Builder(first.length + nextSize);
    }

    static TextOperation compose(TextOperation first, TextOperation next) {
        if (next.isNoop()) {
            return first;
        }
        if (first.isNoop()) {
            return next;
        }
        Component[] nextComponents = next.componentArray();
        Composer composer = new Composer(first.componentArray(), nextComponents.length);
        for (Component c2 : nextComponents) {
            if (c2 instanceof Retain r) {
                composer.keep(r.length());
            } else if (c2 instanceof Insert i) {
                composer.out.addInsert(i);
            } else {
                composer.delete((Delete) c2);
            }
        }
        return composer.finish();
    }

    /**
     * The next op keeps {@code length} code points: keep what the first op left there. Its deletes
     * pass through whole and do not use up the length (their text is gone from the intermediate
     * document); past its end it retains.
     */
    private void keep(int length) {
        while (length > 0 && index < first.length) {
            Component c = first[index];
            if (c instanceof Delete d) {
                out.addDelete(d);
                index++;
            } else if (c instanceof Retain r) {
                int n = Math.min(r.length() - offset, length);
                out.addRetain(n);
                length -= n;
                step(r.length(), n);
            } else {
                Insert i = (Insert) c;
                int n = Math.min(i.length() - offset, length);
                out.addInsert(n == i.length() ? i : cut(i, n));
                length -= n;
                step(i.length(), n);
            }
        }
        if (length > 0) {
            out.addRetain(length);
        }
    }

    /** The next op deletes text of the intermediate document, which the first op kept or inserted. */
    private void delete(Delete d2) {
        int length = d2.length();
        int done = 0;
        // For a delete that carries its text: the UTF-16 index into it matching done.
        int textOffset = 0;
        while (done < length && index < first.length) {
            Component c = first[index];
            if (c instanceof Delete d) {
                out.addDelete(d);
                index++;
            } else if (c instanceof Retain r) {
                // Deleting original text the first op kept: delete it, carrying the next op's text.
                int n = Math.min(r.length() - offset, length - done);
                textOffset = deletePiece(d2, done, n, textOffset);
                done += n;
                step(r.length(), n);
            } else {
                // Deleting text the first op inserted: the two cancel out.
                Insert i = (Insert) c;
                int n = Math.min(i.length() - offset, length - done);
                if (offset + n < i.length()) {
                    charOffset = Texts.advance(i.text(), charOffset, n);
                }
                if (d2.hasText() && done + n < length) {
                    textOffset = Texts.advance(d2.text(), textOffset, n);
                }
                done += n;
                step(i.length(), n);
            }
        }
        if (done < length) {
            // Past the first op's end, where it retains: original text again.
            deletePiece(d2, done, length - done, textOffset);
        }
    }

    /**
     * Appends the {@code n} code points of {@code d2} from code point {@code from} (UTF-16 index
     * {@code textOffset}) as a delete; returns the UTF-16 index after them.
     */
    private int deletePiece(Delete d2, int from, int n, int textOffset) {
        if (n == d2.length()) {
            out.addDelete(d2);
            return textOffset;
        }
        if (!d2.hasText()) {
            out.addDelete(new Delete(n, null));
            return textOffset;
        }
        int end = from + n == d2.length() ? d2.text().length() : Texts.advance(d2.text(), textOffset, n);
        out.addDelete(new Delete(n, d2.text().substring(textOffset, end)));
        return end;
    }

    /** Appends what is left of the first op and returns the result. */
    private TextOperation finish() {
        if (index < first.length && offset > 0) {
            if (first[index] instanceof Retain r) {
                out.addRetain(r.length() - offset);
            } else {
                Insert i = (Insert) first[index];
                out.addInsert(cut(i, i.length() - offset));
            }
            index++;
        }
        for (; index < first.length; index++) {
            out.add(first[index]);
        }
        return out.build();
    }

    /** The next {@code n} code points of insert {@code i} from the offset, as an insert of their own. */
    private Insert cut(Insert i, int n) {
        int end = offset + n == i.length() ? i.text().length() : Texts.advance(i.text(), charOffset, n);
        Insert piece = new Insert(i.text().substring(charOffset, end), n);
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
