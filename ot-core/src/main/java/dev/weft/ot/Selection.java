package dev.weft.ot;

/**
 * A selection in a document: where it was started ({@code anchor}) and where it ends now
 * ({@code focus}), both code-point positions. The focus may lie before the anchor; a collapsed
 * selection (anchor == focus) is a caret.
 *
 * @param anchor the fixed end, a non-negative code-point position
 * @param focus the moving end, a non-negative code-point position
 */
public record Selection(int anchor, int focus) {
    public Selection {
        if (anchor < 0 || focus < 0) {
            throw new IllegalArgumentException(
                    "selection ends must not be negative, were anchor " + anchor + " and focus " + focus);
        }
    }

    /** A caret at {@code position}. */
    public static Selection caret(int position) {
        return new Selection(position, position);
    }

    /** Whether anchor and focus coincide. */
    public boolean isCaret() {
        return anchor == focus;
    }

    /** The smaller end. */
    public int start() {
        return Math.min(anchor, focus);
    }

    /** The larger end. */
    public int end() {
        return Math.max(anchor, focus);
    }
}
