package dev.weft.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextOperationTest {

    private static TextOperation op(Object... parts) {
        return OperationJson.fromTree(java.util.Arrays.asList(parts));
    }

    private static Object del(Object d) {
        return java.util.Map.of("d", d);
    }

    @Test
    void builder_neighboursOfOneKind_areMerged() {
        TextOperation op = TextOperation.builder()
                .retain(2).retain(3).insert("a").insert("b").delete(1).delete(2).retain(4).build();
        assertEquals("[5, \"ab\", {\"d\": 3}]", op.toString());
    }

    @Test
    void builder_emptyComponents_areSkipped() {
        TextOperation op = TextOperation.builder().retain(0).insert("").delete(0).delete("").build();
        assertTrue(op.isNoop());
        assertSame(TextOperation.noop(), op);
    }

    @Test
    void builder_trailingRetain_isDropped() {
        assertEquals(TextOperation.insert(3, "x"), TextOperation.builder().retain(3).insert("x").retain(9).build());
    }

    @Test
    void builder_insertAndDelete_areNotReordered() {
        TextOperation insertFirst = TextOperation.builder().insert("x").delete(1).build();
        TextOperation deleteFirst = TextOperation.builder().delete(1).insert("x").build();
        assertEquals("[\"x\", {\"d\": 1}]", insertFirst.toString());
        assertEquals("[{\"d\": 1}, \"x\"]", deleteFirst.toString());
        assertNotEquals(insertFirst, deleteFirst);
    }

    @Test
    void builder_deletesWithAndWithoutText_mergeToCount() {
        assertEquals(op(del("ab")), TextOperation.builder().delete("a").delete("b").build());
        assertEquals(op(del(2)), TextOperation.builder().delete("a").delete(1).build());
    }

    @Test
    void replace_isDeleteThenInsert_andPureEditsMatchTheirFactories() {
        assertEquals("[3, {\"d\": 2}, \"xy\"]", TextOperation.replace(3, 2, "xy").toString());
        assertEquals("[{\"d\": 1}, \"😅\"]", TextOperation.replace(0, 1, "😅").toString());
        assertEquals(TextOperation.insert(4, "a"), TextOperation.replace(4, 0, "a"));
        assertEquals(TextOperation.delete(4, 2), TextOperation.replace(4, 2, ""));
        assertSame(TextOperation.noop(), TextOperation.replace(7, 0, ""));
        assertEquals("ab😅e", TextOperation.replace(2, 2, "😅").apply("abcde"));
    }

    @Test
    void replace_badArguments_failNamingTheValue() {
        assertEquals("position must not be negative, was -1",
                assertThrows(InvalidOperationException.class, () -> TextOperation.replace(-1, 1, "x")).getMessage());
        assertEquals("delete length must not be negative, was -2",
                assertThrows(InvalidOperationException.class, () -> TextOperation.replace(0, -2, "x")).getMessage());
    }

    @Test
    void builder_negativeLength_failsNamingTheValue() {
        InvalidOperationException e = assertThrows(InvalidOperationException.class, () -> TextOperation.builder().retain(-2));
        assertEquals("retain length must not be negative, was -2", e.getMessage());
    }

    /** Regression: merged lengths past int range threw ArithmeticException, not the documented error. */
    @Test
    void builder_lengthSumOverflowsInt_isInvalidOperation() {
        assertThrows(InvalidOperationException.class, () -> OperationJson.fromTree(java.util.List.of(Integer.MAX_VALUE, 1)));
        assertThrows(InvalidOperationException.class, () -> TextOperation.builder().delete(Integer.MAX_VALUE).delete(1));
    }

    @Test
    void builder_retainsBetweenEdits_mergeAndCountInTheLengths() {
        TextOperation op = TextOperation.builder()
                .retain(2).add(Component.retain(3)).insert("a😅").retain(1).add(Component.retain(1)).delete(1).retain(4).build();
        assertEquals("[5, \"a😅\", 2, {\"d\": 1}]", op.toString());
        assertEquals(8, op.baseLength());
        assertEquals(1, op.lengthDelta());
    }

    @Test
    void builder_failedAdd_changesNothing() {
        TextOperation.Builder builder = TextOperation.builder().retain(5);
        assertThrows(InvalidOperationException.class, () -> builder.retain(Integer.MAX_VALUE));
        assertThrows(InvalidOperationException.class, () -> builder.add(null));
        assertEquals(TextOperation.insert(5, "x"), builder.insert("x").build());
    }

    /** Regression: a cursor near int range wrapped to a negative position. */
    @Test
    void transformPosition_pastIntRange_fails() {
        assertThrows(IllegalArgumentException.class, () -> TextOperation.insert(0, "x").transformPosition(Integer.MAX_VALUE));
    }

    @Test
    void lengths_countCodePoints() {
        TextOperation op = op(2, "😅x", del("🤖"), 3);
        assertEquals(3, op.baseLength());
        assertEquals(1, op.lengthDelta());
        assertEquals(8, op.targetLength(7));
        assertEquals(2, ((Component.Insert) op.component(1)).length());
    }

    @Test
    void insert_unpairedSurrogate_isRejected() {
        InvalidOperationException e = assertThrows(InvalidOperationException.class, () -> Component.insert("a\uD83D"));
        assertTrue(e.getMessage().contains("unpaired surrogate U+D83D"), e.getMessage());
    }

    @Test
    void apply_astralText_countsCodePoints() {
        assertEquals("😅!🤖", op(1, "!").apply("😅🤖"));
        assertEquals("😅", op(1, del("🤖")).apply("😅🤖"));
        assertEquals("😅🤖", op(1, del(1)).apply(Rope.of("😅👻🤖")).toString());
    }

    @Test
    void apply_retainPastEnd_failsNamingComponentAndLength() {
        InvalidOperationException e = assertThrows(InvalidOperationException.class, () -> op(12, "x").apply("1234567"));
        assertEquals("retain 12 at position 0 runs past the end of a 7-code-point document", e.getMessage());
        InvalidOperationException onRope = assertThrows(InvalidOperationException.class, () -> op(12, "x").apply(Rope.of("1234567")));
        assertEquals(e.getMessage(), onRope.getMessage());
    }

    @Test
    void apply_deletePastEnd_fails() {
        InvalidOperationException e = assertThrows(InvalidOperationException.class, () -> op(5, del(3)).apply("1234567"));
        assertEquals("delete 3 at position 5 runs past the end of a 7-code-point document", e.getMessage());
    }

    @Test
    void apply_deleteOfOtherText_failsAndChangesNothing() {
        Rope document = Rope.of("hello");
        InvalidOperationException e = assertThrows(InvalidOperationException.class, () -> op(1, del("ex")).apply(document));
        assertEquals("delete {\"d\": \"ex\"} at position 1 does not match the document text \"el\" (document length 5)", e.getMessage());
        assertEquals("hello", document.toString());
        assertThrows(InvalidOperationException.class, () -> op(1, del("ex")).apply("hello"));
    }

    @Test
    void apply_stringAndRope_agree() {
        TextOperation op = op(1, "ab", del("c"), 2, del(1), "z");
        assertEquals("xabdezy", op.apply("xcdefy"));
        assertEquals(op.apply("xcdefy"), op.apply(Rope.of("xcdefy")).toString());
    }

    @Test
    void compose_matchesSequentialApply() {
        TextOperation a = op(2, "XY", del("cd"));
        TextOperation b = op(1, del(2), 2, "!");
        String start = "abcdefg";
        assertEquals(b.apply(a.apply(start)), a.compose(b).apply(start));
    }

    @Test
    void compose_deleteOfInsertedText_cancelsOut() {
        assertEquals(TextOperation.noop(), TextOperation.insert(3, "hi").compose(TextOperation.delete(3, "hi")));
    }

    @Test
    void transform_concurrentInsertsAtOnePosition_leftGoesFirst() {
        TextOperation a = TextOperation.insert(1, "A");
        TextOperation b = TextOperation.insert(1, "B");
        String viaA = TextOperation.transform(b, a, Side.RIGHT).apply(a.apply("xy"));
        String viaB = TextOperation.transform(a, b, Side.LEFT).apply(b.apply("xy"));
        assertEquals("xABy", viaA);
        assertEquals(viaA, viaB);
    }

    @Test
    void transform_tieBreak_dependsOnInsertDeleteOrder() {
        TextOperation other = TextOperation.insert(0, "y");
        assertEquals(op("x", 1, del(1)), TextOperation.transform(op("x", del(1)), other, Side.LEFT));
        assertEquals(op(1, del(1), "x"), TextOperation.transform(op(del(1), "x"), other, Side.LEFT));
    }

    @Test
    void transform_overlappingDeletes_deleteOnce() {
        TextOperation a = op(1, del("bcd"));
        TextOperation b = op(2, del("cde"));
        assertEquals(op(1, del("b")), TextOperation.transform(a, b, Side.LEFT));
        assertEquals("af", TextOperation.transform(a, b, Side.LEFT).apply(b.apply("abcdef")));
    }

    @Test
    void invert_roundTrips() {
        TextOperation op = op(1, "ab", del("c"), 2, del("😅"));
        String before = "xcde😅f";
        assertEquals(before, op.invert().apply(op.apply(before)));
    }

    @Test
    void invert_deleteWithoutText_failsButInvertAgainstDocumentWorks() {
        TextOperation op = op(1, del(2));
        assertThrows(IllegalStateException.class, op::invert);
        assertEquals(op(1, "bc"), op.invert("abcd"));
        assertFalse(op.isInvertible());
        assertTrue(op.withDeletedText("abcd").isInvertible());
        assertEquals(op, op.withDeletedText("abcd").withoutDeletedText());
    }

    @Test
    void transformPosition_insertAtCursor_staysBeforeByDefault() {
        TextOperation op = TextOperation.insert(3, "xx");
        assertEquals(3, op.transformPosition(3));
        assertEquals(5, op.transformPosition(3, CursorBias.AFTER_INSERT));
        assertEquals(6, op.transformPosition(4));
        assertEquals(2, op.transformPosition(2, CursorBias.AFTER_INSERT));
    }

    @Test
    void transformPosition_insideDeletion_movesToItsStart() {
        TextOperation op = TextOperation.delete(2, 4);
        assertEquals(2, op.transformPosition(4));
        assertEquals(3, op.transformPosition(7));
        assertEquals(1, op.transformPosition(1));
    }

    @Test
    void transformSelection_movesBothEnds() {
        TextOperation op = TextOperation.insert(0, "ab");
        assertEquals(new Selection(7, 2), op.transformSelection(new Selection(5, 0), CursorBias.AFTER_INSERT));
        assertEquals(new Selection(7, 0), op.transformSelection(new Selection(5, 0)));
    }
}
