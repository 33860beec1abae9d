package dev.weft.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit on PostgreSQL: a few writer threads take everything queued (up to a batch limit),
 * run it in one transaction on a pooled connection, commit, and only then complete each write's
 * future. Unlike SQLite, PostgreSQL commits several transactions at once, so more than one
 * thread writes; a connection the database dropped is replaced by the pool.
 *
 * <p>Each write runs inside its own savepoint, so one that fails is undone alone. A batch runs
 * its writes sorted by document id: every transaction, on every node, then locks document rows
 * in the same order and two of them never deadlock.
 */
final class PostgresWriter implements AutoCloseable {
    /** One write: runs on the batch's connection, inside its transaction. */
    @FunctionalInterface
    interface Write<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(PostgresWriter.class);

    private final DataSource pool;
    private final int maxBatch;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean closing;

    PostgresWriter(DataSource pool, int threadCount, int maxBatch) {
        this.pool = pool;
        this.maxBatch = maxBatch;
        for (int i = 1; i <= threadCount; i++) {
            Thread thread = new Thread(this::run, "weft-postgres-writer-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Queues {@code write} for {@code documentId}; the future completes after its transaction commits. */
    <T> CompletableFuture<T> submit(String documentId, Write<T> write) {
        Pending<T> pending = new Pending<>(documentId, write);
        if (closing) {
            throw new StoreException("the store is closed");
        }
        queue.add(pending);
        if (closing && queue.remove(pending)) {
            throw new StoreException("the store is closed");
        }
        return pending.future;
    }

    long transactions() {
        return transactions.get();
    }

    long writes() {
        return writes.get();
    }

    /** Commits every write already queued, then stops the threads. */
    @Override
    public void close() {
        closing = true;
        try {
            for (Thread thread : threads) {
                thread.join();
            }
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
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                batch.sort(Comparator.comparing(p -> p.documentId));
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("group commit failed", e);
                batch.forEach(p -> p.fail(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending<?>> batch) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (batch.size() == 1) {
                    batch.get(0).runAlone(connection); // a failure rolls back the whole transaction anyway
                } else {
                    for (Pending<?> pending : batch) {
                        pending.runIn(connection);
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            // Also a commit whose outcome is unknown (the connection broke): no caller may ack.
            StoreException failure = new StoreException("could not commit a batch of " + batch.size()
                    + " writes: " + e.getMessage(), e);
            batch.forEach(p -> p.fail(failure));
            return;
        }
        transactions.incrementAndGet();
        writes.addAndGet(batch.size());
        batch.forEach(Pending::complete);
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    /** A queued write, its result once run, and the caller's future. */
    private static final class Pending<T> {
        final String documentId;
        final Write<T> write;
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;
        Throwable failure;

        Pending(String documentId, Write<T> write) {
            this.documentId = documentId;
            this.write = write;
        }

        /** Runs the write as the only one of its transaction, which a failure rolls back. */
        void runAlone(Connection connection) throws SQLException {
            try {
                result = write.run(connection);
            } catch (SQLException | RuntimeException e) {
                failure = e instanceof SQLException ? new StoreException("a write failed: " + e.getMessage(), e) : e;
                connection.rollback();
            }
        }

        /** Runs the write in a savepoint; a failure is undone alone and kept for its future. */
        void runIn(Connection connection) throws SQLException {
            Savepoint savepoint = connection.setSavepoint();
            try {
                result = write.run(connection);
                connection.releaseSavepoint(savepoint);
            } catch (SQLException | RuntimeException e) {
                failure = e instanceof SQLException ? new StoreException("a write failed: " + e.getMessage(), e) : e;
                // Throws if the connection is gone: then the whole batch fails.
                connection.rollback(savepoint);
                connection.releaseSavepoint(savepoint);
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
