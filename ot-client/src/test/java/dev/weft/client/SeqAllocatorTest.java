package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SeqAllocatorTest {

    @Test
    void fresh_countsFromOne() {
        SeqAllocator seqs = SeqAllocator.fresh();
        assertEquals(1, seqs.next());
        assertEquals(2, seqs.next());
        assertEquals(2, seqs.last());
    }

    @Test
    void clocked_startsAtTheClockAndStaysStrictlyIncreasingWhenTheClockStalls() {
        AtomicLong micros = new AtomicLong(5_000_000);
        SeqAllocator seqs = SeqAllocator.clocked(0, micros::get);
        assertEquals(5_000_000, seqs.next());
        assertEquals(5_000_001, seqs.next());
        micros.set(1_000);
        assertEquals(5_000_002, seqs.next(), "a clock that goes back never lowers the seq");
    }

    @Test
    void clocked_laterRunWithTheSameId_startsAboveTheEarlierRun() {
        AtomicLong micros = new AtomicLong(10_000);
        SeqAllocator first = SeqAllocator.clocked(0, micros::get);
        long last = 0;
        for (int i = 0; i < 500; i++) {
            last = first.next();
        }
        micros.addAndGet(1_000);
        SeqAllocator restarted = SeqAllocator.clocked(0, micros::get);
        assertTrue(restarted.next() > last);
    }

    @Test
    void clocked_fromAFile_continuesAboveItsLastSeq() {
        SeqAllocator seqs = SeqAllocator.clocked(9_000_000, () -> 1_000);
        assertEquals(9_000_001, seqs.next());
    }
}
