package dev.weft.ot;

import static dev.weft.ot.RopeLeaves.codePoints;
import static dev.weft.ot.RopeLeaves.utf16;

import java.util.function.Consumer;

/**
 * An immutable inner node of a {@link Rope}'s B-tree. All leaves lie at one depth; a node of
 * {@code height} 1 holds leaf strings, a higher one holds nodes of {@code height - 1}. Every node
 * but the root has {@link #MIN_KIDS}..{@link #MAX_KIDS} kids.
 *
 * <p>{@code ends[k]} is the packed size (see {@link RopeLeaves#size}) of kids 0..k together, so
 * one array answers both code-point and UTF-16 questions. The arrays are exactly sized: a path
 * copy clones them and nothing else.
 */
final class RopeNode {
    /**
     * Most kids of a node. An edit copies one node per level and a descent reads about half of a
     * node's ends, so 16 reads as many cache lines per descent as 32 but copies fewer bytes per
     * edit (measured: 2.1 against 2.4 KiB per random edit of a 64 MiB document).
     */
    static final int MAX_KIDS = 16;
    /** Fewest kids of a node other than the root; half of MAX_KIDS, so two minimal nodes make one. */
    static final int MIN_KIDS = MAX_KIDS / 2;
    static final RopeNode EMPTY = new RopeNode(new Object[0], new long[0], 1);

    final Object[] kids;
    final long[] ends;
    final int height;

    RopeNode(Object[] kids, long[] ends, int height) {
        this.kids = kids;
        this.ends = ends;
        this.height = height;
    }

    static RopeNode ofLeaf(String leaf) {
        return leaf.isEmpty() ? EMPTY : new RopeNode(new Object[] {leaf}, new long[] {RopeLeaves.sizeOf(leaf)}, 1);
    }

    long size() {
        return ends.length == 0 ? 0 : ends[ends.length - 1];
    }

    long start(int kid) {
        return kid == 0 ? 0 : ends[kid - 1];
    }

    long kidSize(int kid) {
        return ends[kid] - start(kid);
    }

    /** True for a document held in one leaf, which alone may be shorter than the minimum. */
    boolean isSingleLeaf() {
        return height == 1 && kids.length == 1;
    }

    /** The first kid whose end lies at or after code point {@code target}. */
    int kidEndingAtOrAfter(int target) {
        long key = (long) target << 32;
        long[] e = ends;
        int k = 0;
        while (e[k] < key) {
            k++;
        }
        return k;
    }

    /** The first kid whose end lies at or after UTF-16 index {@code target}. */
    int kidEndingAtOrAfterUtf16(int target) {
        long[] e = ends;
        int k = 0;
        while (utf16(e[k]) < target) {
            k++;
        }
        return k;
    }

    /**
     * A copy of this subtree with the leaf that starts at UTF-16 offset {@code at} replaced by
     * {@code leaf}, whose size differs from the old one's by the packed {@code delta}. Only the
     * path to the leaf is copied; the caller keeps the leaf within its size bounds.
     */
    RopeNode withLeaf(int at, String leaf, long delta) {
        int k = kidEndingAtOrAfterUtf16(at + 1);
        Object[] newKids = kids.clone();
        long[] newEnds = ends.clone();
        newKids[k] = height == 1 ? leaf : ((RopeNode) kids[k]).withLeaf(at - utf16(start(k)), leaf, delta);
        for (int i = k; i < newEnds.length; i++) {
            newEnds[i] += delta;
        }
        return new RopeNode(newKids, newEnds, height);
    }

    /** UTF-16 index of code point {@code codePoint}, 0 <= codePoint <= code-point length. */
    int utf16Index(int codePoint) {
        RopeNode node = this;
        int offset = 0;
        int rest = codePoint;
        while (true) {
            long size = node.size();
            if (codePoints(size) == utf16(size)) {
                return offset + rest; // no surrogate pair below: indices coincide
            }
            if (rest == codePoints(size)) {
                return offset + utf16(size);
            }
            int k = node.kidEndingAtOrAfter(rest + 1);
            long start = node.start(k);
            rest -= codePoints(start);
            offset += utf16(start);
            if (node.height == 1) {
                return offset + RopeLeaves.offset((String) node.kids[k], codePoints(node.kidSize(k)), rest);
            }
            node = (RopeNode) node.kids[k];
        }
    }

    /** Code points before UTF-16 index {@code index}, as String.codePointCount(0, index) counts. */
    int codePointIndex(int index) {
        RopeNode node = this;
        int count = 0;
        int rest = index;
        while (true) {
            long size = node.size();
            if (codePoints(size) == utf16(size)) {
                return count + rest;
            }
            if (rest == utf16(size)) {
                return count + codePoints(size);
            }
            int k = node.kidEndingAtOrAfterUtf16(rest + 1);
            long start = node.start(k);
            rest -= utf16(start);
            count += codePoints(start);
            if (node.height == 1) {
                return count + ((String) node.kids[k]).codePointCount(0, rest);
            }
            node = (RopeNode) node.kids[k];
        }
    }

    /** The code point that starts at code point {@code codePoint}, which must be in range. */
    int codePointAt(int codePoint) {
        RopeNode node = this;
        int rest = codePoint;
        while (true) {
            int k = node.kidEndingAtOrAfter(rest + 1);
            rest -= codePoints(node.start(k));
            if (node.height == 1) {
                String leaf = (String) node.kids[k];
                return leaf.codePointAt(RopeLeaves.offset(leaf, codePoints(node.kidSize(k)), rest));
            }
            node = (RopeNode) node.kids[k];
        }
    }

    /**
     * Calls {@code visitor} for each leaf overlapping UTF-16 range [from, to), in order, with the
     * overlapping part; stops and returns false as soon as the visitor does.
     */
    boolean visit(int from, int to, RopeVisitor visitor) {
        if (from >= to) {
            return true;
        }
        int k = kidEndingAtOrAfterUtf16(from + 1);
        for (; k < kids.length; k++) {
            int start = utf16(start(k));
            if (start >= to) {
                break;
            }
            int end = utf16(ends[k]);
            int a = Math.max(from, start) - start;
            int b = Math.min(to, end) - start;
            boolean more = height == 1
                    ? visitor.visit((String) kids[k], a, b)
                    : ((RopeNode) kids[k]).visit(a, b, visitor);
            if (!more) {
                return false;
            }
        }
        return true;
    }

    /** Hands every leaf to {@code action}, in order. */
    void forEachLeaf(Consumer<String> action) {
        for (Object kid : kids) {
            if (height == 1) {
                action.accept((String) kid);
            } else {
                ((RopeNode) kid).forEachLeaf(action);
            }
        }
    }

    /**
     * Heap bytes of this subtree, assuming compressed references: 12-byte object headers, 16-byte
     * array headers, 8-byte alignment. Leaves count at 1 byte a char if Latin-1, else 2.
     */
    long estimatedBytes() {
        long bytes = align(12 + 4 + 4 + 4) + align(16 + 4L * kids.length) + align(16 + 8L * ends.length);
        for (Object kid : kids) {
            if (kid instanceof String leaf) {
                boolean latin1 = leaf.chars().allMatch(c -> c < 256);
                bytes += align(12 + 4 + 4 + 1 + 1 + 1) + align(16 + (long) leaf.length() * (latin1 ? 1 : 2));
            } else {
                bytes += ((RopeNode) kid).estimatedBytes();
            }
        }
        return bytes;
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
