package dev.weft.ot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A char array that successive versions of one {@link RopeFocus} share and append to in place.
 * A version sees only its own prefix of the array; the chars after it are either unused or
 * belong to a later version. {@link #append} hands out the unused part at most once, by
 * compare-and-set, so two versions (on any threads) never write the same slot, and a slot is
 * never written again once a version can see it. This is what lets a typed character cost O(1)
 * without any version ever observing a change.
 */
final class RopeBuffer {
    private static final VarHandle USED;

    static {
        try {
            USED = MethodHandles.lookup().findVarHandle(RopeBuffer.class, "used", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final char[] chars;
    /** Length of the prefix some version may see; only ever grows. */
    private volatile int used;

    RopeBuffer(char[] chars, int used) {
        this.chars = chars;
        this.used = used;
    }

    /**
     * Writes {@code text} at index {@code at} if no version has claimed that slot yet and it fits.
     * The caller publishes the new version only after this returns true.
     */
    boolean append(int at, String text) {
        int end = at + text.length();
        if (end > chars.length || used != at || !USED.compareAndSet(this, at, end)) {
            return false;
        }
        if (text.length() == 1) {
            chars[at] = text.charAt(0);
        } else {
            text.getChars(0, text.length(), chars, at);
        }
        return true;
    }
}
