package dev.weft.fuzz;

import static dev.weft.fuzz.ExampleCounts.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.weft.ot.Rope;
import dev.weft.ot.TextOperation;
import org.junit.jupiter.api.Test;

/** invert and the deleted text it needs: the laws undo relies on. */
class InvertLawsTest {

    @Test
    void invert_ofOpCarryingItsText_restoresTheDocument() {
        qt().withExamples(scaled(10000)).forAll(Generators.sequential(1)).checkAssert(s -> {
            TextOperation a = s.a().withDeletedText(s.doc());
            assertTrue(a.isInvertible(), s::toString);
            assertEquals(s.doc(), a.invert().apply(a.apply(s.doc())), s::toString);
            if (s.a().isInvertible()) {
                assertEquals(s.doc(), s.a().invert().apply(s.a().apply(s.doc())), s::toString);
            } else {
                assertThrows(IllegalStateException.class, () -> s.a().invert(), s::toString);
            }
        });
    }

    @Test
    void invert_againstTheDocument_restoresIt() {
        qt().withExamples(scaled(10000)).forAll(Generators.sequential(1)).checkAssert(s -> {
            String after = s.a().apply(s.doc());
            assertEquals(s.doc(), s.a().invert(s.doc()).apply(after), s::toString);
            assertEquals(s.doc(), s.a().invert(Rope.of(s.doc())).apply(Rope.of(after)).toString(), s::toString);
        });
    }

    @Test
    void invert_twice_givesTheOperationBack() {
        qt().withExamples(scaled(5000)).forAll(Generators.sequential(1)).checkAssert(s -> {
            TextOperation a = s.a().withDeletedText(s.doc());
            assertEquals(a, a.invert().invert(), s::toString);
        });
    }

    @Test
    void withDeletedText_keepsTheEffectAndWithoutDeletedTextDropsOnlyTheText() {
        qt().withExamples(scaled(3000)).forAll(Generators.sequential(1)).checkAssert(s -> {
            TextOperation withText = s.a().withDeletedText(s.doc());
            TextOperation withoutText = s.a().withoutDeletedText();
            String expected = s.a().apply(s.doc());
            assertEquals(expected, withText.apply(s.doc()), s::toString);
            assertEquals(expected, withoutText.apply(s.doc()), s::toString);
            assertEquals(withoutText, withText.withoutDeletedText(), s::toString);
            assertEquals(withText, withoutText.withDeletedText(s.doc()), s::toString);
        });
    }

    @Test
    void invert_ofComposition_isTheInversesComposedInReverse() {
        qt().withExamples(scaled(5000)).forAll(Generators.sequential(2)).checkAssert(s -> {
            String middle = s.a().apply(s.doc());
            String end = s.b().apply(middle);
            TextOperation undoBoth = s.b().invert(middle).compose(s.a().invert(s.doc()));
            assertEquals(s.doc(), undoBoth.apply(end), s::toString);
            assertEquals(s.doc(), s.a().compose(s.b()).invert(s.doc()).apply(end), s::toString);
        });
    }
}
