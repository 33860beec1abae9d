package dev.weft.bench;

import dev.weft.ot.TextOperation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code TextOperation.transform} of random concurrent pairs on a 1,000-character document, one
 * transform per invocation, cycling through a pool of 4,096 pairs generated in setup
 * ({@link TransformPairs}); the side alternates. The baseline is ot-text-unicode under node on the
 * same pairs (bench/node/transform.js, see docs/benchmarks.md).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Xmn256m"})
public class TransformBenchmark {

    /** The pool and the index of the next pair. */
    @State(Scope.Thread)
    public static class Pool {
        /** Operation shape: one edit each, or four edits (about 8 components) each. */
        @Param({"single-edit", "eight-components"})
        public String shape;

        TransformPairs pairs;
        int next;

        /** Generates the pool and checks that every pair converges. */
        @Setup(Level.Trial)
        public void setUp() {
            pairs = TransformPairs.generate(TransformPairs.Shape.parse(shape));
            pairs.checkConvergence();
        }
    }

    /** One transform of the next pair. */
    @Benchmark
    public TextOperation transform(Pool pool) {
        int i = pool.next;
        pool.next = (i + 1) & (TransformPairs.POOL_SIZE - 1);
        return TextOperation.transform(pool.pairs.left[i], pool.pairs.right[i], TransformPairs.side(i));
    }
}
