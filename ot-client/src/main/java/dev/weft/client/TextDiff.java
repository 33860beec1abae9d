package dev.weft.client;

import dev.weft.ot.Rope;
import dev.weft.ot.TextOperation;

/**
 * The operation that turns one text into another: keep the common prefix and suffix, replace the
 * middle. Used only to resynchronize, when the operations that led from one text to the other are
 * not available; the replaced middle carries its text so the result is invertible.
 */
final class TextDiff {
    private TextDiff() {}

    /** An operation {@code op} with {@code op.apply(from).equals(to)}. */
    static TextOperation between(Rope from, Rope to) {
        String a = from.toString();
        String b = to.toString();
        int prefix = 0;
        int limit = Math.min(a.length(), b.length());
        while (prefix < limit && a.charAt(prefix) == b.charAt(prefix)) {
            prefix++;
        }
        // Never cut a surrogate pair: positions are code points.
        if (prefix > 0 && Character.isHighSurrogate(a.charAt(prefix - 1))) {
            prefix--;
        }
        int suffix = 0;
        while (suffix < limit - prefix && a.charAt(a.length() - 1 - suffix) == b.charAt(b.length() - 1 - suffix)) {
            suffix++;
        }
        if (suffix > 0 && Character.isLowSurrogate(a.charAt(a.length() - suffix))) {
            suffix--;
        }
        TextOperation.Builder op = TextOperation.builder()
                .retain(a.codePointCount(0, prefix))
                .delete(a.substring(prefix, a.length() - suffix))
                .insert(b.substring(prefix, b.length() - suffix));
        return op.build();
    }
}
