package dev.weft.ot;

import static dev.weft.ot.RopeLeaves.utf16;

/**
 * Replaces one leaf with text of any length, the classic B-tree way: a leaf that grows too long is
 * cut, one that shrinks too short merges with a sibling, and nodes split or merge in turn on the
 * way back up. Only the path to the leaf and at most one sibling per level are copied.
 */
final class RopeRebalance {
    private RopeRebalance() {}

    /**
     * The tree under {@code root} with the leaf starting at UTF-16 offset {@code at} replaced by
     * {@code text}. The caller makes sure {@code text} does not start with a low or end with a
     * high surrogate (see {@link RopeLeaves#raggedEdge}), since the neighbours are not consulted.
     */
    static RopeNode replaceLeaf(RopeNode root, int at, String text) {
        return RopeTrees.root(replace(root, at, text).toTree(root.height));
    }

    /** Nodes of {@code node}'s height that replace it: none, one (maybe underfull), or several. */
    private static RopeKids replace(RopeNode node, int at, String text) {
        int k = node.kidEndingAtOrAfterUtf16(at + 1);
        RopeKids below = node.height == 1
                ? new RopeKids(2).addLeaves(RopeLeaves.chunk(text))
                : replace((RopeNode) node.kids[k], at - utf16(node.start(k)), text);
        int from = k;
        int to = k + 1;
        if (below.count() == 1 && RopeTrees.underfull(below.kid(0)) && node.kids.length > 1) {
            // Merge with the left sibling if there is one, else the right one.
            int m = k > 0 ? k - 1 : k + 1;
            below = m < k
                    ? merge(node.kids[m], below.kid(0), node.height - 1)
                    : merge(below.kid(0), node.kids[m], node.height - 1);
            from = Math.min(k, m);
            to = Math.max(k, m) + 1;
        }
        RopeKids kids = new RopeKids(node.kids.length + below.count())
                .addKids(node, 0, from).addAll(below).addKids(node, to, node.kids.length);
        return kids.group(node.height);
    }

    /** Two adjacent siblings of {@code height} (0 for leaves) redistributed into one or two. */
    private static RopeKids merge(Object left, Object right, int height) {
        if (height == 0) {
            return new RopeKids(2).addLeaves(RopeLeaves.chunk(((String) left).concat((String) right)));
        }
        RopeNode l = (RopeNode) left;
        RopeNode r = (RopeNode) right;
        return new RopeKids(l.kids.length + r.kids.length)
                .addKids(l, 0, l.kids.length).addKids(r, 0, r.kids.length).group(height);
    }
}
