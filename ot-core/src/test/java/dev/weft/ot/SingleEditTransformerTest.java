package dev.weft.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The direct transform of one edit against one edit: each case against the answer worked out by
 * hand from ot-text-unicode's loop and against {@link Transformer#transformComponents}, the
 * general loop. The fuzz module (TransformPathsTest) compares the two on random pairs.
 */
class SingleEditTransformerTest {

    private static TextOperation op(Object... parts) {
        return OperationJson.fromTree(Arrays.asList(parts));
    }

    private static Object del(Object d) {
        return Map.of("d", d);
    }

    /** Asserts that the direct path answers {@code expected} and that the general loop agrees. */
    private static void assertDirect(TextOperation expected, TextOperation op, TextOperation other, Side side) {
        assertEquals(expected, SingleEditTransformer.transform(op, other, side), "direct path");
        assertEquals(expected, Transformer.transformComponents(op, other, side), "general loop");
        assertEquals(expected, TextOperation.transform(op, other, side), "transform");
    }

    @Test
    void insertsAtOnePosition_leftGoesFirst() {
        TextOperation a = TextOperation.insert(2, "A");
        TextOperation b = TextOperation.insert(2, "BB");
        assertDirect(a, a, b, Side.LEFT);
        assertDirect(op(4, "A"), a, b, Side.RIGHT);
        assertDirect(op(3, "BB"), b, a, Side.RIGHT);
        assertDirect(b, b, a, Side.LEFT);
    }

    @Test
    void insertsAtPositionZero_leftGoesFirst() {
        TextOperation a = op("A");
        TextOperation b = op("B");
        assertDirect(a, a, b, Side.LEFT);
        assertDirect(op(1, "A"), a, b, Side.RIGHT);
    }

    @Test
    void astralInserts_shiftByCodePoints() {
        TextOperation a = TextOperation.insert(1, "😅");
        TextOperation b = TextOperation.insert(1, "🤖👻");
        assertDirect(op(3, "😅"), a, b, Side.RIGHT);
        assertDirect(op(2, "🤖👻"), b, a, Side.RIGHT);
        assertDirect(a, a, b, Side.LEFT);
    }

    @Test
    void insertsAtDifferentPositions_laterOneShifts() {
        TextOperation a = TextOperation.insert(1, "x");
        TextOperation b = TextOperation.insert(3, "yy");
        assertDirect(a, a, b, Side.RIGHT);
        assertDirect(op(4, "yy"), b, a, Side.LEFT);
    }

    @Test
    void insertAgainstDelete_insideOrAtEndMovesToDeletionStart() {
        TextOperation deletion = op(1, del(4));
        assertDirect(TextOperation.insert(1, "x"), TextOperation.insert(1, "x"), deletion, Side.LEFT);
        assertDirect(op(1, "x"), TextOperation.insert(3, "x"), deletion, Side.RIGHT);
        assertDirect(op(1, "x"), TextOperation.insert(5, "x"), deletion, Side.LEFT);
        assertDirect(op(2, "x"), TextOperation.insert(6, "x"), deletion, Side.RIGHT);
        assertDirect(op("x"), TextOperation.insert(2, "x"), op(del("ab😅")), Side.LEFT);
    }

    @Test
    void deleteAgainstInsert_atOrBeforeItsStartShifts() {
        TextOperation a = op(2, del(3));
        assertDirect(op(4, del(3)), a, TextOperation.insert(2, "yy"), Side.LEFT);
        assertDirect(op(4, del(3)), a, TextOperation.insert(2, "yy"), Side.RIGHT);
        assertDirect(op(3, del("c😅")), op(2, del("c😅")), TextOperation.insert(0, "🤖"), Side.RIGHT);
        assertDirect(a, a, TextOperation.insert(5, "y"), Side.LEFT);
    }

    @Test
    void deleteAgainstInsertInsideIt_isLeftToTheGeneralLoop() {
        TextOperation other = TextOperation.insert(3, "Y");
        assertNull(SingleEditTransformer.transform(op(2, del(3)), other, Side.LEFT));
        assertEquals(op(2, del(1), 1, del(2)), TextOperation.transform(op(2, del(3)), other, Side.LEFT));
        assertEquals(op(2, del("c"), 1, del("😅e")), TextOperation.transform(op(2, del("c😅e")), other, Side.RIGHT));
    }

    @Test
    void overlappingDeletes_deleteWhatIsLeft() {
        assertDirect(op(1, del("b")), op(1, del("bcd")), op(2, del("cde")), Side.LEFT);
        assertDirect(op(1, del("bef")), op(1, del("bcdef")), op(2, del(2)), Side.RIGHT);
        assertDirect(op(1, del(3)), op(1, del(5)), op(2, del("cd")), Side.LEFT);
        assertDirect(op(1, del("e")), op(2, del("cde")), op(1, del(3)), Side.LEFT);
        assertDirect(op(1, del("😅👻")), op(1, del("😅🤖👻")), op(2, del("🤖")), Side.RIGHT);
        assertDirect(op(del("😅")), op(del("😅🤖")), op(1, del(4)), Side.LEFT);
    }

    @Test
    void deleteInsideOtherDelete_becomesNoop() {
        assertDirect(TextOperation.noop(), op(2, del("cd")), op(1, del(4)), Side.LEFT);
        assertDirect(TextOperation.noop(), op(1, del(2)), op(1, del(2)), Side.RIGHT);
    }

    @Test
    void separateDeletes_laterOneShifts() {
        assertDirect(op(2, del(2)), op(3, del(2)), op(1, del(1)), Side.LEFT);
        assertDirect(op(del("ab")), op(2, del("ab")), op(del(2)), Side.RIGHT);
        assertDirect(op(1, del(1)), op(1, del(1)), op(2, del(3)), Side.LEFT);
    }

    @Test
    void unchangedResult_isTheOpItself() {
        TextOperation a = TextOperation.insert(1, "x");
        assertSame(a, TextOperation.transform(a, TextOperation.insert(4, "y"), Side.RIGHT));
    }

    @Test
    void opsOfAnyOtherShape_areLeftToTheGeneralLoop() {
        TextOperation other = TextOperation.insert(0, "y");
        assertNull(SingleEditTransformer.transform(op("x", del(1)), other, Side.LEFT));
        assertNull(SingleEditTransformer.transform(op(del(1), "x"), other, Side.LEFT));
        assertNull(SingleEditTransformer.transform(other, op(1, "x", 1, del(1)), Side.LEFT));
        // Insert then delete versus delete then insert: the order decides the tie-break.
        assertEquals(op("x", 1, del(1)), TextOperation.transform(op("x", del(1)), other, Side.LEFT));
        assertEquals(op(1, "x", del(1)), TextOperation.transform(op("x", del(1)), other, Side.RIGHT));
        assertEquals(op(1, del(1), "x"), TextOperation.transform(op(del(1), "x"), other, Side.LEFT));
    }

    @Test
    void resultPastIntRange_failsAsTheGeneralLoopDoes() {
        TextOperation far = op(Integer.MAX_VALUE - 1, "x");
        TextOperation other = op("ab");
        assertNull(SingleEditTransformer.transform(far, other, Side.RIGHT));
        assertThrows(InvalidOperationException.class, () -> TextOperation.transform(far, other, Side.RIGHT));
        TextOperation farDelete = op(Integer.MAX_VALUE - 3, del(2));
        assertNull(SingleEditTransformer.transform(farDelete, other, Side.LEFT));
        assertThrows(InvalidOperationException.class, () -> TextOperation.transform(farDelete, other, Side.LEFT));
    }
}
