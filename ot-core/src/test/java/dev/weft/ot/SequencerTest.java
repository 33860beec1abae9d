package dev.weft.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ot.SubmitException.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequencerTest {

    private static Submission sub(String client, long seq, long base, TextOperation op) {
        return new Submission(client, seq, base, op);
    }

    private static SubmitException refused(Sequencer sequencer, Submission submission) {
        return assertThrows(SubmitException.class, () -> sequencer.submit(submission));
    }

    @Test
    void commit_ofAnEarlierPreparedSubmission_appliesItsOwnOperation() {
        Sequencer sequencer = Sequencer.create("hello");
        Commit first = sequencer.prepare(sub("a", 1, 0, TextOperation.insert(5, "!")));
        Commit second = sequencer.prepare(sub("b", 1, 0, TextOperation.insert(0, ">")));
        sequencer.commit(first);
        assertEquals("hello!", sequencer.text().toString(), "the text of the commit, not of the last prepare");
        assertThrows(SubmitException.class, () -> sequencer.commit(second), "prepared for a version now taken");
        sequencer.commit(sequencer.prepare(sub("b", 1, 0, TextOperation.insert(0, ">"))));
        assertEquals(">hello!", sequencer.text().toString());
    }

    @Test
    void submit_currentBase_commitsAsNextVersion() {
        Sequencer sequencer = Sequencer.create("hello");
        Commit commit = sequencer.submit(sub("a", 1, 0, TextOperation.insert(5, "!")));
        assertEquals(1, commit.version());
        assertFalse(commit.duplicate());
        assertEquals("hello!", sequencer.text().toString());
        assertEquals(1, sequencer.version());
        assertEquals(List.of(commit.entry()), sequencer.history().opsSince(0));
    }

    @Test
    void submit_staleBase_isRebasedOverEachLaterCommit() {
        Sequencer sequencer = Sequencer.create("abcdef");
        sequencer.submit(sub("b", 1, 0, TextOperation.insert(0, "XY")));   // XYabcdef
        sequencer.submit(sub("c", 1, 1, TextOperation.delete(3, 2)));      // XYaef... deletes "bc"
        sequencer.submit(sub("b", 2, 2, TextOperation.insert(6, "Z")));    // XYadefZ
        assertEquals("XYadefZ", sequencer.text().toString());

        // Made against version 0: replace "e" (position 4) with "E".
        TextOperation stale = TextOperation.builder().retain(4).delete("e").insert("E").build();
        Commit commit = sequencer.submit(sub("a", 1, 0, stale));

        assertEquals(4, commit.version());
        assertEquals(TextOperation.builder().retain(4).delete("e").insert("E").build(), commit.op());
        assertEquals("XYadEfZ", sequencer.text().toString());
    }

    @Test
    void submit_concurrentInsertsAtOnePosition_laterArrivalGoesFirst() {
        Sequencer sequencer = Sequencer.create("ab");
        sequencer.submit(sub("b", 1, 0, TextOperation.insert(1, "B")));
        Commit commit = sequencer.submit(sub("a", 1, 0, TextOperation.insert(1, "A")));
        // The submitted op takes Side.LEFT against the committed one, as in ShareDB.
        assertEquals(TextOperation.insert(1, "A"), commit.op());
        assertEquals("aABb", sequencer.text().toString());
    }

    @Test
    void submit_sameClientAndSeqAgain_acksOriginalVersionWithoutApplyingTwice() {
        Sequencer sequencer = Sequencer.create("x");
        Commit first = sequencer.submit(sub("a", 1, 0, TextOperation.insert(1, "y")));
        sequencer.submit(sub("b", 1, 1, TextOperation.insert(0, "w")));

        Commit again = sequencer.submit(sub("a", 1, 0, TextOperation.insert(1, "y")));

        assertTrue(again.duplicate());
        assertEquals(1, again.version());
        assertEquals(first.entry(), again.entry());
        assertEquals("wxy", sequencer.text().toString());
        assertEquals(2, sequencer.version());
        assertEquals(2, sequencer.history().version());
    }

    @Test
    void submit_resubmissionAfterRestart_isRecognizedFromTheHistory() {
        Sequencer before = Sequencer.create("doc");
        before.submit(sub("a", 7, 0, TextOperation.delete(0, 1)));
        before.submit(sub("b", 1, 1, TextOperation.insert(2, "!")));

        Sequencer restarted = Sequencer.open(before.history(), 0, "doc");
        assertEquals("oc!", restarted.text().toString());
        Commit again = restarted.submit(sub("a", 7, 0, TextOperation.delete(0, 1)));

        assertTrue(again.duplicate());
        assertEquals(1, again.version());
        assertEquals("oc!", restarted.text().toString());
    }

    @Test
    void submit_baseAheadOfDocument_failsWithFutureVersion() {
        Sequencer sequencer = Sequencer.create("abc");
        sequencer.submit(sub("a", 1, 0, TextOperation.insert(0, "x")));
        SubmitException e = refused(sequencer, sub("b", 1, 12, TextOperation.insert(0, "y")));
        assertEquals(Reason.FUTURE_VERSION, e.reason());
        assertEquals("base version 12 is ahead of the document's version 1", e.getMessage());
        assertEquals("xabc", sequencer.text().toString());
    }

    @Test
    void submit_baseOlderThanHistory_failsWithHistoryUnavailable() {
        Sequencer sequencer = Sequencer.open(InMemoryHistory.startingAt(10), 10, "abc");
        sequencer.submit(sub("a", 1, 10, TextOperation.insert(0, "x")));
        SubmitException e = refused(sequencer, sub("b", 1, 3, TextOperation.insert(0, "y")));
        assertEquals(Reason.HISTORY_UNAVAILABLE, e.reason());
        assertEquals("base version 3 is older than version 10, the oldest the history can rebase from"
                + " (the document is at version 11)", e.getMessage());
        assertEquals(11, sequencer.version());
    }

    @Test
    void submit_opLongerThanDocument_failsWithInvalidOp() {
        Sequencer sequencer = Sequencer.create("abc");
        SubmitException e = refused(sequencer, sub("a", 1, 0, TextOperation.delete(2, 5)));
        assertEquals(Reason.INVALID_OP, e.reason());
        assertEquals("the operation needs a document of at least 7 code points, but the document at"
                + " base version 0 has 3", e.getMessage());
        assertEquals(0, sequencer.version());
        assertEquals(0, sequencer.history().version());
    }

    @Test
    void submit_opTooLongForItsBaseButShorterThanNow_failsWithInvalidOp() {
        Sequencer sequencer = Sequencer.create("abc");
        sequencer.submit(sub("b", 1, 0, TextOperation.insert(0, "0123456789")));
        SubmitException e = refused(sequencer, sub("a", 1, 0, TextOperation.insert(5, "!")));
        assertEquals(Reason.INVALID_OP, e.reason());
        assertEquals(1, sequencer.version());
    }

    @Test
    void submit_deletedTextDiffersFromDocument_failsWithInvalidOp() {
        Sequencer sequencer = Sequencer.create("abc");
        SubmitException e = refused(sequencer, sub("a", 1, 0, TextOperation.delete(0, "xy")));
        assertEquals(Reason.INVALID_OP, e.reason());
        assertTrue(e.getMessage().startsWith("the operation does not fit the document at version 0: "), e.getMessage());
        assertEquals("abc", sequencer.text().toString());
    }

    @Test
    void submit_seqBelowLastCommittedAndUnknown_failsWithStaleSeq() {
        Sequencer sequencer = Sequencer.create("");
        sequencer.submit(sub("a", 5, 0, TextOperation.insert(0, "x")));
        SubmitException e = refused(sequencer, sub("a", 3, 1, TextOperation.insert(0, "y")));
        assertEquals(Reason.STALE_SEQ, e.reason());
        assertEquals("seq 3 of client \"a\" is not above its last committed seq 5, and the history holds"
                + " no operation with that seq", e.getMessage());
        assertEquals("x", sequencer.text().toString());
    }

    @Test
    void submit_seqWithGap_isAccepted() {
        Sequencer sequencer = Sequencer.create("");
        sequencer.submit(sub("a", 1, 0, TextOperation.insert(0, "x")));
        assertEquals(2, sequencer.submit(sub("a", 9, 1, TextOperation.insert(1, "y"))).version());
    }

    @Test
    void prepare_validSubmission_commitsNothingUntilCommit() {
        Sequencer sequencer = Sequencer.create("ab");
        Commit prepared = sequencer.prepare(sub("a", 1, 0, TextOperation.insert(2, "c")));
        assertEquals(1, prepared.version());
        assertEquals(0, sequencer.version());
        assertEquals(0, sequencer.history().version());
        assertEquals("ab", sequencer.text().toString());

        sequencer.commit(prepared);
        assertEquals("abc", sequencer.text().toString());
        assertEquals(1, sequencer.history().version());
    }

    @Test
    void commit_preparedBeforeAnotherCommit_failsWithVersionConflict() {
        Sequencer sequencer = Sequencer.create("ab");
        Commit first = sequencer.prepare(sub("a", 1, 0, TextOperation.insert(0, "x")));
        Commit second = sequencer.prepare(sub("b", 1, 0, TextOperation.insert(0, "y")));
        sequencer.commit(first);
        SubmitException e = assertThrows(SubmitException.class, () -> sequencer.commit(second));
        assertEquals(Reason.VERSION_CONFLICT, e.reason());
        assertEquals("the prepared commit for version 1 is stale: the document is at version 1; submit again",
                e.getMessage());
        assertEquals("xab", sequencer.text().toString());
    }

    @Test
    void commit_historyAppendedByAnotherWriter_failsWithVersionConflictThenRebasesOnRetry() {
        InMemoryHistory shared = new InMemoryHistory();
        Sequencer one = Sequencer.open(shared, 0, "ab");
        Sequencer two = Sequencer.open(shared, 0, "ab");
        Commit prepared = one.prepare(sub("a", 1, 0, TextOperation.insert(2, "!")));
        two.submit(sub("b", 1, 0, TextOperation.insert(0, ">")));

        SubmitException e = assertThrows(SubmitException.class, () -> one.commit(prepared));
        assertEquals(Reason.VERSION_CONFLICT, e.reason());
        assertEquals("version 1 was committed by another writer; submit again", e.getMessage());

        Commit retried = one.submit(sub("a", 1, 0, TextOperation.insert(2, "!")));
        assertEquals(2, retried.version());
        assertEquals(">ab!", one.text().toString());
    }

    @Test
    void opsSince_knownVersion_returnsTheMissedOpsInOrder() {
        Sequencer sequencer = Sequencer.create("");
        Commit v1 = sequencer.submit(sub("a", 1, 0, TextOperation.insert(0, "1")));
        Commit v2 = sequencer.submit(sub("b", 1, 1, TextOperation.insert(1, "2")));
        assertEquals(List.of(v1.entry(), v2.entry()), sequencer.opsSince(0));
        assertEquals(List.of(v2.entry()), sequencer.opsSince(1));
        assertEquals(List.of(), sequencer.opsSince(2));
        assertEquals(Reason.FUTURE_VERSION, assertThrows(SubmitException.class, () -> sequencer.opsSince(3)).reason());
    }

    @Test
    void submission_nonPositiveSeq_failsNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sub("a", 0, 0, TextOperation.noop()));
        assertEquals("seq must be at least 1, was 0", e.getMessage());
    }

    @Test
    void open_snapshotOutsideHistory_failsNamingTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sequencer.open(InMemoryHistory.startingAt(4), 2, "x"));
        assertEquals("snapshot version 2 is outside the history's versions 4 to 4", e.getMessage());
    }
}
