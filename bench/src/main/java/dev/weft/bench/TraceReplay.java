package dev.weft.bench;

import dev.weft.ot.Rope;
import dev.weft.ot.TextOperation;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One loaded trace and the three ways {@link TraceReplayBenchmark} replays it. Each replay is
 * checked against the trace's end text once, when the state is set up: a benchmark that computes a
 * wrong result measures nothing.
 */
final class TraceReplay {
    private final String name;
    private final String startContent;
    private final String endContent;
    private final EditTrace.Patch[] patches;
    private final TextOperation[] operations;

    private TraceReplay(String name, EditTrace trace) {
        this.name = name;
        this.startContent = trace.startContent();
        this.endContent = trace.endContent();
        this.patches = trace.patches().toArray(new EditTrace.Patch[0]);
        this.operations = new TextOperation[patches.length];
        for (int i = 0; i < patches.length; i++) {
            operations[i] = patches[i].toOperation();
        }
    }

    /**
     * Loads {@code name} and checks every replay against its end text.
     *
     * @param expectedPatches the patch count the benchmark's {@code @OperationsPerInvocation} assumes
     */
    static TraceReplay load(String name, int expectedPatches) {
        TraceReplay replay;
        try {
            replay = new TraceReplay(name, EditTrace.load(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (replay.patches.length != expectedPatches) {
            throw new IllegalStateException(name + " has " + replay.patches.length + " patches, the benchmark counts " + expectedPatches);
        }
        replay.requireAscii();
        replay.requireEndContent("rope", replay.rope().toString());
        replay.requireEndContent("rope with prebuilt operations", replay.ropePrebuilt().toString());
        replay.requireEndContent("StringBuilder", replay.stringBuilder().toString());
        return replay;
    }

    /** Builds each patch's operation and applies it to the rope: what a server does per edit. */
    Rope rope() {
        Rope text = Rope.of(startContent);
        for (EditTrace.Patch patch : patches) {
            text = patch.toOperation().apply(text);
        }
        return text;
    }

    /** Applies operations built in advance: the rope's share of {@link #rope()}. */
    Rope ropePrebuilt() {
        Rope text = Rope.of(startContent);
        for (TextOperation op : operations) {
            text = op.apply(text);
        }
        return text;
    }

    /** The baseline: one mutable buffer edited in place. */
    StringBuilder stringBuilder() {
        StringBuilder text = new StringBuilder(startContent);
        for (EditTrace.Patch patch : patches) {
            text.replace(patch.position(), patch.position() + patch.deleteCount(), patch.text());
        }
        return text;
    }

    /** The baseline takes code-point positions as UTF-16 indices, which holds only for ASCII. */
    private void requireAscii() {
        boolean ascii = startContent.chars().allMatch(c -> c < 0x80) && endContent.chars().allMatch(c -> c < 0x80);
        for (EditTrace.Patch patch : patches) {
            ascii &= patch.text().chars().allMatch(c -> c < 0x80);
        }
        if (!ascii) {
            throw new IllegalStateException(name + " is not pure ASCII: the StringBuilder baseline would misplace edits");
        }
    }

    private void requireEndContent(String how, String actual) {
        if (!actual.equals(endContent)) {
            throw new IllegalStateException(
                    "replaying " + name + " through the " + how + " gives " + actual.length()
                            + " characters that differ from the trace's end text (" + endContent.length() + ")");
        }
    }
}
