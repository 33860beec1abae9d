package dev.weft.bench;

import dev.weft.ot.TextOperation;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A cyclic script of random single-character edits for {@link RandomEditBenchmark}, generated
 * once, before anything is measured. Half the edits insert and half delete, in random order, so
 * after the whole script the document is back at its start length and the script can run again.
 * Each position is uniform over the document as it is when that edit applies.
 */
final class RandomEdits {
    /** Marks a delete in {@link #inserted}. */
    static final char DELETE = 0;

    /** Where each edit applies, in code points (the document is ASCII, so also UTF-16 indices). */
    final int[] positions;
    /** The character each edit inserts, or {@link #DELETE}. */
    final char[] inserted;

    private RandomEdits(int[] positions, char[] inserted) {
        this.positions = positions;
        this.inserted = inserted;
    }

    /**
     * Generates {@code count} edits (a power of two) for a document of {@code documentLength}
     * characters.
     */
    static RandomEdits generate(int documentLength, int count, long seed) {
        if (Integer.bitCount(count) != 1 || count > documentLength) {
            throw new IllegalArgumentException("edit count must be a power of two no larger than the document, was " + count);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] positions = new int[count];
        char[] inserted = new char[count];
        int insertsLeft = count / 2;
        int deletesLeft = count / 2;
        int length = documentLength;
        for (int i = 0; i < count; i++) {
            boolean insert = random.nextInt(insertsLeft + deletesLeft) < insertsLeft;
            if (insert) {
                positions[i] = random.nextInt(length + 1);
                inserted[i] = letter(random);
                insertsLeft--;
                length++;
            } else {
                positions[i] = random.nextInt(length);
                inserted[i] = DELETE;
                deletesLeft--;
                length--;
            }
        }
        return new RandomEdits(positions, inserted);
    }

    /** The edits as operations, each built once, here. */
    TextOperation[] operations() {
        TextOperation[] ops = new TextOperation[positions.length];
        for (int i = 0; i < ops.length; i++) {
            ops[i] = inserted[i] == DELETE
                    ? TextOperation.delete(positions[i], 1)
                    : TextOperation.insert(positions[i], String.valueOf(inserted[i]));
        }
        return ops;
    }

    /** A document of {@code length} random ASCII letters, spaces and newlines. */
    static String document(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) letter(random);
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static char letter(SplittableRandom random) {
        int r = random.nextInt(32);
        return r < 26 ? (char) ('a' + r) : r < 31 ? ' ' : '\n';
    }
}
