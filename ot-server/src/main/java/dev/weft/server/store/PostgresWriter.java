package dev.weft.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit on PostgreSQL: a {@link BatchWriter} whose threads each run a batch in one
 * transaction on a pooled connection. Unlike SQLite, PostgreSQL commits several transactions at
 * once, so more than one thread writes; a connection the database dropped is replaced by the pool.
 *
 * <p>Each write runs inside its own savepoint, so one that fails is undone alone. A batch runs
 * its writes sorted by document id: every transaction, on every node, then locks document rows
 * in the same order and two of them never deadlock.
 */
final class PostgresWriter extends BatchWriter<PostgresWriter.Pending<?>> {
    /** One write: runs on the batch's connection, inside its transaction. */
    @FunctionalInterface
    interface Write<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(PostgresWriter.class);

    private final DataSource pool;

    PostgresWriter(DataSource pool, int threadCount, int maxBatch) {
        super(maxBatch);
        this.pool = pool;
        String[] names = new String[threadCount];
        for (int i = 1; i <= threadCount; i++) {
            names[i - 1] = "weft-postgres-writer-" + i;
        }
        start(names);
    }

    /** Queues {@code write} for {@code documentId}; the future completes after its transaction commits. */
    <T> CompletableFuture<T> submit(String documentId, Write<T> write) {
        Pending<T> pending = new Pending<>(documentId, write);
        enqueue(pending);
        return pending.future;
    }

    @Override
    void commit(List<Pending<?>> batch) {
        batch.sort(Comparator.comparing(p -> p.documentId));
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
        committed(batch);
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    /** A queued write and the document it writes, by which a batch is sorted. */
    static final class Pending<T> extends QueuedWrite<T> {
        private final String documentId;
        private final Write<T> write;

        Pending(String documentId, Write<T> write) {
            this.documentId = documentId;
            this.write = write;
        }

        /** Runs the write as the only one of its transaction, which a failure rolls back. */
        void runAlone(Connection connection) throws SQLException {
            try {
                succeeded(write.run(connection));
            } catch (SQLException | RuntimeException e) {
                failed(e);
                connection.rollback();
            }
        }

        /** Runs the write in a savepoint; a failure is undone alone and kept for its future. */
        void runIn(Connection connection) throws SQLException {
            Savepoint savepoint = connection.setSavepoint();
            try {
                succeeded(write.run(connection));
                connection.releaseSavepoint(savepoint);
            } catch (SQLException | RuntimeException e) {
                failed(e);
                // Throws if the connection is gone: then the whole batch fails.
                connection.rollback(savepoint);
                connection.releaseSavepoint(savepoint);
            }
        }
    }
}
