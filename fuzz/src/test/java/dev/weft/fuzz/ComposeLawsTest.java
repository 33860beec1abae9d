package dev.weft.fuzz;

import static dev.weft.fuzz.ExampleCounts.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import dev.weft.ot.Rope;
import dev.weft.ot.TextOperation;
import org.junit.jupiter.api.Test;

/** compose and apply: the laws the sequencer's history and the client's buffer rely on. */
class ComposeLawsTest {

    @Test
    void compose_appliedOnce_equalsApplyingBothInTurn() {
        qt().withExamples(scaled(10000)).forAll(Generators.sequential(2)).checkAssert(s -> {
            String expected = s.b().apply(s.a().apply(s.doc()));
            assertEquals(expected, s.a().compose(s.b()).apply(s.doc()), s::toString);
        });
    }

    @Test
    void compose_isAssociative_asTextAndAsOperation() {
        qt().withExamples(scaled(10000)).forAll(Generators.sequential(3)).checkAssert(s -> {
            TextOperation left = s.a().compose(s.b()).compose(s.c());
            TextOperation right = s.a().compose(s.b().compose(s.c()));
            String expected = s.c().apply(s.b().apply(s.a().apply(s.doc())));
            assertEquals(expected, left.apply(s.doc()), () -> "(a.b).c applied: " + s);
            assertEquals(expected, right.apply(s.doc()), () -> "a.(b.c) applied: " + s);
            // As operations, the two agree up to the deleted text they carry: a delete keeps its
            // text only where every delete merged into it carried text, and the grouping decides
            // what merges (ot-text-unicode 4.0.0 does the same: [{"d": "a"}, "aaa"], [{"d": 1}],
            // ["aaaa", {"d": "aaa"}] give ["aaaa", {"d": "aa"}] one way and ["aaaa", {"d": 2}] the
            // other). When every delete carries its text, they are equal.
            assertEquals(left.withoutDeletedText(), right.withoutDeletedText(),
                    () -> "(a.b).c and a.(b.c) differ: " + s);
            String ab = s.b().apply(s.a().apply(s.doc()));
            TextOperation a = s.a().withDeletedText(s.doc());
            TextOperation b = s.b().withDeletedText(s.a().apply(s.doc()));
            TextOperation c = s.c().withDeletedText(ab);
            assertEquals(a.compose(b).compose(c), a.compose(b.compose(c)),
                    () -> "(a.b).c and a.(b.c) of invertible ops differ: " + s);
        });
    }

    @Test
    void compose_withNoop_isIdentity() {
        qt().withExamples(scaled(2000)).forAll(Generators.sequential(1)).checkAssert(s -> {
            assertEquals(s.a(), s.a().compose(TextOperation.noop()), s::toString);
            assertEquals(s.a(), TextOperation.noop().compose(s.a()), s::toString);
        });
    }

    @Test
    void apply_toRope_equalsApplyToString() {
        qt().withExamples(scaled(5000)).forAll(Generators.sequential(1)).checkAssert(s -> {
            Rope rope = Rope.of(s.doc());
            Rope after = s.a().apply(rope);
            assertEquals(s.a().apply(s.doc()), after.toString(), s::toString);
            assertEquals(Generators.codePointLength(after.toString()), after.length(), s::toString);
            assertEquals(s.doc(), rope.toString(), () -> "apply changed its input rope: " + s);
        });
    }

    @Test
    void apply_changesLengthByLengthDelta() {
        qt().withExamples(scaled(2000)).forAll(Generators.sequential(1)).checkAssert(s -> {
            int before = Generators.codePointLength(s.doc());
            assertEquals(s.a().targetLength(before), Generators.codePointLength(s.a().apply(s.doc())), s::toString);
        });
    }
}
