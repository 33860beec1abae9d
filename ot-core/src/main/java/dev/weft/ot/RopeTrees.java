package dev.weft.ot;

import static dev.weft.ot.RopeLeaves.utf16;

/**
 * Whole-tree surgery for the edits that {@link Rope} cannot do on one leaf: concatenation, prefix,
 * suffix and splice, each O(log^2 n) at worst. Trees are passed as {@code Object}: a leaf
 * {@code String} (height 0, {@code ""} when empty) or a {@link RopeNode}. Every node below a tree's
 * root is within its size bounds; the root may be underfull.
 *
 * <p>{@link #concat} follows xi-rope's {@code Node::concat}: descend the taller tree's edge to the
 * shorter one's height, merge there, and split on the way up, so all leaves stay at one depth.
 */
final class RopeTrees {
    private RopeTrees() {}

    /** The tree form of a rope's root: "", its single leaf, or the root itself. */
    static Object tree(RopeNode root) {
        if (root.kids.length == 0) {
            return "";
        }
        return root.isSingleLeaf() ? root.kids[0] : root;
    }

    /** The rope root for a tree, with single-kid nodes on top removed. */
    static RopeNode root(Object tree) {
        if (tree instanceof String leaf) {
            return RopeNode.ofLeaf(leaf);
        }
        RopeNode node = (RopeNode) tree;
        while (node.height > 1 && node.kids.length == 1) {
            node = (RopeNode) node.kids[0];
        }
        return node;
    }

    static boolean underfull(Object tree) {
        return tree instanceof String leaf
                ? leaf.length() < RopeLeaves.MIN
                : ((RopeNode) tree).kids.length < RopeNode.MIN_KIDS;
    }

    /** A tree holding {@code text}, leaves of about {@link RopeLeaves#TARGET} units. */
    static Object build(String text) {
        return new RopeKids(1).addLeaves(RopeLeaves.chunk(text)).toTree(0);
    }

    /** {@code root} with UTF-16 range [from, to) replaced by {@code text}. */
    static RopeNode splice(RopeNode root, int from, int to, String text) {
        Object tree = tree(root);
        return root(join(join(prefix(tree, from), build(text)), suffix(tree, to)));
    }

    /**
     * Concatenates two trees whose seam is new. If a lone high surrogate at the end of {@code a}
     * meets a lone low one at the start of {@code b}, they become one pair, so the two seam
     * leaves are rebuilt as one piece: a leaf boundary must never fall inside a pair.
     */
    static Object join(Object a, Object b) {
        if (isEmpty(a) || isEmpty(b)) {
            return isEmpty(a) ? b : a;
        }
        String last = lastLeaf(a);
        String first = firstLeaf(b);
        if (!Character.isHighSurrogate(last.charAt(last.length() - 1))
                || !Character.isLowSurrogate(first.charAt(0))) {
            return concat(a, b);
        }
        Object left = prefix(a, utf16(size(a)) - last.length());
        Object right = suffix(b, first.length());
        return concat(concat(left, build(last.concat(first))), right);
    }

    /** Concatenates two trees whose seam already existed, so no pair can form across it. */
    static Object concat(Object a, Object b) {
        if (isEmpty(a) || isEmpty(b)) {
            return isEmpty(a) ? b : a;
        }
        int ha = height(a);
        int hb = height(b);
        if (ha < hb) {
            RopeNode nb = (RopeNode) b;
            if (ha == hb - 1 && !underfull(a)) {
                return fuse(new RopeKids(nb.kids.length + 1).add(a).addKids(nb, 0, nb.kids.length), hb);
            }
            Object c = concat(a, nb.kids[0]);
            return fuse(kidsAt(c, hb - 1, nb.kids.length + 1).addKids(nb, 1, nb.kids.length), hb);
        }
        if (ha > hb) {
            RopeNode na = (RopeNode) a;
            int last = na.kids.length - 1;
            if (hb == ha - 1 && !underfull(b)) {
                return fuse(new RopeKids(last + 2).addKids(na, 0, last + 1).add(b), ha);
            }
            Object c = concat(na.kids[last], b);
            return fuse(new RopeKids(last + 2).addKids(na, 0, last).addAll(kidsAt(c, ha - 1, 2)), ha);
        }
        if (!underfull(a) && !underfull(b)) {
            return new RopeKids(2).add(a).add(b).node(ha + 1);
        }
        if (ha == 0) {
            return build(((String) a).concat((String) b));
        }
        RopeNode na = (RopeNode) a;
        RopeNode nb = (RopeNode) b;
        return fuse(new RopeKids(na.kids.length + nb.kids.length)
                .addKids(na, 0, na.kids.length).addKids(nb, 0, nb.kids.length), ha);
    }

    /** The first {@code to} UTF-16 units of {@code tree}; {@code to} is a code-point boundary. */
    static Object prefix(Object tree, int to) {
        if (to == 0) {
            return "";
        }
        if (tree instanceof String leaf) {
            return to == leaf.length() ? leaf : leaf.substring(0, to);
        }
        RopeNode node = (RopeNode) tree;
        if (to == utf16(node.size())) {
            return node;
        }
        int k = node.kidEndingAtOrAfterUtf16(to);
        Object right = prefix(node.kids[k], to - utf16(node.start(k)));
        return k == 0 ? right : concat(range(node, 0, k), right);
    }

    /** {@code tree} without its first {@code from} UTF-16 units; a code-point boundary. */
    static Object suffix(Object tree, int from) {
        if (from == 0) {
            return tree;
        }
        if (tree instanceof String leaf) {
            return leaf.substring(from);
        }
        RopeNode node = (RopeNode) tree;
        if (from == utf16(node.size())) {
            return "";
        }
        int k = node.kidEndingAtOrAfterUtf16(from + 1);
        Object left = suffix(node.kids[k], from - utf16(node.start(k)));
        int n = node.kids.length;
        return k == n - 1 ? left : concat(left, range(node, k + 1, n));
    }

    /** Kids [from, to) of {@code node} as one tree: the kid itself when there is only one. */
    private static Object range(RopeNode node, int from, int to) {
        return to - from == 1 ? node.kids[from] : new RopeKids(to - from).addKids(node, from, to).node(node.height);
    }

    /** {@code tree} as kids of {@code height}: itself if it has that height, else its kids. */
    private static RopeKids kidsAt(Object tree, int height, int capacity) {
        RopeKids kids = new RopeKids(capacity);
        if (height(tree) == height) {
            return kids.add(tree);
        }
        RopeNode node = (RopeNode) tree;
        return kids.addKids(node, 0, node.kids.length);
    }

    /** One node of {@code height} over {@code kids}, or a parent over two if they overflow. */
    private static RopeNode fuse(RopeKids kids, int height) {
        return kids.count() <= RopeNode.MAX_KIDS ? kids.node(height) : kids.group(height).node(height + 1);
    }

    private static boolean isEmpty(Object tree) {
        return tree instanceof String leaf && leaf.isEmpty();
    }

    static int height(Object tree) {
        return tree instanceof RopeNode node ? node.height : 0;
    }

    private static long size(Object tree) {
        return tree instanceof String leaf ? RopeLeaves.sizeOf(leaf) : ((RopeNode) tree).size();
    }

    private static String lastLeaf(Object tree) {
        while (tree instanceof RopeNode node) {
            tree = node.kids[node.kids.length - 1];
        }
        return (String) tree;
    }

    private static String firstLeaf(Object tree) {
        while (tree instanceof RopeNode node) {
            tree = node.kids[0];
        }
        return (String) tree;
    }
}
