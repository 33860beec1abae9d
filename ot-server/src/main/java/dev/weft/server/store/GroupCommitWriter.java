package dev.weft.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to the database: group commit. Writes from any thread and any
 * document queue here; the thread takes everything queued (up to a batch limit), runs it in one
 * transaction, commits, and only then completes each write's future. While one transaction
 * syncs to disk the next batch gathers, so the cost of a sync is shared by every write in it.
 * No write waits for company: a lone write is committed at once.
 *
 * <p>Each write runs inside its own savepoint: one that fails is rolled back alone and fails only
 * its own future. If the commit itself fails, every future of the batch fails.
 */
final class GroupCommitWriter implements AutoCloseable {
    /**
     * One write: runs on the writer's connection, inside the batch's transaction, with the
     * connection's {@link CachedStatements} for the statements it runs often.
     */
    @FunctionalInterface
    interface Write<T> {
        T run(Connection connection, CachedStatements cached) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    private final Connection connection;
    private final CachedStatements cached = new CachedStatements();
    private final int maxBatch;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean closing;

    GroupCommitWriter(Connection connection, int maxBatch, String threadName) throws SQLException {
        this.connection = connection;
        this.maxBatch = maxBatch;
        connection.setAutoCommit(false);
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code write}; the future completes after the transaction that ran it commits. */
    <T> CompletableFuture<T> submit(Write<T> write) {
        Pending<T> pending = new Pending<>(write);
        // Checked after queueing too, so a write that races with close() is either run or refused.
        if (closing) {
            throw new StoreException("the store is closed");
        }
        queue.add(pending);
        if (closing && queue.remove(pending)) {
            throw new StoreException("the store is closed");
        }
        return pending.future;
    }

    /** Transactions committed so far. */
    long transactions() {
        return transactions.get();
    }

    /** Writes committed so far (each in some transaction). */
    long writes() {
        return writes.get();
    }

    /** Commits every write already queued, then stops the thread. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while finishing the queued writes", e);
        }
    }

    private void run() {
        List<Pending<?>> batch = new ArrayList<>(maxBatch);
        while (true) {
            try {
                Pending<?> first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        cached.close();
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                // Keep the writer alive: a dead writer would hang every future caller.
                LOG.error("group commit failed", e);
                rollbackQuietly();
                batch.forEach(p -> p.fail(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending<?>> batch) {
        for (Pending<?> pending : batch) {
            if (!pending.runIn(connection, cached)) {
                // A write could not be undone alone: its partial changes must not be committed.
                rollbackQuietly();
                StoreException failure = new StoreException("a failed write could not be rolled back alone; "
                        + "the batch of " + batch.size() + " writes was rolled back");
                batch.forEach(p -> p.fail(failure));
                return;
            }
        }
        try {
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            StoreException failure = new StoreException("could not commit a batch of " + batch.size() + " writes", e);
            batch.forEach(p -> p.fail(failure));
            return;
        }
        transactions.incrementAndGet();
        writes.addAndGet(batch.size());
        batch.forEach(Pending::complete);
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed", e);
        }
    }

    /** A queued write, its result once run, and the caller's future. */
    private static final class Pending<T> {
        final Write<T> write;
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;
        Throwable failure;

        Pending(Write<T> write) {
            this.write = write;
        }

        /** Runs the write in a savepoint; false if it failed and could not be undone alone. */
        boolean runIn(Connection connection, CachedStatements cached) {
            boolean started = false;
            try {
                cached.execute(connection, "SAVEPOINT weft_write");
                started = true;
                result = write.run(connection, cached);
                cached.execute(connection, "RELEASE weft_write");
                return true;
            } catch (SQLException | RuntimeException e) {
                failure = e instanceof SQLException ? new StoreException("a write failed: " + e.getMessage(), e) : e;
                return !started || undo(connection, cached);
            }
        }

        private static boolean undo(Connection connection, CachedStatements cached) {
            try {
                cached.execute(connection, "ROLLBACK TO weft_write");
                cached.execute(connection, "RELEASE weft_write");
                return true;
            } catch (SQLException e) {
                LOG.warn("could not roll back to a savepoint", e);
                return false;
            }
        }

        void complete() {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        }

        void fail(Throwable cause) {
            future.completeExceptionally(cause);
        }
    }
}
