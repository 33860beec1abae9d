package dev.weft.ot;

import java.util.ArrayList;
import java.util.List;

/** Checks every structural promise of a {@link Rope}'s tree; throws AssertionError naming the break. */
final class RopeInvariants {
    private RopeInvariants() {}

    static void check(Rope rope) {
        RopeNode root = rope.tree();
        fail(root.height < 1, "root height " + root.height);
        fail(root.height > 1 && root.kids.length < 2, "root of height " + root.height + " has one kid");
        List<String> leaves = new ArrayList<>();
        long size = check(root, true, leaves);
        fail(RopeLeaves.codePoints(size) != rope.length(), "length " + rope.length() + " but tree holds " + size);
        fail(RopeLeaves.utf16(size) != rope.utf16Length(), "utf16Length " + rope.utf16Length());
        boolean alone = root.isSingleLeaf();
        for (int i = 0; i < leaves.size(); i++) {
            String leaf = leaves.get(i);
            fail(leaf.isEmpty(), "empty leaf " + i);
            fail(leaf.length() > RopeLeaves.MAX, "leaf " + i + " has " + leaf.length() + " units");
            fail(!alone && leaf.length() < RopeLeaves.MIN, "leaf " + i + " has only " + leaf.length() + " units");
            if (i > 0) {
                String before = leaves.get(i - 1);
                fail(Character.isHighSurrogate(before.charAt(before.length() - 1))
                        && Character.isLowSurrogate(leaf.charAt(0)), "leaf " + i + " starts inside a surrogate pair");
            }
        }
    }

    private static long check(RopeNode node, boolean isRoot, List<String> leaves) {
        fail(node.kids.length != node.ends.length, "kids and ends differ in length");
        fail(node.kids.length > RopeNode.MAX_KIDS, "node with " + node.kids.length + " kids");
        fail(!isRoot && node.kids.length < RopeNode.MIN_KIDS, "inner node with only " + node.kids.length + " kids");
        long total = 0;
        for (int k = 0; k < node.kids.length; k++) {
            Object kid = node.kids[k];
            long size;
            if (node.height == 1) {
                fail(!(kid instanceof String), "height-1 node holds a " + kid.getClass());
                leaves.add((String) kid);
                size = RopeLeaves.sizeOf((String) kid);
            } else {
                fail(!(kid instanceof RopeNode child) || child.height != node.height - 1, "uneven heights");
                size = check((RopeNode) kid, false, leaves);
            }
            total += size;
            fail(node.ends[k] != total, "ends[" + k + "] is " + node.ends[k] + ", kids sum to " + total);
        }
        return total;
    }

    private static void fail(boolean broken, String what) {
        if (broken) {
            throw new AssertionError("rope invariant broken: " + what);
        }
    }
}
