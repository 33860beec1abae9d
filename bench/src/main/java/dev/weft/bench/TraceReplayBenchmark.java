package dev.weft.bench;

import dev.weft.ot.Rope;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replays the real editing traces from the josephg/editing-traces collection, one patch at a
 * time, and reports patches per second. Every {@code ...Rope} benchmark builds each patch as a
 * {@code TextOperation} and applies it to a {@link Rope}; {@code ...RopePrebuiltOps} applies
 * operations built in advance (the rope's share of the cost); {@code ...StringBuilder} is the
 * baseline, {@link StringBuilder#replace} on one mutable buffer. One invocation is one full replay.
 *
 * <p>Warmup is long on purpose: an invocation replays the whole trace, so the first ones run
 * interpreted for a second or more, and on a busy two-core machine C2 takes several seconds to
 * compile the replay loop.
 *
 * <p>The young generation is fixed at 256 MiB in every benchmark here: on the virtual machine
 * these figures come from, touching fresh memory costs about 9 ms a MiB, and G1 left to itself
 * grows eden over gigabytes of untouched heap, which at these allocation rates keeps a fork slow
 * for twenty seconds (see docs/benchmarks.md).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-Xmn256m"})
public class TraceReplayBenchmark {
    static final int AUTOMERGE_PAPER_PATCHES = 259_778;
    static final int SVELTECOMPONENT_PATCHES = 19_749;

    /** The automerge-paper trace (automerge-perf, CC BY 4.0): 259,778 single-character edits. */
    @State(Scope.Benchmark)
    public static class AutomergePaper {
        TraceReplay trace;

        /** Loads the trace and checks every replay against its end text. */
        @Setup(Level.Trial)
        public void load() {
            trace = TraceReplay.load("automerge-paper", AUTOMERGE_PAPER_PATCHES);
        }
    }

    /** The sveltecomponent trace: 19,749 edits, including multi-cursor edits and refactorings. */
    @State(Scope.Benchmark)
    public static class SvelteComponent {
        TraceReplay trace;

        /** Loads the trace and checks every replay against its end text. */
        @Setup(Level.Trial)
        public void load() {
            trace = TraceReplay.load("sveltecomponent", SVELTECOMPONENT_PATCHES);
        }
    }

    /** automerge-paper: build each patch's operation and apply it to the rope. */
    @Benchmark
    @OperationsPerInvocation(AUTOMERGE_PAPER_PATCHES)
    public Rope automergePaperRope(AutomergePaper state) {
        return state.trace.rope();
    }

    /** automerge-paper: apply operations built in advance to the rope. */
    @Benchmark
    @OperationsPerInvocation(AUTOMERGE_PAPER_PATCHES)
    public Rope automergePaperRopePrebuiltOps(AutomergePaper state) {
        return state.trace.ropePrebuilt();
    }

    /** automerge-paper baseline: {@link StringBuilder#replace} per patch. */
    @Benchmark
    @OperationsPerInvocation(AUTOMERGE_PAPER_PATCHES)
    public StringBuilder automergePaperStringBuilder(AutomergePaper state) {
        return state.trace.stringBuilder();
    }

    /** sveltecomponent: build each patch's operation and apply it to the rope. */
    @Benchmark
    @OperationsPerInvocation(SVELTECOMPONENT_PATCHES)
    public Rope sveltecomponentRope(SvelteComponent state) {
        return state.trace.rope();
    }

    /** sveltecomponent: apply operations built in advance to the rope. */
    @Benchmark
    @OperationsPerInvocation(SVELTECOMPONENT_PATCHES)
    public Rope sveltecomponentRopePrebuiltOps(SvelteComponent state) {
        return state.trace.ropePrebuilt();
    }

    /** sveltecomponent baseline: {@link StringBuilder#replace} per patch. */
    @Benchmark
    @OperationsPerInvocation(SVELTECOMPONENT_PATCHES)
    public StringBuilder sveltecomponentStringBuilder(SvelteComponent state) {
        return state.trace.stringBuilder();
    }
}
