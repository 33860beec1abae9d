package dev.weft.ot;

/** Receives the leaves of a range of a {@link Rope}, in order; see {@link RopeNode#visit}. */
@FunctionalInterface
interface RopeVisitor {
    /**
     * Visits UTF-16 range [from, to) of {@code leaf}.
     *
     * @return false to stop the walk
     */
    boolean visit(String leaf, int from, int to);
}
