package dev.weft.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to the SQLite database: a {@link BatchWriter} on one connection,
 * because SQLite lets one transaction write at a time. While one transaction syncs to disk the
 * next batch gathers, so the cost of a sync is shared by every write in it.
 *
 * <p>Each write runs inside its own savepoint: one that fails is rolled back alone and fails only
 * its own future. If the commit itself fails, every future of the batch fails.
 */
final class GroupCommitWriter extends BatchWriter<GroupCommitWriter.Pending<?>> {
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

    GroupCommitWriter(Connection connection, int maxBatch, String threadName) throws SQLException {
        super(maxBatch);
        this.connection = connection;
        connection.setAutoCommit(false);
        start(threadName);
    }

    /** Queues {@code write}; the future completes after the transaction that ran it commits. */
    <T> CompletableFuture<T> submit(Write<T> write) {
        Pending<T> pending = new Pending<>(write);
        enqueue(pending);
        return pending.future;
    }

    @Override
    void commit(List<Pending<?>> batch) {
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
        committed(batch);
    }

    /** Whatever the failed batch left in the transaction must not be committed with the next one. */
    @Override
    void abandoned() {
        rollbackQuietly();
    }

    @Override
    void stopped() {
        cached.close();
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed", e);
        }
    }

    /** A queued write, run in a savepoint of the batch's transaction. */
    static final class Pending<T> extends QueuedWrite<T> {
        private final Write<T> write;

        Pending(Write<T> write) {
            this.write = write;
        }

        /** Runs the write in a savepoint; false if it failed and could not be undone alone. */
        boolean runIn(Connection connection, CachedStatements cached) {
            boolean started = false;
            try {
                cached.execute(connection, "SAVEPOINT weft_write");
                started = true;
                succeeded(write.run(connection, cached));
                cached.execute(connection, "RELEASE weft_write");
                return true;
            } catch (SQLException | RuntimeException e) {
                failed(e);
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
    }
}
