package dev.weft.ot;

/**
 * Where a cursor goes when text is inserted exactly at it. The two conventions of the field
 * differ only there; a cursor inside deleted text always moves to the start of the deletion.
 */
public enum CursorBias {
    /**
     * The cursor stays before the inserted text: ot-text-unicode's and ShareDB's convention, and
     * the default. Right for a remote participant's cursor.
     */
    BEFORE_INSERT,
    /**
     * The cursor moves after the inserted text, as ot.js moves selections. Right for the author's
     * own cursor when transforming it through the author's own insert.
     */
    AFTER_INSERT
}
