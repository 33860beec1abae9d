package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ot.Rope;
import dev.weft.ot.TextOperation;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextDiffTest {

    @Test
    void between_sharedPrefixAndSuffix_replacesOnlyTheMiddle() {
        TextOperation op = TextDiff.between(Rope.of("hello world"), Rope.of("hello brave world"));
        assertEquals(TextOperation.insert(6, "brave "), op);
    }

    @Test
    void between_surrogatePairsThatDifferInTheLowHalf_neverSplitsAPair() {
        // U+1F600 and U+1F601 share their high surrogate.
        Rope from = Rope.of("a😀b");
        Rope to = Rope.of("a😁b");
        TextOperation op = TextDiff.between(from, to);
        assertEquals("a😁b", op.apply(from).toString());
        assertEquals(TextOperation.builder().retain(1).delete("😀").insert("😁").build(), op);
    }

    @Test
    void between_randomTexts_applyGivesTheTarget() {
        Random random = new Random(7);
        String alphabet = "ab😀😁\n";
        for (int i = 0; i < 2000; i++) {
            Rope from = Rope.of(randomText(random, alphabet));
            Rope to = Rope.of(randomText(random, alphabet));
            TextOperation op = TextDiff.between(from, to);
            assertEquals(to.toString(), op.apply(from).toString(), from + " -> " + to);
            assertTrue(op.isInvertible(), "the deleted text is carried");
        }
    }

    private static String randomText(Random random, String alphabet) {
        int[] points = alphabet.codePoints().toArray();
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(8);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(points[random.nextInt(points.length)]);
        }
        return text.toString();
    }
}
