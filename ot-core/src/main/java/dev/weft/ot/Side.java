package dev.weft.ot;

/**
 * Which of two concurrent operations wins a tie: when both insert at the same position, the
 * {@link #LEFT} operation's text ends up first.
 */
public enum Side {
    /** This operation's insert goes before the other's at the same position. */
    LEFT,
    /** This operation's insert goes after the other's at the same position. */
    RIGHT;

    /** The opposite side: the one the other operation takes in the same transform. */
    public Side other() {
        return this == LEFT ? RIGHT : LEFT;
    }
}
