package dev.weft.ot;

import static dev.weft.ot.RopeLeaves.codePoints;
import static dev.weft.ot.RopeLeaves.utf16;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The text of a document: an immutable, persistent sequence of characters indexed by Unicode
 * code point. Every edit returns a new rope and leaves this one unchanged; the two share all but
 * O(log n) of their structure, so an edit never copies the document. Instances are safe to share
 * between threads.
 *
 * <p>Positions and lengths count code points, as {@link String#codePointCount} does: a surrogate
 * pair is one code point, and an unpaired surrogate is accepted as-is and counts as one. Text is
 * never split inside a pair, but an edit may join a lone high and a lone low surrogate into one,
 * exactly as the same edit on a {@code String} would. {@link #utf16Index} and
 * {@link #codePointIndex} convert to and from indices into {@link #toString()}.
 *
 * <p>Out-of-range positions throw {@link IndexOutOfBoundsException} naming the position and the
 * length; a null text throws {@link NullPointerException}.
 *
 * <p>Implementation: a B-tree of string leaves of at most 512 UTF-16 units
 * under nodes of at most 16 kids, all leaves at one depth (package-private {@code RopeNode}). Each node knows its kids' lengths in code points and in UTF-16 units, so
 * finding a position costs O(log n), and a subtree without surrogate pairs converts indices for
 * free. Typing edits one leaf many times in a row, so a rope keeps the leaf it last edited, its
 * <em>focus</em> ({@code RopeFocus}), outside the tree: the next edit in that leaf touches only
 * the leaf (typing, backspace and delete at its cursor cost O(1)), and the path above it is copied
 * once, when an edit elsewhere or a read across leaves needs the whole tree.
 */
public final class Rope {
    private static final Rope EMPTY = new Rope(RopeNode.EMPTY);

    /** The tree; when {@link #focus} is set, its leaf at {@link #focusStart} is out of date. */
    private final RopeNode base;
    /** The current text of the focused leaf, or null when {@link #base} is current. */
    private final RopeFocus focus;
    /** Packed code-point and UTF-16 offset of the focused leaf (see {@code RopeLeaves.size}). */
    private final long focusStart;
    /** Packed size of the out-of-date leaf in {@link #base}. */
    private final long staleSize;
    private final int length;
    private final int utf16Length;
    /** The tree with the focus written back; racy but safe, like String.hash: nodes are immutable. */
    private RopeNode committed;
    private int hash;
    private boolean hashIsZero;

    private Rope(RopeNode root) {
        this(root, null, 0, 0, codePoints(root.size()), utf16(root.size()));
        committed = root;
    }

    private Rope(RopeNode base, RopeFocus focus, long focusStart, long staleSize, int length, int utf16Length) {
        this.base = base;
        this.focus = focus;
        this.focusStart = focusStart;
        this.staleSize = staleSize;
        this.length = length;
        this.utf16Length = utf16Length;
    }

    /** The empty document. */
    public static Rope empty() {
        return EMPTY;
    }

    /** A rope holding {@code text}; O(n). */
    public static Rope of(String text) {
        Objects.requireNonNull(text, "text must not be null");
        return text.isEmpty() ? EMPTY : new Rope(RopeTrees.root(RopeTrees.build(text)));
    }

    /** The length in code points. */
    public int length() {
        return length;
    }

    /** The length in UTF-16 units: {@code toString().length()}. */
    public int utf16Length() {
        return utf16Length;
    }

    /** Inserts {@code text} before code point {@code position} (0..length); O(log n). */
    public Rope insert(int position, String text) {
        Objects.requireNonNull(text, "text must not be null");
        RopeChecks.position(position, length);
        return edit(position, 0, text);
    }

    /** Deletes {@code length} code points starting at code point {@code position}; O(log n). */
    public Rope delete(int position, int length) {
        RopeChecks.range("delete", position, length, this.length);
        return edit(position, length, "");
    }

    /** Replaces {@code deleteLength} code points at {@code position} with {@code text}; O(log n). */
    public Rope replace(int position, int deleteLength, String text) {
        Objects.requireNonNull(text, "text must not be null");
        RopeChecks.range("replace", position, deleteLength, length);
        return edit(position, deleteLength, text);
    }

    /** Appends {@code text} at the end. */
    public Rope append(String text) {
        return insert(length, text);
    }

    /** This text followed by {@code other}'s; O(log n), both ropes share structure with the result. */
    public Rope concat(Rope other) {
        Objects.requireNonNull(other, "other must not be null");
        if (other.utf16Length == 0 || utf16Length == 0) {
            return utf16Length == 0 ? other : this;
        }
        RopeChecks.capacity(utf16Length, other.utf16Length);
        Object joined = RopeTrees.join(RopeTrees.tree(tree()), RopeTrees.tree(other.tree()));
        return new Rope(RopeTrees.root(joined));
    }

    /** Code points [from, to) as a rope sharing structure with this one; O(log n). */
    public Rope subRope(int from, int to) {
        RopeChecks.slice(from, to, length);
        if (from == 0 && to == length) {
            return this;
        }
        RopeNode root = tree();
        Object prefix = RopeTrees.prefix(RopeTrees.tree(root), root.utf16Index(to));
        return new Rope(RopeTrees.root(RopeTrees.suffix(prefix, root.utf16Index(from))));
    }

    /** Code points [from, to) as a string; O(log n + to - from). */
    public String slice(int from, int to) {
        RopeChecks.slice(from, to, length);
        if (from == to) {
            return "";
        }
        int rel = from - codePoints(focusStart);
        if (focus != null && rel >= 0 && to - codePoints(focusStart) <= focus.codePoints) {
            int start = focus.offset(rel);
            return focus.text().substring(start, focus.end(start, to - from));
        }
        RopeNode root = tree();
        int start = root.utf16Index(from);
        int end = root.utf16Index(to);
        StringBuilder out = new StringBuilder(end - start);
        root.visit(start, end, (leaf, a, b) -> {
            out.append(leaf, a, b);
            return true;
        });
        return out.toString();
    }

    /**
     * True if the text from code point {@code position} on starts with {@code text}, compared by
     * UTF-16 unit as {@code toString().startsWith(text, utf16Index(position))} does; false, not an
     * exception, if {@code text} would run past the end.
     */
    public boolean regionMatches(int position, String text) {
        Objects.requireNonNull(text, "text must not be null");
        RopeChecks.position(position, length);
        int rel = position - codePoints(focusStart);
        if (focus != null && rel >= 0 && rel <= focus.codePoints) {
            int start = focus.offset(rel);
            if (start + text.length() <= focus.length()) {
                return focus.regionMatches(start, text);
            }
        }
        RopeNode root = tree();
        int start = root.utf16Index(position);
        return text.length() <= utf16Length - start && matches(root, start, text, 0, text.length());
    }

    /** The code point at code point {@code position} (0..length - 1); O(log n). */
    public int codePointAt(int position) {
        RopeChecks.element(position, length);
        int rel = position - codePoints(focusStart);
        if (focus == null || rel >= focus.codePoints) {
            return tree().codePointAt(position);
        }
        // The tree is current before the focused leaf.
        return rel < 0 ? base.codePointAt(position) : focus.codePointAt(focus.offset(rel));
    }

    /** The index in {@link #toString()} of code point {@code position} (0..length); O(log n). */
    public int utf16Index(int position) {
        RopeChecks.position(position, length);
        int rel = position - codePoints(focusStart);
        if (focus == null || rel > focus.codePoints) {
            return tree().utf16Index(position);
        }
        return rel < 0 ? base.utf16Index(position) : utf16(focusStart) + focus.offset(rel);
    }

    /**
     * The number of code points before index {@code utf16Index} (0..utf16Length) of
     * {@link #toString()}, as {@code toString().codePointCount(0, utf16Index)} counts them: an
     * index inside a surrogate pair counts the pair's high half as one code point. O(log n).
     */
    public int codePointIndex(int utf16Index) {
        RopeChecks.utf16Index(utf16Index, utf16Length);
        int rel = utf16Index - utf16(focusStart);
        if (focus == null || rel > focus.length()) {
            return tree().codePointIndex(utf16Index);
        }
        return rel < 0 ? base.codePointIndex(utf16Index) : codePoints(focusStart) + focus.text().codePointCount(0, rel);
    }

    /**
     * Hands the text to {@code action} in pieces, in order, so that a caller can write the document
     * out without building one large string. The pieces are the rope's leaves: non-empty, at most
     * a few hundred chars, never split inside a surrogate pair.
     */
    public void forEachChunk(Consumer<String> action) {
        Objects.requireNonNull(action, "action must not be null");
        tree().forEachLeaf(action);
    }

    /** The whole text, built with one exactly-sized buffer; O(n). */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(utf16Length);
        tree().forEachLeaf(out::append);
        return out.toString();
    }

    /** True if {@code o} is a rope with the same text, however either is laid out. */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof Rope other) || other.utf16Length != utf16Length || other.length != length
                || other.hashCode() != hashCode()) {
            return false;
        }
        RopeNode theirs = other.tree();
        int[] offset = {0};
        return tree().visit(0, utf16Length, (leaf, a, b) -> {
            boolean same = matches(theirs, offset[0], leaf, a, b);
            offset[0] += b - a;
            return same;
        });
    }

    /** Equal to {@code toString().hashCode()}, computed from the leaves' cached string hashes. */
    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0 && !hashIsZero) {
            int[] sum = {0};
            tree().forEachLeaf(leaf -> sum[0] = sum[0] * RopeLeaves.powerOf31(leaf.length()) + leaf.hashCode());
            h = sum[0];
            if (h == 0) {
                hashIsZero = true;
            } else {
                hash = h;
            }
        }
        return h;
    }

    /** Height of the tree: 1 for a document of one leaf, O(log n) always. */
    int depth() {
        return tree().height;
    }

    /** Estimated heap bytes of this rope and its tree (see {@code RopeNode.estimatedBytes}). */
    long estimatedBytes() {
        return 64 + tree().estimatedBytes();
    }

    /** The tree with the focus written back: built on first need, then kept. */
    RopeNode tree() {
        RopeNode root = committed;
        if (root == null) {
            root = focus.length() == 0
                    ? RopeNode.EMPTY // only a single-leaf document lets its leaf become empty
                    : base.withLeaf(utf16(focusStart), focus.text(),
                            RopeLeaves.size(focus.codePoints, focus.length()) - staleSize);
            committed = root;
        }
        return root;
    }

    private Rope edit(int position, int deleteLength, String text) {
        if (deleteLength == 0 && text.isEmpty()) {
            return this;
        }
        if (text.length() > Integer.MAX_VALUE - utf16Length) {
            RopeChecks.capacity(utf16Length - (utf16Index(position + deleteLength) - utf16Index(position)), text.length());
        }
        int rel = position - codePoints(focusStart);
        if (focus != null && rel >= 0 && rel + deleteLength <= focus.codePoints) {
            return editFocus(rel, deleteLength, text);
        }
        RopeNode root = tree();
        if (root.kids.length > 0) {
            // The leaf holding the deleted range; an insert at a leaf boundary goes left.
            Rope focused = focusOn(root, deleteLength == 0 ? position : position + 1);
            rel = position - codePoints(focused.focusStart);
            if (rel + deleteLength <= focused.focus.codePoints) {
                return focused.editFocus(rel, deleteLength, text);
            }
        }
        return splice(root, position, deleteLength, text);
    }

    /**
     * Edits the focused leaf: in place while it stays within its size bounds, else by splitting
     * or merging it in the tree, else (it would pair up with a neighbour, or grows huge) by
     * rebuilding the tree around the edit.
     */
    private Rope editFocus(int rel, int deleteLength, String text) {
        RopeFocus leaf = focus;
        int from = leaf.offset(rel);
        int to = leaf.end(from, deleteLength);
        int oldLength = leaf.length();
        int newLength = oldLength - (to - from) + text.length();
        boolean alone = base.isSingleLeaf();
        boolean ragged = !alone && leaf.raggedAfter(from, to, text);
        if (!ragged && newLength <= RopeLeaves.MAX && (alone || newLength >= RopeLeaves.MIN)) {
            int added = text.codePointCount(0, text.length()) - leaf.pairsFormed(from, to, text) - deleteLength;
            return new Rope(base, leaf.edit(from, to, text, added), focusStart, staleSize, length + added,
                    utf16Length + newLength - oldLength);
        }
        if (!ragged && newLength <= 2 * RopeLeaves.MAX) {
            // The base tree is current everywhere but in the leaf being replaced.
            String replaced = RopeLeaves.splice(leaf.text(), from, to, text);
            return new Rope(RopeRebalance.replaceLeaf(base, utf16(focusStart), replaced));
        }
        return splice(tree(), codePoints(focusStart) + rel, deleteLength, text);
    }

    /** This text, focused on the leaf where code point {@code target} ends; nothing is copied. */
    private Rope focusOn(RopeNode root, int target) {
        RopeNode node = root;
        long start = 0;
        while (true) {
            int k = node.kidEndingAtOrAfter(target - codePoints(start));
            start += node.start(k);
            if (node.height == 1) {
                long size = node.kidSize(k);
                RopeFocus leaf = RopeFocus.of((String) node.kids[k], codePoints(size));
                Rope focused = new Rope(root, leaf, start, size, length, utf16Length);
                focused.committed = root;
                return focused;
            }
            node = (RopeNode) node.kids[k];
        }
    }

    /** Rebuilds the tree around the edit: for edits across leaves, or that neighbours must see. */
    private static Rope splice(RopeNode root, int position, int deleteLength, String text) {
        int from = root.utf16Index(position);
        int to = deleteLength == 0 ? from : root.utf16Index(position + deleteLength);
        return new Rope(RopeTrees.splice(root, from, to, text));
    }

    /** True if UTF-16 range [from, to) of {@code text} occurs in {@code root} at index {@code at}. */
    private static boolean matches(RopeNode root, int at, String text, int from, int to) {
        int[] next = {from};
        return root.visit(at, at + to - from, (leaf, a, b) -> {
            boolean same = leaf.regionMatches(a, text, next[0], b - a);
            next[0] += b - a;
            return same;
        });
    }
}
