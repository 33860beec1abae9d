package dev.weft.ot;

/**
 * The text of the leaf a {@link Rope} is editing, held outside the tree so that typing is cheap.
 * The text before the cursor is a prefix of a {@link RopeBuffer} that later versions append to in
 * place; the text after it is a suffix of a string. So inserting at the cursor (typing), deleting
 * before it (backspace) and deleting after it cost O(1); other edits copy the leaf once and move
 * the cursor to the edit. Values never change: a version looks only at its own prefix.
 */
final class RopeFocus {
    private static final RopeBuffer NO_HEAD = new RopeBuffer(new char[0], 0);

    private final RopeBuffer head;
    private final int headLength;
    private final String tail;
    private final int tailStart;
    /** Code points in the whole leaf. */
    final int codePoints;
    /** True until the first edit: a leaf just taken from the tree. */
    private final boolean fresh;
    /** The leaf as one string; racy cache like String.hash, strings are immutable. */
    private String text;

    private RopeFocus(RopeBuffer head, int headLength, String tail, int tailStart, int codePoints) {
        this(head, headLength, tail, tailStart, codePoints, false);
    }

    private RopeFocus(RopeBuffer head, int headLength, String tail, int tailStart, int codePoints, boolean fresh) {
        this.head = head;
        this.headLength = headLength;
        this.tail = tail;
        this.tailStart = tailStart;
        this.codePoints = codePoints;
        this.fresh = fresh;
    }

    /** Focus on a leaf of the tree; nothing is copied until the first edit. */
    static RopeFocus of(String leaf, int codePoints) {
        RopeFocus focus = new RopeFocus(NO_HEAD, 0, leaf, 0, codePoints, true);
        focus.text = leaf;
        return focus;
    }

    /** Length in UTF-16 units. */
    int length() {
        return headLength + tail.length() - tailStart;
    }

    char charAt(int index) {
        return index < headLength ? head.chars[index] : tail.charAt(tailStart + index - headLength);
    }

    /** The leaf as a string, built once per version. */
    String text() {
        String t = text;
        if (t == null && headLength == 0) {
            t = tail.substring(tailStart);
            text = t;
        } else if (t == null) {
            int n = length();
            char[] all = new char[n];
            System.arraycopy(head.chars, 0, all, 0, headLength);
            tail.getChars(tailStart, tail.length(), all, headLength);
            t = new String(all);
            text = t;
        }
        return t;
    }

    /** True if the leaf has {@code text} at UTF-16 offset {@code at}, which leaves room for it. */
    boolean regionMatches(int at, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (charAt(at + i) != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The code point at UTF-16 offset {@code at}, as String.codePointAt reads it. */
    int codePointAt(int at) {
        char c = charAt(at);
        if (Character.isHighSurrogate(c) && at + 1 < length()) {
            char low = charAt(at + 1);
            if (Character.isLowSurrogate(low)) {
                return Character.toCodePoint(c, low);
            }
        }
        return c;
    }

    /** UTF-16 offset of code point {@code codePoint}; the identity when the leaf holds no pair. */
    int offset(int codePoint) {
        return codePoints == length() ? codePoint : text().offsetByCodePoints(0, codePoint);
    }

    /** UTF-16 offset {@code count} code points after offset {@code from}. */
    int end(int from, int count) {
        return count == 0 || codePoints == length() ? from + count : text().offsetByCodePoints(from, count);
    }

    /**
     * True if replacing [from, to) with {@code text} would leave the leaf starting with a low or
     * ending with a high surrogate: it might pair up with a neighbour leaf, so the tree must look.
     */
    boolean raggedAfter(int from, int to, String text) {
        int n = length();
        if (n - (to - from) + text.length() == 0) {
            return false;
        }
        char first = from > 0 ? charAt(0) : !text.isEmpty() ? text.charAt(0) : charAt(to);
        char last = to < n ? charAt(n - 1) : !text.isEmpty() ? text.charAt(text.length() - 1) : charAt(from - 1);
        return Character.isLowSurrogate(first) || Character.isHighSurrogate(last);
    }

    /**
     * The code points lost when [from, to) is replaced by {@code text} and new neighbours form
     * surrogate pairs: a lone high surrogate meeting a lone low one becomes one code point, as
     * String.codePointCount counts the result. (Cuts fall between code points, so none is split.)
     */
    int pairsFormed(int from, int to, String text) {
        int n = length();
        if (text.isEmpty()) {
            return from > 0 && to < n && Character.isHighSurrogate(charAt(from - 1))
                    && Character.isLowSurrogate(charAt(to)) ? 1 : 0;
        }
        int formed = 0;
        if (from > 0 && Character.isHighSurrogate(charAt(from - 1)) && Character.isLowSurrogate(text.charAt(0))) {
            formed++;
        }
        if (to < n && Character.isLowSurrogate(charAt(to)) && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
            formed++;
        }
        return formed;
    }

    /**
     * This leaf with UTF-16 range [from, to) replaced by {@code text}, which changes the count of
     * code points by {@code codePointDelta}. The caller keeps the result within the leaf bounds.
     */
    RopeFocus edit(int from, int to, String text, int codePointDelta) {
        int count = codePoints + codePointDelta;
        if (to == headLength) {
            if (text.isEmpty()) {
                return new RopeFocus(head, from, tail, tailStart, count); // backspace
            }
            if (from == to && head.append(to, text)) {
                return new RopeFocus(head, to + text.length(), tail, tailStart, count); // typing
            }
        } else if (from == headLength && text.isEmpty()) {
            return new RopeFocus(head, headLength, tail, tailStart + to - from, count); // delete forward
        }
        if (fresh) {
            // One edit may be all this leaf gets (random access), so splice the string; a second
            // one suggests typing, which the buffer makes cheap.
            return new RopeFocus(NO_HEAD, 0, RopeLeaves.splice(tail, from, to, text), 0, count);
        }
        return moveCursor(from, to, text, count);
    }

    /** Copies the text before the edit, then {@code text}, into a new buffer with room to type. */
    private RopeFocus moveCursor(int from, int to, String text, int count) {
        int n = length();
        String rest = to >= headLength ? tail : text();
        int restStart = to >= headLength ? tailStart + to - headLength : to;
        int newHead = from + text.length();
        // Room to type on: grows geometrically for long runs, but stays small for the usual short
        // ones, and never past what the leaf may hold.
        int room = RopeLeaves.MAX - (n - to);
        char[] chars = new char[Math.min(room, newHead + Math.max(64, newHead / 2))];
        if (from <= headLength) {
            System.arraycopy(head.chars, 0, chars, 0, from);
        } else {
            System.arraycopy(head.chars, 0, chars, 0, headLength);
            tail.getChars(tailStart, tailStart + from - headLength, chars, headLength);
        }
        text.getChars(0, text.length(), chars, from);
        return new RopeFocus(new RopeBuffer(chars, newHead), newHead, rest, restStart, count);
    }
}
