package dev.weft.bench;

import dev.weft.ot.Rope;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Random single-character inserts and deletes at uniformly random positions, one per invocation,
 * on documents of 100,000 characters, 1 MiB and 64 MiB: applying an operation must cost
 * O(log n), so the rope's rate should barely move between sizes. The edits are generated in
 * setup ({@link RandomEdits}) and cycled. {@code stringBuilder} is the baseline: the same edits
 * as {@link StringBuilder#insert(int, char)} and {@link StringBuilder#deleteCharAt}, which move
 * the tail of the buffer and so cost O(n).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-Xmn256m"})
public class RandomEditBenchmark {
    /** Edits in one cycle of the script: 64 Ki operations, a few MiB, built before measuring. */
    static final int EDITS = 1 << 16;
    static final long SEED = 0x5EED_0F_3EF7L;
    /** Documents up to this size are checked against a StringBuilder in setup (cheap there). */
    static final int CHECKED_SIZE = 1 << 17;

    /** The document size in characters, shared by both states of one run. */
    @State(Scope.Benchmark)
    public static class Size {
        /** Document length in characters: 100k, 1 MiB, 64 MiB. */
        @Param({"100000", "1048576", "67108864"})
        public int characters;
    }

    /** The rope, the operations, and where in the script the next edit is. */
    @State(Scope.Thread)
    public static class RopeDocument {
        Rope rope;
        TextOperation[] operations;
        int next;

        /** Builds the document and the operations. */
        @Setup(Level.Trial)
        public void setUp(Size size) {
            rope = Rope.of(RandomEdits.document(size.characters, SEED));
            operations = RandomEdits.generate(size.characters, EDITS, SEED + 1).operations();
            if (rope.length() != size.characters) {
                throw new IllegalStateException("rope holds " + rope.length() + " characters, expected " + size.characters);
            }
            if (size.characters <= CHECKED_SIZE) {
                checkOneCycle(size.characters);
            }
        }

        /** Runs the whole script on the rope and on a StringBuilder; the texts must agree. */
        private void checkOneCycle(int characters) {
            RandomEdits edits = RandomEdits.generate(characters, EDITS, SEED + 1);
            StringBuilder expected = new StringBuilder(RandomEdits.document(characters, SEED));
            Rope actual = rope;
            for (int i = 0; i < EDITS; i++) {
                actual = operations[i].apply(actual);
                if (edits.inserted[i] == RandomEdits.DELETE) {
                    expected.deleteCharAt(edits.positions[i]);
                } else {
                    expected.insert(edits.positions[i], edits.inserted[i]);
                }
            }
            if (!actual.toString().contentEquals(expected)) {
                throw new IllegalStateException("the rope and the StringBuilder disagree after one cycle of random edits");
            }
        }

        /** Every whole cycle leaves the length as it was, so the length must match the partial one. */
        @TearDown(Level.Trial)
        public void checkLength(Size size) {
            long expected = size.characters;
            for (int i = 0; i < next; i++) {
                expected += operations[i].lengthDelta();
            }
            if (rope.length() != expected) {
                throw new IllegalStateException("rope holds " + rope.length() + " characters after the run, expected " + expected);
            }
        }
    }

    /** The baseline's buffer and script. */
    @State(Scope.Thread)
    public static class BufferDocument {
        StringBuilder buffer;
        RandomEdits edits;
        int next;

        /** Builds the document and the script. */
        @Setup(Level.Trial)
        public void setUp(Size size) {
            buffer = new StringBuilder(size.characters + EDITS).append(RandomEdits.document(size.characters, SEED));
            edits = RandomEdits.generate(size.characters, EDITS, SEED + 1);
        }
    }

    /** One pre-built single-character operation applied to the rope. */
    @Benchmark
    public Rope rope(RopeDocument doc) {
        int i = doc.next;
        doc.next = (i + 1) & (EDITS - 1);
        Rope edited = doc.operations[i].apply(doc.rope);
        doc.rope = edited;
        return edited;
    }

    /** Baseline: the same edit on a {@link StringBuilder}. */
    @Benchmark
    public int stringBuilder(BufferDocument doc) {
        int i = doc.next;
        doc.next = (i + 1) & (EDITS - 1);
        char c = doc.edits.inserted[i];
        if (c == RandomEdits.DELETE) {
            doc.buffer.deleteCharAt(doc.edits.positions[i]);
        } else {
            doc.buffer.insert(doc.edits.positions[i], c);
        }
        return doc.buffer.length();
    }
}
