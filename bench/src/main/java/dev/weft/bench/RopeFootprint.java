package dev.weft.bench;

import dev.weft.ot.Rope;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;

/**
 * Measures how many heap bytes a 100,000-character ASCII document costs per character: as a
 * plain {@link String} (the baseline: 1 byte per character with compact strings), as a
 * {@link Rope} built with {@link Rope#of}, and as the rope left by replaying the automerge-paper
 * trace edit by edit (104,852 characters). It holds many distinct copies at once, forces garbage
 * collection, and divides the growth of used heap by the characters held (the small array that
 * holds them is counted too: 4 bytes a copy). Not a JMH benchmark:
 * it measures space, not time.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.weft.bench.RopeFootprint [copies]}.
 */
public final class RopeFootprint {
    private static final int CHARACTERS = 100_000;
    private static final int DEFAULT_COPIES = 200;
    private static final long SEED = 0xF007_9121L;
    private static final int ROUNDS = 5;

    private RopeFootprint() {}

    /** Prints bytes per character for each representation, the median of {@value #ROUNDS} rounds. */
    public static void main(String[] args) {
        int copies = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_COPIES;
        System.out.printf("%s %s, max heap %d MiB, %d copies each, median of %d rounds%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, copies, ROUNDS);
        usedHeapAfterGc(); // the first reading sets up the management beans, which takes heap
        measure("String (baseline)", copies, i -> RandomEdits.document(CHARACTERS, SEED + i), String::length);
        measure("Rope.of(String)", copies, i -> Rope.of(RandomEdits.document(CHARACTERS, SEED + i)), Rope::length);
        TraceReplay trace = TraceReplay.load("automerge-paper", TraceReplayBenchmark.AUTOMERGE_PAPER_PATCHES);
        measure("Rope after automerge-paper replay", copies, i -> trace.ropePrebuilt(), Rope::length);
    }

    private static <T> void measure(String label, int copies, IntFunction<T> make, ToLongFunction<T> length) {
        double[] perCharacter = new double[ROUNDS];
        long bytes = 0;
        long characters = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Object[] held = new Object[copies];
            long before = usedHeapAfterGc();
            characters = 0;
            for (int i = 0; i < copies; i++) {
                T value = make.apply(i);
                held[i] = value;
                characters += length.applyAsLong(value);
            }
            long after = usedHeapAfterGc();
            Reference.reachabilityFence(held);
            bytes = after - before;
            perCharacter[round] = (double) bytes / characters;
        }
        Arrays.sort(perCharacter);
        System.out.printf("%-36s %,12d characters: median %6.3f bytes/character (min %.3f, max %.3f)%n",
                label, characters, perCharacter[ROUNDS / 2], perCharacter[0], perCharacter[ROUNDS - 1]);
    }

    /** Used heap after a few full collections (one may leave garbage that a finalizer freed). */
    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
