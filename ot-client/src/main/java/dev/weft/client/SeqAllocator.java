package dev.weft.client;

import java.util.function.LongSupplier;

/**
 * Hands out the seqs a client puts on the wire: one counter for all its documents, strictly
 * increasing for the client id's whole life, as docs/protocol.md requires. The server recognizes a
 * resubmission by {@code (clientId, seq)}, so a seq reused for a different edit would make the
 * server ack the new edit as a duplicate and drop it.
 *
 * <p>A generated client id is new, so its seqs start at 1. A client id the application chose may
 * have been used before by an earlier run whose last seq is unknown, so then the counter starts
 * at the wall clock in microseconds (about 1.8e15 in 2026, well inside JavaScript's exact integer
 * range) and stays above it: a later run starts above an earlier one unless the earlier one used
 * more than a million seqs per second or the clock went back. A client with an offline-queue file
 * continues from the last seq the file records.
 */
final class SeqAllocator {
    private final LongSupplier floor;
    private long last;

    private SeqAllocator(long last, LongSupplier floor) {
        this.last = last;
        this.floor = floor;
    }

    /** For a freshly generated client id: 1, 2, 3, ... */
    static SeqAllocator fresh() {
        return new SeqAllocator(0, () -> 0);
    }

    /** For a client id that may have been used before: never below {@code clockMicros}. */
    static SeqAllocator clocked(long lastKnown, LongSupplier clockMicros) {
        return new SeqAllocator(lastKnown, clockMicros);
    }

    /** The next seq. */
    long next() {
        last = Math.max(last + 1, floor.getAsLong());
        return last;
    }

    /** The last seq handed out (0 if none). */
    long last() {
        return last;
    }
}
