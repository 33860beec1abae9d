package dev.weft.ot;

/** Argument checks for {@link Rope}, with messages that name the value and the limit. */
final class RopeChecks {
    private RopeChecks() {}

    /** A position between code points: 0..length. */
    static void position(int position, int length) {
        if (position < 0) {
            throw new IndexOutOfBoundsException("position " + position + " is negative");
        }
        if (position > length) {
            throw new IndexOutOfBoundsException(
                    "position " + position + " is past the end of a " + length + "-code-point document");
        }
    }

    /** The position of an existing code point: 0..length - 1. */
    static void element(int position, int length) {
        if (position < 0) {
            throw new IndexOutOfBoundsException("position " + position + " is negative");
        }
        if (position >= length) {
            throw new IndexOutOfBoundsException(
                    "position " + position + " is at or past the end of a " + length + "-code-point document");
        }
    }

    /** {@code count} code points from {@code position}, for the edit named {@code what}. */
    static void range(String what, int position, int count, int length) {
        position(position, length);
        if (count < 0) {
            throw new IndexOutOfBoundsException(what + " length " + count + " is negative");
        }
        if (count > length - position) {
            throw new IndexOutOfBoundsException(what + " of " + count + " code points at position " + position
                    + " runs past the end of a " + length + "-code-point document");
        }
    }

    /** Code points [from, to). */
    static void slice(int from, int to, int length) {
        if (from < 0) {
            throw new IndexOutOfBoundsException("range start " + from + " is negative");
        }
        if (to > length) {
            throw new IndexOutOfBoundsException(
                    "range end " + to + " is past the end of a " + length + "-code-point document");
        }
        if (from > to) {
            throw new IndexOutOfBoundsException("range start " + from + " is after its end " + to);
        }
    }

    /** An index into the document's UTF-16 text: 0..utf16Length. */
    static void utf16Index(int index, int utf16Length) {
        if (index < 0) {
            throw new IndexOutOfBoundsException("UTF-16 index " + index + " is negative");
        }
        if (index > utf16Length) {
            throw new IndexOutOfBoundsException(
                    "UTF-16 index " + index + " is past the end of a " + utf16Length + "-unit document");
        }
    }

    /** A document, like a Java string, holds at most Integer.MAX_VALUE UTF-16 units. */
    static void capacity(int utf16Length, int added) {
        if (added > Integer.MAX_VALUE - utf16Length) {
            throw new IllegalArgumentException("adding " + added + " UTF-16 units to a document of " + utf16Length
                    + " would exceed the maximum of " + Integer.MAX_VALUE);
        }
    }
}
