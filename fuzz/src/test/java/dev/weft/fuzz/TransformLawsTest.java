package dev.weft.fuzz;

import static dev.weft.fuzz.ExampleCounts.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import dev.weft.ot.Side;
import dev.weft.ot.TextOperation;
import org.junit.jupiter.api.Test;

/** transform: TP1 for both tie-breaking sides, the one law that makes a central sequencer converge. */
class TransformLawsTest {

    @Test
    void transform_aFirstOrBFirst_convergeWithBOnTheRight() {
        checkTp1(Side.RIGHT);
    }

    @Test
    void transform_aFirstOrBFirst_convergeWithBOnTheLeft() {
        checkTp1(Side.LEFT);
    }

    /** apply(apply(s, a), transform(b, a, bSide)) == apply(apply(s, b), transform(a, b, bSide.other())). */
    private static void checkTp1(Side bSide) {
        qt().withExamples(scaled(50000)).forAll(Generators.concurrent(2)).checkAssert(s -> {
            TextOperation bAfterA = TextOperation.transform(s.b(), s.a(), bSide);
            TextOperation aAfterB = TextOperation.transform(s.a(), s.b(), bSide.other());
            String viaA = bAfterA.apply(s.a().apply(s.doc()));
            String viaB = aAfterB.apply(s.b().apply(s.doc()));
            assertEquals(viaA, viaB, () -> "TP1 with b " + bSide + ": " + s
                    + " transform(b, a)=" + bAfterA + " transform(a, b)=" + aAfterB);
        });
    }

    @Test
    void transform_overASequence_convergesLikeClientAndServer() {
        // The diagram a client and the sequencer walk: the client applied a then b, the server
        // committed a concurrent c first. Each side transforms one step at a time.
        qt().withExamples(scaled(20000)).forAll(Generators.sequenceAndConcurrent()).checkAssert(s -> {
            TextOperation a = s.a();
            TextOperation b = s.b();
            TextOperation c = s.c();
            TextOperation cAfterA = TextOperation.transform(c, a, Side.LEFT);
            TextOperation aAfterC = TextOperation.transform(a, c, Side.RIGHT);
            TextOperation cAfterAB = TextOperation.transform(cAfterA, b, Side.LEFT);
            TextOperation bAfterC = TextOperation.transform(b, cAfterA, Side.RIGHT);
            String client = cAfterAB.apply(b.apply(a.apply(s.doc())));
            String server = bAfterC.apply(aAfterC.apply(c.apply(s.doc())));
            assertEquals(client, server, s::toString);
        });
    }

    @Test
    void transform_againstNoop_changesNothing() {
        qt().withExamples(scaled(2000)).forAll(Generators.concurrent(1)).checkAssert(s -> {
            assertEquals(s.a(), TextOperation.transform(s.a(), TextOperation.noop(), Side.LEFT), s::toString);
            assertEquals(s.a(), TextOperation.transform(s.a(), TextOperation.noop(), Side.RIGHT), s::toString);
            assertEquals(TextOperation.noop(), TextOperation.transform(TextOperation.noop(), s.a(), Side.LEFT),
                    s::toString);
        });
    }
}
