package dev.weft.ot;

/**
 * One step of a {@link TextOperation}: keep, insert or remove text at the operation's cursor.
 *
 * <p>Every length is counted in Unicode code points, never in UTF-16 units. The JSON form is
 * ot-text-unicode's: a number is a {@link Retain}, a string an {@link Insert}, and {@code {"d": n}}
 * or {@code {"d": "text"}} a {@link Delete}.
 */
public sealed interface Component permits Component.Retain, Component.Insert, Component.Delete {

    /** The number of code points this component covers (retained, inserted or deleted). */
    int length();

    /** Returns a retain of {@code length} code points. */
    static Retain retain(int length) {
        return new Retain(length);
    }

    /** Returns an insert of {@code text}. */
    static Insert insert(String text) {
        return new Insert(text);
    }

    /** Returns a delete of {@code length} code points that does not carry the deleted text. */
    static Delete delete(int length) {
        return new Delete(length, null);
    }

    /** Returns a delete of exactly {@code text}, which makes the delete invertible. */
    static Delete delete(String text) {
        return new Delete(Texts.codePointLength(text, "deleted text"), text);
    }

    /**
     * Keeps the next {@code length} code points of the document.
     *
     * @param length a positive number of code points
     */
    record Retain(int length) implements Component {
        public Retain {
            if (length <= 0) {
                throw new InvalidOperationException("retain length must be positive, was " + length);
            }
        }
    }

    /**
     * Inserts {@code text} at the cursor.
     *
     * @param text non-empty, well-formed UTF-16 (no unpaired surrogate)
     * @param length the number of code points in {@code text}
     */
    record Insert(String text, int length) implements Component {
        /** Creates an insert of {@code text}, counting its code points. */
        public Insert(String text) {
            this(text, Texts.codePointLength(text, "inserted text"));
        }

        public Insert {
            if (text == null || text.isEmpty()) {
                throw new InvalidOperationException("insert text must not be empty");
            }
            if (length != Texts.codePointLength(text, "inserted text")) {
                throw new InvalidOperationException(
                        "insert length " + length + " does not match its text of "
                                + text.codePointCount(0, text.length()) + " code points");
            }
        }
    }

    /**
     * Removes the next {@code length} code points of the document.
     *
     * @param length a positive number of code points
     * @param text the text removed, or {@code null} when the delete does not carry it; when present
     *     it is exactly {@code length} code points long and {@code apply} checks it against the
     *     document
     */
    record Delete(int length, String text) implements Component {
        public Delete {
            if (length <= 0) {
                throw new InvalidOperationException("delete length must be positive, was " + length);
            }
            if (text != null && Texts.codePointLength(text, "deleted text") != length) {
                throw new InvalidOperationException(
                        "delete length " + length + " does not match its text of "
                                + text.codePointCount(0, text.length()) + " code points");
            }
        }

        /** Whether this delete carries the text it removes (and so can be inverted). */
        public boolean hasText() {
            return text != null;
        }
    }
}
