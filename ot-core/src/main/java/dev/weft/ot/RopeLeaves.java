package dev.weft.ot;

/**
 * The leaves of a {@link Rope}: plain {@code String}s of {@link #MIN}..{@link #MAX} UTF-16 units
 * (only a document's single leaf may be shorter). Java's compact strings keep Latin-1 text at one
 * byte a char, so no per-character objects are needed.
 *
 * <p>Sizes travel packed into one {@code long}, code points in the high half and UTF-16 units in
 * the low half, so one add or subtract updates both counts (both are below 2^31, so the halves
 * never borrow from each other).
 */
final class RopeLeaves {
    /**
     * Largest leaf, in UTF-16 units. Typing costs the same at any leaf size (see RopeFocus), but
     * an edit at a new place copies one leaf, and a full leaf splits: measured from 256 to 2048,
     * smaller leaves made random edits cheaper and larger ones made the automerge-paper trace
     * cheaper (fewer splits and moves); 512 is the balance.
     */
    static final int MAX = 512;
    /** Smallest leaf except a document's only one; a quarter of MAX so deletes seldom merge. */
    static final int MIN = MAX / 4;
    /** Target leaf size when text is cut into leaves: room to type before the first split. */
    static final int TARGET = MAX * 3 / 4;

    private static final int[] POWERS_OF_31 = powersOf31(MAX);

    private RopeLeaves() {}

    static long size(int codePoints, int utf16Units) {
        return ((long) codePoints << 32) | utf16Units;
    }

    static int codePoints(long size) {
        return (int) (size >>> 32);
    }

    static int utf16(long size) {
        return (int) size;
    }

    /** Packed size of {@code text}; O(1) for Latin-1 text, whose strings know they hold no pair. */
    static long sizeOf(String text) {
        return size(text.codePointCount(0, text.length()), text.length());
    }

    /** UTF-16 offset of code point {@code codePoint}; the identity when the leaf holds no pair. */
    static int offset(String leaf, int leafCodePoints, int codePoint) {
        return leafCodePoints == leaf.length() ? codePoint : leaf.offsetByCodePoints(0, codePoint);
    }

    /** True if a cut at UTF-16 index {@code at} would separate the halves of a surrogate pair. */
    static boolean splitsPair(String text, int at) {
        return at > 0 && at < text.length()
                && Character.isHighSurrogate(text.charAt(at - 1))
                && Character.isLowSurrogate(text.charAt(at));
    }

    /**
     * True if the leaf starts with a low or ends with a high surrogate: such a leaf could pair up
     * with its neighbour, so it may only be placed by code that looks at the neighbour.
     */
    static boolean raggedEdge(String leaf) {
        int n = leaf.length();
        return n > 0 && (Character.isLowSurrogate(leaf.charAt(0)) || Character.isHighSurrogate(leaf.charAt(n - 1)));
    }

    /**
     * {@code leaf} with UTF-16 range [from, to) replaced by {@code text}, built with one
     * exactly-sized buffer: no intermediate substrings.
     */
    static String splice(String leaf, int from, int to, String text) {
        int n = leaf.length();
        if (text.isEmpty()) {
            if (from == 0) {
                return leaf.substring(to);
            }
            if (to == n) {
                return leaf.substring(0, from);
            }
        } else if (from == to) {
            if (from == n) {
                return leaf.concat(text);
            }
            if (from == 0) {
                return text.concat(leaf);
            }
        }
        return new StringBuilder(n - (to - from) + text.length())
                .append(leaf, 0, from).append(text).append(leaf, to, n).toString();
    }

    /**
     * Cuts {@code text} into leaves of about {@link #TARGET} units, never more than {@link #MAX}
     * and, when there are several, never fewer than {@link #MIN}; no cut separates a pair.
     */
    static String[] chunk(String text) {
        int n = text.length();
        if (n == 0) {
            return new String[0];
        }
        if (n <= MAX) {
            return new String[] {text};
        }
        int count = (n + TARGET - 1) / TARGET;
        String[] pieces = new String[count];
        int start = 0;
        for (int i = 1; i <= count; i++) {
            int end = (int) ((long) n * i / count);
            if (splitsPair(text, end)) {
                end--;
            }
            pieces[i - 1] = text.substring(start, end);
            start = end;
        }
        return pieces;
    }

    /** 31^n as int arithmetic wraps it, so that hashes of pieces combine like String.hashCode. */
    static int powerOf31(int n) {
        if (n < POWERS_OF_31.length) {
            return POWERS_OF_31[n];
        }
        int result = 1;
        int base = 31;
        for (int e = n; e > 0; e >>= 1) {
            if ((e & 1) != 0) {
                result *= base;
            }
            base *= base;
        }
        return result;
    }

    private static int[] powersOf31(int max) {
        int[] powers = new int[max + 1];
        powers[0] = 1;
        for (int i = 1; i <= max; i++) {
            powers[i] = powers[i - 1] * 31;
        }
        return powers;
    }
}
