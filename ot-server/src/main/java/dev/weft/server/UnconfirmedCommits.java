package dev.weft.server;

import dev.weft.ot.Commit;
import dev.weft.ot.CommittedOp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One document's commits that the store is still making durable, oldest first, with the acks
 * waiting for each. The document's sequencer commits the next submission while the store syncs
 * the previous ones (a write-behind history), so a document has many commits in one group
 * commit; but nothing about a commit leaves the server (its ack, its broadcast) before the store
 * confirms it, and confirmations are taken in version order. Used on the document's executor only.
 */
final class UnconfirmedCommits {

    /** Something that waits for a commit: its ack. */
    interface Waiter {
        /** The commit is durable. */
        void durable(Commit commit);

        /** The store failed, so the commit was dropped: nothing was committed. */
        void failed(RuntimeException cause);
    }

    /** A commit whose write is pending, who made it (to broadcast to everyone else), and its waiters. */
    record Pending(CommittedOp entry, Connection author, CompletableFuture<Boolean> write, long startedNanos,
                   List<Waiter> waiters) {

        /** Why the write did not make the entry durable; null if it did (or is not finished). */
        RuntimeException failure() {
            if (!write.isDone()) {
                return null;
            }
            try {
                return write.join() ? null : new IllegalStateException("the store refused version "
                        + entry.version() + ": its history does not end at the version before");
            } catch (RuntimeException e) {
                return e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
    }

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Adds the commit just appended as {@code entry} and its ack; the write is the store's future for it. */
    void add(CommittedOp entry, Connection author, CompletableFuture<Boolean> write, long startedNanos,
             Waiter waiter) {
        List<Waiter> waiters = new ArrayList<>(1);
        waiters.add(waiter);
        pending.addLast(new Pending(entry, author, write, startedNanos, waiters));
    }

    /** Adds a resubmission's ack to the pending commit of {@code version}; false if none is pending. */
    boolean awaitAsDuplicate(long version, Waiter waiter) {
        for (Pending commit : pending) {
            if (commit.entry().version() == version) {
                commit.waiters().add(new Waiter() {
                    @Override
                    public void durable(Commit durable) {
                        waiter.durable(new Commit(durable.entry(), true));
                    }

                    @Override
                    public void failed(RuntimeException cause) {
                        waiter.failed(cause);
                    }
                });
                return true;
            }
        }
        return false;
    }

    /** The latest version that is durable along with every one before it, for a sequencer at {@code latest}. */
    long durableVersion(long latest) {
        return pending.isEmpty() ? latest : pending.peekFirst().entry().version() - 1;
    }

    /** How the pending commits change the document's length, in code points. */
    long lengthDelta() {
        long delta = 0;
        for (Pending commit : pending) {
            delta += commit.entry().op().lengthDelta();
        }
        return delta;
    }

    /** The oldest commit, removed, if its write has finished; otherwise null. */
    Pending pollFinished() {
        Pending first = pending.peekFirst();
        return first != null && first.write().isDone() ? pending.pollFirst() : null;
    }

    /** The oldest pending write, or null: once it finishes, {@link #pollFinished} has work. */
    CompletableFuture<Boolean> oldestWrite() {
        Pending first = pending.peekFirst();
        return first == null ? null : first.write();
    }

    /** Removes and returns every pending commit. */
    List<Pending> clear() {
        List<Pending> all = new ArrayList<>(pending);
        pending.clear();
        return all;
    }
}
