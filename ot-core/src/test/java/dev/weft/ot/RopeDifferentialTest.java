package dev.weft.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random edits and reads checked against a plain String model, with astral characters and lone
 * surrogates. The seed is printed on failure; rerun one with {@code -Dweft.seed=<seed>}.
 */
class RopeDifferentialTest {
    private static final String[] ATOMS = {"a", "b", "c", " ", "\n", "é", "ж", "中", "😀", "𝄞", "\uD83D", "\uDE00"};

    private final long seed = Long.getLong("weft.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private String model;
    private Rope rope;
    private int cursor;

    @Test
    void randomEdits_smallDocuments_matchStringModel() {
        run("", 6000, 400, 1, 3000);
    }

    @Test
    void randomEdits_largeDocument_matchStringModel() {
        run(text(150_000, 0.05), 1000, 2000, 100, 200_000);
    }

    @Test
    void randomEdits_typingOnMediumDocument_matchStringModel() {
        run(text(20_000, 0.02), 8000, 3, 500, 40_000);
    }

    /**
     * {@code steps} edits of up to {@code maxText} units; every {@code every} steps the tree is
     * checked and the version kept (some others too) to compare with its text at the end. A
     * document longer than {@code limit} code points loses a large range.
     */
    private void run(String initial, int steps, int maxText, int every, int limit) {
        model = initial;
        rope = Rope.of(initial);
        List<Rope> ropes = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        int step = 0;
        try {
            for (; step < steps; step++) {
                if (length(model) > limit) {
                    int from = random.nextInt(limit / 2);
                    rope = rope.delete(from, limit / 2);
                    model = splice(model, from, limit / 2, "");
                }
                if (!ropes.isEmpty() && random.nextInt(100) < 3) {
                    // Branch: edit an older version again, whose leaf buffer a newer one shares.
                    int old = random.nextInt(ropes.size());
                    rope = ropes.get(old);
                    model = texts.get(old);
                }
                edit(maxText);
                read();
                if (step % every == 0) {
                    RopeInvariants.check(rope);
                }
                if (step % every == 0 || random.nextInt(100) < 5) {
                    ropes.add(rope);
                    texts.add(model);
                }
            }
            verify(ropes, texts);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " (rerun with -Dweft.seed=" + seed + "), step " + step, e);
        }
    }

    /** The final rope matches the model, and every version kept along the way still has its text. */
    private void verify(List<Rope> ropes, List<String> texts) {
        RopeInvariants.check(rope);
        assertEquals(model, rope.toString());
        assertEquals(Rope.of(model), rope);
        assertEquals(model.hashCode(), rope.hashCode());
        for (int i = 0; i < ropes.size(); i++) {
            assertEquals(texts.get(i), ropes.get(i).toString(), "an older version changed");
        }
    }

    private void edit(int maxText) {
        int n = length(model);
        int roll = random.nextInt(100);
        int position = position(n);
        if (roll < 10 && cursor > 0 && cursor <= n) {
            rope = rope.delete(cursor - 1, 1); // backspace
            model = splice(model, cursor - 1, 1, "");
            cursor--;
        } else if (roll < 40) {
            String t = text(1 + random.nextInt(maxText), 0.1);
            rope = rope.insert(position, t);
            model = splice(model, position, 0, t);
            cursor = position + length(t);
        } else if (roll < 75) {
            int count = Math.min(n - position, random.nextInt(4) == 0 ? random.nextInt(maxText + 1) : 1);
            rope = rope.delete(position, count);
            model = splice(model, position, count, "");
            cursor = position;
        } else if (roll < 88) {
            int count = random.nextInt(Math.min(n - position, maxText) + 1);
            String t = text(random.nextInt(maxText + 1), 0.1);
            rope = rope.replace(position, count, t);
            model = splice(model, position, count, t);
        } else if (roll < 94) {
            int cut = random.nextInt(n + 1);
            Rope left = rope.subRope(0, cut);
            Rope right = rope.subRope(cut, n);
            String t = text(random.nextInt(maxText + 1), 0.2);
            rope = left.concat(Rope.of(t)).concat(right);
            model = splice(model, cut, 0, t);
        } else if (n > 0) {
            int from = random.nextInt(n + 1);
            int to = from + random.nextInt(n - from + 1);
            rope = rope.subRope(from, to).concat(rope.subRope(0, from)).concat(rope.subRope(to, n));
            model = slice(model, from, to) + slice(model, 0, from) + slice(model, to, n);
        }
    }

    private void read() {
        int n = length(model);
        assertEquals(n, rope.length(), "length");
        assertEquals(model.length(), rope.utf16Length(), "utf16Length");
        int from = position(n);
        int to = Math.min(n, from + random.nextInt(600));
        String expected = slice(model, from, to);
        assertEquals(expected, rope.slice(from, to), "slice");
        assertEquals(true, rope.regionMatches(from, expected), "regionMatches of the slice");
        assertEquals(model.startsWith(expected + "x", model.offsetByCodePoints(0, from)),
                rope.regionMatches(from, expected + "x"), "regionMatches one past");
        assertEquals(model.offsetByCodePoints(0, from), rope.utf16Index(from), "utf16Index");
        int index = random.nextInt(model.length() + 1);
        assertEquals(model.codePointCount(0, index), rope.codePointIndex(index), "codePointIndex");
        if (from < n) {
            assertEquals(model.codePointAt(model.offsetByCodePoints(0, from)), rope.codePointAt(from), "codePointAt");
        }
    }

    /** Mostly at or near the last edit, as typing is; sometimes anywhere. */
    private int position(int n) {
        int roll = random.nextInt(10);
        if (roll < 4) {
            return Math.min(n, cursor);
        }
        if (roll < 7) {
            return Math.max(0, Math.min(n, cursor + random.nextInt(7) - 3));
        }
        return random.nextInt(n + 1);
    }

    private String text(int units, double exotic) {
        StringBuilder out = new StringBuilder(units + 1);
        while (out.length() < units) {
            out.append(random.nextDouble() < exotic ? ATOMS[random.nextInt(ATOMS.length)] : (char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    private static String slice(String s, int from, int to) {
        int i = s.offsetByCodePoints(0, from);
        return s.substring(i, s.offsetByCodePoints(i, to - from));
    }

    private static String splice(String s, int position, int count, String text) {
        int i = s.offsetByCodePoints(0, position);
        int j = s.offsetByCodePoints(i, count);
        return s.substring(0, i) + text + s.substring(j);
    }
}
