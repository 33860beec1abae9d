package dev.weft.ot;

import static dev.weft.ot.RopeNode.MAX_KIDS;

import java.util.Arrays;

/**
 * A growable list of sibling subtrees with their packed sizes, used while nodes are rebuilt.
 * Mutable and never shared: it lives for one edit, and the nodes it makes are immutable.
 */
final class RopeKids {
    private Object[] kids;
    private long[] sizes;
    private int count;

    RopeKids(int capacity) {
        kids = new Object[Math.max(capacity, 2)];
        sizes = new long[kids.length];
    }

    int count() {
        return count;
    }

    Object kid(int i) {
        return kids[i];
    }

    long size(int i) {
        return sizes[i];
    }

    RopeKids add(Object kid, long size) {
        if (count == kids.length) {
            kids = Arrays.copyOf(kids, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
        }
        kids[count] = kid;
        sizes[count++] = size;
        return this;
    }

    /** Adds a leaf or node, working out its size. */
    RopeKids add(Object tree) {
        return add(tree, tree instanceof String s ? RopeLeaves.sizeOf(s) : ((RopeNode) tree).size());
    }

    /** Adds kids [from, to) of {@code node}, sizes taken from its ends. */
    RopeKids addKids(RopeNode node, int from, int to) {
        for (int k = from; k < to; k++) {
            add(node.kids[k], node.kidSize(k));
        }
        return this;
    }

    /** Adds each leaf, working out its size. */
    RopeKids addLeaves(String[] leaves) {
        for (String leaf : leaves) {
            add(leaf, RopeLeaves.sizeOf(leaf));
        }
        return this;
    }

    RopeKids addAll(RopeKids other) {
        for (int i = 0; i < other.count; i++) {
            add(other.kids[i], other.sizes[i]);
        }
        return this;
    }

    /** A node of {@code height} over kids [from, to). */
    RopeNode node(int height, int from, int to) {
        Object[] nodeKids = new Object[to - from];
        long[] ends = new long[to - from];
        long end = 0;
        for (int k = from; k < to; k++) {
            nodeKids[k - from] = kids[k];
            end += sizes[k];
            ends[k - from] = end;
        }
        return new RopeNode(nodeKids, ends, height);
    }

    /** A node of {@code height} over all kids. */
    RopeNode node(int height) {
        return node(height, 0, count);
    }

    /**
     * Spreads all kids evenly over as few nodes of {@code height} as hold them: each gets at most
     * {@link RopeNode#MAX_KIDS} and, when there are several, at least MAX_KIDS / 2.
     */
    RopeKids group(int height) {
        int groups = (count + MAX_KIDS - 1) / MAX_KIDS;
        RopeKids nodes = new RopeKids(groups);
        int from = 0;
        for (int g = 1; g <= groups; g++) {
            int to = (int) ((long) count * g / groups);
            RopeNode node = node(height, from, to);
            nodes.add(node, node.size());
            from = to;
        }
        return nodes;
    }

    /** Groups level by level until one tree remains: a leaf, a node, or "" when empty. */
    Object toTree(int kidHeight) {
        if (count == 0) {
            return "";
        }
        RopeKids level = this;
        int height = kidHeight;
        while (level.count > 1) {
            level = level.group(++height);
        }
        return level.kids[0];
    }
}
