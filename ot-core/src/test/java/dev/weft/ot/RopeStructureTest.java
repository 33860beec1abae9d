package dev.weft.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What the tree promises beyond the text: balance, memory, persistence, equality across shapes. */
class RopeStructureTest {
    private static final String EMOJI = "😀";

    /** The deepest a valid tree over {@code units} UTF-16 units can be: root of 2, nodes of MIN_KIDS. */
    private static int maxDepth(long units) {
        double leaves = Math.max(1.0, (double) units / RopeLeaves.MIN);
        return 2 + (int) Math.ceil(Math.log(Math.max(1.0, leaves / 2)) / Math.log(RopeNode.MIN_KIDS));
    }

    private static String letters(int n, long seed) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }

    @Test
    void of_largeText_hasLogarithmicDepth() {
        Rope rope = Rope.of(letters(3_000_000, 1));
        assertTrue(rope.depth() >= 3, "3M chars need several levels, depth " + rope.depth());
        assertTrue(rope.depth() <= maxDepth(3_000_000), "depth " + rope.depth());
        RopeInvariants.check(rope);
    }

    @Test
    void typing_fromEmpty_staysBalanced() {
        Rope rope = Rope.empty();
        for (int i = 0; i < 200_000; i++) {
            rope = rope.insert(i, String.valueOf((char) ('a' + i % 26)));
        }
        assertEquals(200_000, rope.length());
        assertTrue(rope.depth() <= maxDepth(200_000), "depth " + rope.depth());
        RopeInvariants.check(rope);
    }

    @Test
    void randomEdits_manyThousands_keepDepthLogarithmic() {
        Random random = new Random(7);
        Rope rope = Rope.of(letters(500_000, 2));
        for (int i = 0; i < 60_000; i++) {
            int n = rope.length();
            int position = random.nextInt(n + 1);
            int roll = random.nextInt(100);
            if (roll < 45) {
                rope = rope.insert(position, roll < 5 ? letters(3000, i) : "x");
            } else if (position < n) {
                int count = Math.min(n - position, roll > 95 ? random.nextInt(5000) : 1);
                rope = rope.delete(position, count);
            }
        }
        assertTrue(rope.depth() <= maxDepth(rope.utf16Length()), "depth " + rope.depth() + " for " + rope.length());
        RopeInvariants.check(rope);
    }

    @Test
    void deleteFromFront_untilEmpty_collapsesTree() {
        Rope rope = Rope.of(letters(100_000, 3));
        while (rope.length() > 0) {
            rope = rope.delete(0, Math.min(rope.length(), 97));
            if (rope.length() % 9_700 == 0) {
                RopeInvariants.check(rope);
            }
        }
        assertEquals(Rope.empty(), rope);
        assertEquals(1, rope.depth());
    }

    @Test
    void backspacing_wholeDocument_leavesEmptyRope() {
        Rope rope = Rope.of(letters(20_000, 4));
        for (int n = rope.length(); n > 0; n--) {
            rope = rope.delete(n - 1, 1);
        }
        assertEquals("", rope.toString());
        RopeInvariants.check(rope);
    }

    @Test
    void memory_100kAsciiDocument_costsAtMostThreeBytesPerChar() {
        String text = letters(100_000, 5);
        Rope built = Rope.of(text);
        Rope typed = Rope.empty();
        Rope scattered = Rope.empty();
        Random random = new Random(5);
        for (int i = 0; i < text.length(); i++) {
            typed = typed.insert(i, text.substring(i, i + 1));
            scattered = scattered.insert(random.nextInt(i + 1), text.substring(i, i + 1));
        }
        for (Rope rope : List.of(built, typed, scattered)) {
            double perChar = (double) rope.estimatedBytes() / rope.length();
            assertTrue(perChar >= 1.0, "the estimate must count the text itself: " + perChar);
            assertTrue(perChar <= 3.0, perChar + " bytes per character, depth " + rope.depth());
        }
    }

    @Test
    void equals_sameTextDifferentShapes_equalWithStringHash() {
        String text = letters(50_000, 6) + EMOJI.repeat(300) + letters(20_000, 7);
        Rope built = Rope.of(text);
        Rope typed = Rope.empty();
        for (int i = 0; i < text.length(); i += 10) {
            typed = typed.insert(typed.length(), text.substring(i, Math.min(text.length(), i + 10)));
        }
        Rope pieces = Rope.of(text.substring(0, 33_333)).concat(Rope.of(text.substring(33_333)));
        Rope trimmed = Rope.of("junk" + text + "more junk").delete(0, 4);
        trimmed = trimmed.delete(trimmed.length() - 9, 9);
        for (Rope rope : List.of(typed, pieces, trimmed)) {
            assertEquals(built, rope);
            assertEquals(rope, built);
            assertEquals(text.hashCode(), rope.hashCode());
        }
    }

    @Test
    void equals_sameLengthDifferentText_notEqual() {
        String text = letters(10_000, 8);
        Rope a = Rope.of(text);
        Rope b = a.replace(7_000, 1, text.charAt(7_000) == 'z' ? "y" : "z");
        assertNotEquals(a, b);
        assertNotEquals(a.toString(), b.toString());
        assertNotEquals(a, text);
    }

    @Test
    void olderVersions_afterBranchingEdits_keepTheirText() {
        String text = letters(5_000, 9);
        Rope base = Rope.of(text);
        Rope typedA = base;
        Rope typedB = base;
        List<Rope> versions = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            typedA = typedA.insert(1000 + i, "a");
            versions.add(typedA);
            typedB = typedB.insert(1000 + i, "b");
        }
        Rope backspaced = versions.get(150).delete(1150, 1).insert(1150, "c");
        assertEquals(text, base.toString());
        assertEquals(text.substring(0, 1000) + "a".repeat(300) + text.substring(1000), typedA.toString());
        assertEquals(text.substring(0, 1000) + "b".repeat(300) + text.substring(1000), typedB.toString());
        assertEquals(text.substring(0, 1000) + "a".repeat(150) + "c" + text.substring(1000), backspaced.toString());
        for (int i = 0; i < versions.size(); i++) {
            assertEquals(text.substring(0, 1000) + "a".repeat(i + 1) + text.substring(1000), versions.get(i).toString());
        }
    }

    @Test
    void typingOnManyThreads_fromOneVersion_eachSeesOnlyItsOwnEdits() throws Exception {
        String text = letters(4_000, 10);
        Rope base = Rope.of(text).insert(2_000, "_"); // every thread types after this shared edit
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                char c = (char) ('0' + t);
                Callable<String> typing = () -> {
                    Rope rope = base;
                    for (int i = 0; i < 500; i++) {
                        rope = rope.insert(2_001 + i, String.valueOf(c));
                    }
                    return rope.toString();
                };
                results.add(pool.submit(typing));
            }
            for (int t = 0; t < 8; t++) {
                String typed = String.valueOf((char) ('0' + t)).repeat(500);
                assertEquals(text.substring(0, 2_000) + "_" + typed + text.substring(2_000), results.get(t).get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(text.substring(0, 2_000) + "_" + text.substring(2_000), base.toString());
    }

    @Test
    void leafBoundaries_manySurrogatePairs_neverSplitAPair() {
        for (int offset = 0; offset < 4; offset++) {
            Rope rope = Rope.of("a".repeat(offset) + EMOJI.repeat(10_000));
            RopeInvariants.check(rope);
            for (int i = 0; i < 2_000; i += 3) {
                rope = rope.insert(i * 5, i % 2 == 0 ? "\uD83D" : "\uDE00");
            }
            RopeInvariants.check(rope);
        }
    }
}
