package dev.weft.fuzz;

import static dev.weft.fuzz.ExampleCounts.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.weft.ot.Component;
import dev.weft.ot.Component.Insert;
import dev.weft.ot.CursorBias;
import dev.weft.ot.Selection;
import dev.weft.ot.TextOperation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** transformPosition and transformSelection: a cursor moves exactly as the text around it moves. */
class PositionLawsTest {
    /** A private-use code point no generator produces: it marks the character a cursor watches. */
    private static final String MARK = "\uE000";

    /**
     * Marks a character the operation keeps (replaces it with {@link #MARK}), applies the
     * operation, and finds the mark in the result. A cursor just before the character with
     * AFTER_INSERT, and one just after it with BEFORE_INSERT, must land next to it again.
     */
    @Test
    void transformPosition_ofAKeptCharacter_followsThatCharacter() {
        qt().withExamples(scaled(20000))
                .forAll(Generators.sequential(1), integers().between(0, Integer.MAX_VALUE - 1))
                .checkAssert((s, pick) -> {
                    List<Integer> kept = keptPositions(s.a(), Generators.codePointLength(s.doc()));
                    if (kept.isEmpty()) {
                        return;
                    }
                    int p = kept.get(pick % kept.size());
                    String marked = Generators.slice(s.doc(), 0, p) + MARK
                            + Generators.slice(s.doc(), p + 1, Generators.codePointLength(s.doc()));
                    String after = s.a().apply(marked);
                    int expected = after.codePointCount(0, after.indexOf(MARK));
                    String context = s + " marked position " + p + " now at " + expected;
                    assertEquals(expected, s.a().transformPosition(p, CursorBias.AFTER_INSERT), context);
                    assertEquals(expected + 1, s.a().transformPosition(p + 1), context);
                    assertEquals(expected + 1, s.a().transformPosition(p + 1, CursorBias.BEFORE_INSERT), context);
                });
    }

    /** Positions of the original document that no delete of {@code op} covers. */
    private static List<Integer> keptPositions(TextOperation op, int length) {
        List<Integer> kept = new ArrayList<>();
        int position = 0;
        for (Component c : op.components()) {
            if (c instanceof Insert) {
                continue;
            }
            if (c instanceof Component.Retain) {
                for (int i = 0; i < c.length(); i++) {
                    kept.add(position + i);
                }
            }
            position += c.length();
        }
        for (int i = position; i < length; i++) {
            kept.add(i);
        }
        return kept;
    }

    @Test
    void transformPosition_atAnInsert_staysBeforeOrMovesAfterByBias() {
        qt().withExamples(scaled(3000))
                .forAll(Generators.documents(), Generators.insertTexts(), integers().between(0, Integer.MAX_VALUE - 1))
                .checkAssert((doc, text, pick) -> {
                    int p = pick % (Generators.codePointLength(doc) + 1);
                    TextOperation op = TextOperation.insert(p, text);
                    String context = Generators.json(doc) + " op " + op + " cursor " + p;
                    assertEquals(p, op.transformPosition(p), context);
                    assertEquals(p, op.transformPosition(p, CursorBias.BEFORE_INSERT), context);
                    assertEquals(p + Generators.codePointLength(text), op.transformPosition(p, CursorBias.AFTER_INSERT),
                            context);
                });
    }

    @Test
    void transformPosition_insideADeletion_movesToItsStart() {
        qt().withExamples(scaled(3000))
                .forAll(integers().between(0, 50), integers().between(1, 20), integers().between(0, 20))
                .checkAssert((start, length, offset) -> {
                    TextOperation op = TextOperation.delete(start, length);
                    int cursor = start + Math.min(offset, length);
                    assertEquals(start, op.transformPosition(cursor), () -> op + " cursor " + cursor);
                    assertEquals(start, op.transformPosition(cursor, CursorBias.AFTER_INSERT), () -> op + " cursor " + cursor);
                });
    }

    @Test
    void transformSelection_movesBothEndsLikeTransformPosition() {
        qt().withExamples(scaled(5000))
                .forAll(Generators.sequential(1), integers().between(0, 300), integers().between(0, 300))
                .checkAssert((s, anchor, focus) -> {
                    Selection selection = new Selection(anchor, focus);
                    for (CursorBias bias : CursorBias.values()) {
                        Selection moved = s.a().transformSelection(selection, bias);
                        assertEquals(s.a().transformPosition(anchor, bias), moved.anchor(), s::toString);
                        assertEquals(s.a().transformPosition(focus, bias), moved.focus(), s::toString);
                    }
                    assertEquals(s.a().transformSelection(selection, CursorBias.BEFORE_INSERT),
                            s.a().transformSelection(selection), s::toString);
                });
    }
}
