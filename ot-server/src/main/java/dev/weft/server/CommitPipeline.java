package dev.weft.server;

import dev.weft.ot.Commit;
import dev.weft.ot.CommittedOp;
import dev.weft.ot.CursorBias;
import dev.weft.ot.Selection;
import dev.weft.ot.Sequencer;
import dev.weft.ot.SubmitException;
import dev.weft.ot.Submission;
import dev.weft.server.store.StoreException;
import dev.weft.server.store.StoredHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One document's {@link Sequencer} over the store, and the path of a submission through it:
 * rebased and committed, made durable, then acked and published to the {@link Audience}, in
 * version order. Nothing about a commit (its ack, its broadcast) leaves the server before the
 * store made it durable.
 *
 * <p><b>Write-behind.</b> On a store only this node writes to, the sequencer does not wait for
 * the store: it commits the next submissions while the store syncs, and
 * {@link UnconfirmedCommits} holds their acks until the store confirms them, in version order;
 * the ops that become durable together reach each participant in one frame ({@link Broadcasts}).
 * Whatever shows the text to someone first waits for every pending write ({@link #settled}).
 *
 * <p><b>Several nodes.</b> When other nodes commit to the same store ({@link Cluster#shared()}),
 * a commit may lose the race for its version: the history reads what it missed, the submission
 * is rebased again and retried after a short jittered back-off, as ShareDB does. Whatever this
 * node learns that others committed is published before anything that follows it.
 *
 * <p>Used on the document's {@link SerialExecutor} only.
 */
final class CommitPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(CommitPipeline.class);
    /**
     * Tries of one submission against other nodes' commits, and the back-off cap between them.
     * The pauses stay short: a retry competes with the other nodes' fresh submissions, which do
     * not pause, so a long pause only makes the same node lose again.
     */
    private static final int COMMIT_ATTEMPTS = 100;
    private static final int MAX_BACKOFF_MILLIS = 8;
    private static final int IMMEDIATE_RETRIES = 3;

    private final String id;
    private final SerialExecutor executor;
    private final ServerContext context;
    private final Audience audience;
    private final UnconfirmedCommits unconfirmed = new UnconfirmedCommits();
    private Sequencer sequencer;

    CommitPipeline(String id, SerialExecutor executor, ServerContext context, Audience audience) {
        this.id = id;
        this.executor = executor;
        this.context = context;
        this.audience = audience;
    }

    /** Whether the sequencer is loaded: news from other nodes only matter to a document in use. */
    boolean loaded() {
        return sequencer != null;
    }

    /** Loaded on first use, on this document's thread, so the store is read off Jetty's threads. */
    Sequencer sequencer() {
        if (sequencer == null) {
            sequencer = context.cluster().shared() ? StoredHistory.openSequencer(context.store(), id)
                    : StoredHistory.openPipelinedSequencer(context.store(), id);
            audience.loadedAt(sequencer.version());
        }
        return sequencer;
    }

    /**
     * The sequencer once every pending commit is durable and published, and what other nodes
     * committed too: its text is what may be shown to someone.
     */
    Sequencer settled() {
        settleAll();
        catchUpIfShared();
        return sequencer();
    }

    /**
     * Commits {@code submission} and tells {@code waiter} once it is durable (at once for a
     * resubmission already durable). The author (null from HTTP) is not sent the broadcast.
     *
     * @throws ProtocolError or SubmitException if the submission is refused: nothing was committed
     */
    void commit(Submission submission, Connection author, UnconfirmedCommits.Waiter waiter) {
        long start = System.nanoTime();
        Commit commit = commit(submission);
        if (commit.duplicate()) {
            if (commit.version() <= durableVersion()) {
                publishMissed(Long.MAX_VALUE);
                waiter.durable(commit);
            } else if (!unconfirmed.awaitAsDuplicate(commit.version(), waiter)) {
                throw new IllegalStateException("version " + commit.version() + " is neither durable nor pending");
            }
            return;
        }
        CompletableFuture<Boolean> write = ((StoredHistory) sequencer().history()).lastWrite();
        unconfirmed.add(commit.entry(), author, write, start, waiter);
        if (write.isDone()) {
            settle();
        } else {
            write.whenComplete((appended, failure) -> executor.execute(this::settle));
        }
    }

    /** Waits until the store confirmed every pending commit, and acks them: before showing the text to anyone. */
    void settleAll() {
        for (CompletableFuture<Boolean> write; (write = unconfirmed.oldestWrite()) != null; ) {
            write.handle((appended, failure) -> null).join();
            settle();
        }
    }

    /** With other nodes on the store, reads what they committed and sends it to this node's participants. */
    void catchUpIfShared() {
        if (!context.cluster().shared()) {
            return;
        }
        ((StoredHistory) sequencer().history()).refresh();
        publishMissed(Long.MAX_VALUE);
    }

    /** A selection made at {@code version}, moved to the latest published version and kept inside the text. */
    Selection rebase(Selection selection, long version, String clientId) {
        Selection moved = selection;
        for (CommittedOp entry : sequencer().opsSince(version)) {
            if (entry.version() > audience.published()) {
                break;
            }
            CursorBias bias = entry.clientId().equals(clientId) ? CursorBias.AFTER_INSERT : CursorBias.BEFORE_INSERT;
            moved = entry.op().transformSelection(moved, bias);
        }
        int length = (int) (sequencer().text().length() - unconfirmed.lengthDelta());
        return new Selection(Math.min(moved.anchor(), length), Math.min(moved.focus(), length));
    }

    /**
     * Acks and broadcasts, in version order, every pending commit the store has confirmed; each
     * participant gets the ops in one frame ({@link Broadcasts}). If the store failed one,
     * neither it nor any later one is in the store: all are refused, and the sequencer is
     * reloaded from the store on next use.
     */
    private void settle() {
        audience.gather();
        try {
            settleFinished();
        } finally {
            audience.sendGathered();
        }
    }

    private void settleFinished() {
        for (UnconfirmedCommits.Pending done; (done = unconfirmed.pollFinished()) != null; ) {
            RuntimeException failure = done.failure();
            if (failure != null) {
                abandon(done, failure);
                return;
            }
            context.metrics().recordCommit(System.nanoTime() - done.startedNanos());
            context.metrics().opsCommitted.increment();
            publishMissed(done.entry().version() - 1);
            audience.publish(done.entry(), done.author());
            Commit commit = new Commit(done.entry(), false);
            done.waiters().forEach(waiter -> waiter.durable(commit));
        }
    }

    private void abandon(UnconfirmedCommits.Pending failed, RuntimeException cause) {
        List<UnconfirmedCommits.Pending> dropped = new ArrayList<>();
        dropped.add(failed);
        dropped.addAll(unconfirmed.clear());
        LOG.error("document {} could not store version {}; {} commits after it dropped too", id,
                failed.entry().version(), dropped.size() - 1, cause);
        sequencer = null;
        for (UnconfirmedCommits.Pending commit : dropped) {
            commit.waiters().forEach(waiter -> waiter.failed(cause));
        }
    }

    /** The latest version that is durable, with every one before it. */
    private long durableVersion() {
        return unconfirmed.durableVersion(sequencer().history().version());
    }

    /**
     * Prepares, checks the size limit, and commits; with a write-behind history the write is only
     * queued. Another writer's commit in between (a conflict) is rebased over and retried, up to
     * {@link #COMMIT_ATTEMPTS} times with a jittered back-off.
     */
    private Commit commit(Submission submission) {
        for (int attempt = 1; ; attempt++) {
            Sequencer current = sequencer();
            Commit prepared = current.prepare(submission);
            if (prepared.duplicate()) {
                context.metrics().duplicatesAcked.increment();
                if (prepared.version() > audience.published()) {
                    // Committed through another node: everything before it goes out before the ack.
                    catchUpIfShared();
                }
                return prepared;
            }
            long length = (long) current.text().length() + prepared.op().lengthDelta();
            if (length > context.config().maxDocumentLength()) {
                throw new ProtocolError(ErrorCode.TOO_LARGE, "the operation would make the document " + length
                        + " characters long; the limit is " + context.config().maxDocumentLength());
            }
            try {
                return current.commit(prepared);
            } catch (SubmitException e) {
                if (e.reason() != SubmitException.Reason.VERSION_CONFLICT || attempt == COMMIT_ATTEMPTS) {
                    publishMissed(Long.MAX_VALUE);
                    throw e;
                }
                context.metrics().commitConflicts.increment();
                backOff(attempt);
            }
        }
    }

    /**
     * No pause after the first {@link #IMMEDIATE_RETRIES} losses (the history just read what won),
     * then full jitter: a random pause below 1, 2, 4, then {@link #MAX_BACKOFF_MILLIS} ms.
     */
    private static void backOff(int attempt) {
        if (attempt <= IMMEDIATE_RETRIES) {
            return;
        }
        long bound = Math.min(MAX_BACKOFF_MILLIS, 1L << Math.min(attempt - IMMEDIATE_RETRIES, 20));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying a commit", e);
        }
    }

    /**
     * Sends this node's participants and streams, in version order, the operations up to
     * {@code upTo} that the history holds and they have not been sent: those other nodes
     * committed. Catches the sequencer up with them too.
     */
    private void publishMissed(long upTo) {
        Sequencer current = sequencer();
        long last = Math.min(upTo, durableVersion());
        if (audience.published() >= last) {
            return;
        }
        for (CommittedOp entry : current.opsSince(audience.published())) {
            if (entry.version() > last) {
                break;
            }
            audience.publish(entry, null);
        }
    }
}
