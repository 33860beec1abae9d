package dev.weft.bench;

import dev.weft.ot.Side;
import dev.weft.ot.TextOperation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A pool of random concurrent operation pairs on one 1,000-character document, for
 * {@link TransformBenchmark}. The same seed gives the same pool, which {@link #main} writes out as
 * JSON lines so that bench/node/transform.js measures ot-text-unicode on exactly these pairs.
 */
public final class TransformPairs {
    /** Length of the document both operations of a pair were made against. */
    static final int DOCUMENT_LENGTH = 1000;
    /** Pairs in a pool; a power of two so the benchmark can cycle with a mask. */
    static final int POOL_SIZE = 4096;
    static final long SEED = 0x7F0_2A1L;
    private static final int EDITS_PER_MULTI_OP = 4;
    private static final int MAX_EDIT_LENGTH = 4;

    /** What the operations look like. */
    enum Shape {
        /** One insert or delete of 1 to 4 characters: two components, or one at position 0. */
        SINGLE_EDIT,
        /** Four inserts or deletes of 1 to 4 characters at sorted random positions: about 8 components. */
        EIGHT_COMPONENTS;

        static Shape parse(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    final TextOperation[] left;
    final TextOperation[] right;

    private TransformPairs(TextOperation[] left, TextOperation[] right) {
        this.left = left;
        this.right = right;
    }

    /** Generates {@link #POOL_SIZE} pairs of {@code shape}. */
    static TransformPairs generate(Shape shape) {
        SplittableRandom random = new SplittableRandom(SEED + shape.ordinal());
        TextOperation[] left = new TextOperation[POOL_SIZE];
        TextOperation[] right = new TextOperation[POOL_SIZE];
        int edits = shape == Shape.SINGLE_EDIT ? 1 : EDITS_PER_MULTI_OP;
        for (int i = 0; i < POOL_SIZE; i++) {
            left[i] = randomOperation(random, edits);
            right[i] = randomOperation(random, edits);
        }
        return new TransformPairs(left, right);
    }

    /** The side the benchmark uses for pair {@code i}: alternating, so both tie-breaks run. */
    static Side side(int i) {
        return (i & 1) == 0 ? Side.LEFT : Side.RIGHT;
    }

    /** Mean number of components per operation in the pool. */
    double meanComponents() {
        return Arrays.stream(left).mapToInt(TextOperation::size).average().orElse(0) / 2
                + Arrays.stream(right).mapToInt(TextOperation::size).average().orElse(0) / 2;
    }

    /**
     * Checks convergence (TP1) for every pair on a random document, so the benchmark times correct
     * transforms: {@code apply(apply(s, a), transform(b, a, RIGHT)) == apply(apply(s, b),
     * transform(a, b, LEFT))}.
     */
    void checkConvergence() {
        String document = RandomEdits.document(DOCUMENT_LENGTH, SEED);
        for (int i = 0; i < POOL_SIZE; i++) {
            TextOperation a = left[i];
            TextOperation b = right[i];
            String viaA = TextOperation.transform(b, a, Side.RIGHT).apply(a.apply(document));
            String viaB = TextOperation.transform(a, b, Side.LEFT).apply(b.apply(document));
            if (!viaA.equals(viaB)) {
                throw new IllegalStateException("pair " + i + " does not converge: " + a + " and " + b);
            }
        }
    }

    private static TextOperation randomOperation(SplittableRandom random, int edits) {
        int[] points = random.ints(0, DOCUMENT_LENGTH).distinct().limit(edits).sorted().toArray();
        TextOperation.Builder op = TextOperation.builder();
        int cursor = 0;
        for (int k = 0; k < points.length; k++) {
            int limit = k + 1 < points.length ? points[k + 1] : DOCUMENT_LENGTH;
            op.retain(points[k] - cursor);
            cursor = points[k];
            int length = 1 + random.nextInt(MAX_EDIT_LENGTH);
            if (random.nextBoolean()) {
                op.insert(RandomEdits.document(length, random.nextLong()));
            } else {
                int deleted = Math.min(length, limit - cursor);
                op.delete(deleted);
                cursor += deleted;
            }
        }
        return op.build();
    }

    /**
     * Writes a pool as JSON lines, {@code [a, b]} per pair in ot-text-unicode's form, for the
     * node comparison. Usage: {@code TransformPairs single-edit|eight-components FILE}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: TransformPairs single-edit|eight-components FILE");
            System.exit(2);
        }
        TransformPairs pairs = generate(Shape.parse(args[0]));
        pairs.checkConvergence();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8))) {
            for (int i = 0; i < POOL_SIZE; i++) {
                out.println("[" + pairs.left[i] + ", " + pairs.right[i] + "]");
            }
        }
        System.out.printf("wrote %d pairs of %s, %.2f components per operation, to %s%n",
                POOL_SIZE, args[0], pairs.meanComponents(), args[1]);
    }
}
