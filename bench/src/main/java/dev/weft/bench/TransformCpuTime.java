package dev.weft.bench;

import dev.weft.ot.TextOperation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The transforms of {@link TransformBenchmark}, timed in CPU time of the measuring thread instead
 * of wall-clock time. On a machine shared with other jobs a JMH fork gets a varying share of a
 * core, and its throughput says as much about the load as about the code; the CPU time a
 * transform costs moves far less (it still grows when other jobs evict the pool from the caches).
 * A cross-check for docs/benchmarks.md, not a replacement for the JMH figures.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.weft.bench.TransformCpuTime [rounds] [poolSize]}:
 * rounds of 4,194,304 transforms per shape (default 12, of which the first 4 warm up), cycling
 * through the first {@code poolSize} pairs (a power of two, default the whole pool of 4,096).
 * Prints the median, minimum and maximum nanoseconds of CPU time per transform.
 */
public final class TransformCpuTime {
    private static final int TRANSFORMS_PER_ROUND = 1 << 22;
    private static final int WARMUP_ROUNDS = 4;
    private static int sink;

    private TransformCpuTime() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int poolSize = args.length > 1 ? Integer.parseInt(args[1]) : TransformPairs.POOL_SIZE;
        if (rounds <= WARMUP_ROUNDS || Integer.bitCount(poolSize) != 1 || poolSize > TransformPairs.POOL_SIZE) {
            System.err.println("usage: TransformCpuTime [rounds > " + WARMUP_ROUNDS + "] [poolSize: a power of two <= "
                    + TransformPairs.POOL_SIZE + "]");
            System.exit(2);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (TransformPairs.Shape shape : TransformPairs.Shape.values()) {
            TransformPairs pairs = TransformPairs.generate(shape);
            pairs.checkConvergence();
            double[] nanos = new double[rounds - WARMUP_ROUNDS];
            for (int round = 0; round < rounds; round++) {
                long start = threads.getCurrentThreadCpuTime();
                transformAll(pairs, poolSize - 1);
                double perTransform = (threads.getCurrentThreadCpuTime() - start) / (double) TRANSFORMS_PER_ROUND;
                if (round >= WARMUP_ROUNDS) {
                    nanos[round - WARMUP_ROUNDS] = perTransform;
                }
            }
            Arrays.sort(nanos);
            double median = nanos[nanos.length / 2];
            System.out.printf("%s, pool %d: median %.1f ns CPU per transform (%.2f million/s of CPU), min %.1f, max %.1f, %d rounds%n",
                    shape, poolSize, median, 1000 / median, nanos[0], nanos[nanos.length - 1], nanos.length);
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    private static void transformAll(TransformPairs pairs, int mask) {
        for (int k = 0; k < TRANSFORMS_PER_ROUND; k++) {
            int i = k & mask;
            sink += TextOperation.transform(pairs.left[i], pairs.right[i], TransformPairs.side(i)).size();
        }
    }
}
