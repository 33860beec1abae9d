package dev.weft.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * {@link SingleEditTransformer}, the direct answer for one edit against one edit, gives exactly
 * what {@link Transformer#transformComponents}, the general loop, gives, on random pairs of single
 * edits on short documents, where edits meet at one position often: inserts at one position on
 * both sides, inserts at the edge of or inside a deletion, deletes that overlap, with and without
 * their text, in ASCII, BMP and astral text. In the package of the engine, to reach both paths.
 * QuickTheories prints the seed of a failing run; {@code -Dweft.long=true} runs 100x the cases.
 */
class TransformPathsTest {
    private static final List<String> CODE_POINTS = List.of("a", "b", "\"", "\n", "ü", "漢", "😅", "🤖", "𝄞");

    /** A document and two single edits made against it. */
    record EditPair(String doc, TextOperation a, TextOperation b) {
        @Override
        public String toString() {
            return "{\"doc\": " + Texts.quote(doc) + ", \"ops\": [" + a + ", " + b + "]}";
        }
    }

    @Test
    void singleEdits_directPathEqualsGeneralLoop_onBothSides() {
        AtomicInteger direct = new AtomicInteger();
        AtomicInteger examples = new AtomicInteger();
        qt().withExamples(scaled(50000)).forAll(editPairs()).checkAssert(p -> {
            examples.incrementAndGet();
            for (Side side : Side.values()) {
                for (boolean swap : new boolean[] {false, true}) {
                    TextOperation op = swap ? p.b() : p.a();
                    TextOperation other = swap ? p.a() : p.b();
                    TextOperation expected = Transformer.transformComponents(op, other, side);
                    TextOperation actual = SingleEditTransformer.transform(op, other, side);
                    if (actual != null) {
                        direct.incrementAndGet();
                        assertEquals(expected, actual, () -> "transform(" + op + ", " + other + ", " + side + ") of " + p);
                    }
                    assertEquals(expected, TextOperation.transform(op, other, side), p::toString);
                }
            }
        });
        // Only an insert strictly inside the other's delete is left to the general loop.
        assertTrue(direct.get() > examples.get() * 3, direct + " direct answers in " + examples + " examples");
    }

    @Test
    void singleEdits_transformed_converge() {
        qt().withExamples(scaled(20000)).forAll(editPairs()).checkAssert(p -> {
            String viaA = TextOperation.transform(p.b(), p.a(), Side.RIGHT).apply(p.a().apply(p.doc()));
            String viaB = TextOperation.transform(p.a(), p.b(), Side.LEFT).apply(p.b().apply(p.doc()));
            assertEquals(viaA, viaB, p::toString);
        });
    }

    private static Gen<EditPair> editPairs() {
        Gen<Integer> lengths = integers().between(0, 8);
        return in -> {
            String doc = text(lengths.generate(in), in);
            return new EditPair(doc, edit(doc, in), edit(doc, in));
        };
    }

    /** An insert of 1 to 3 code points, or a delete of 1 to 4 with or without its text, anywhere in {@code doc}. */
    private static TextOperation edit(String doc, RandomnessSource in) {
        int length = doc.codePointCount(0, doc.length());
        boolean insert = length == 0 || booleans().all().generate(in);
        if (insert) {
            int at = integers().between(0, length).generate(in);
            return TextOperation.insert(at, text(integers().between(1, 3).generate(in), in));
        }
        int at = integers().between(0, length - 1).generate(in);
        int n = integers().between(1, Math.min(4, length - at)).generate(in);
        if (booleans().all().generate(in)) {
            int start = doc.offsetByCodePoints(0, at);
            return TextOperation.delete(at, doc.substring(start, doc.offsetByCodePoints(start, n)));
        }
        return TextOperation.delete(at, n);
    }

    private static String text(int codePoints, RandomnessSource in) {
        Gen<String> pick = Generate.pick(CODE_POINTS);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            out.append(pick.generate(in));
        }
        return out.toString();
    }

    /** As the fuzz module's ExampleCounts: 100x in long mode. */
    private static int scaled(int examples) {
        return Boolean.getBoolean("weft.long") ? Math.multiplyExact(examples, 100) : examples;
    }
}
