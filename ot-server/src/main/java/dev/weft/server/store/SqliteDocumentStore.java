package dev.weft.server.store;

import dev.weft.ot.CommittedOp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import org.sqlite.SQLiteConfig;

/**
 * The embedded default {@link DocumentStore}: one SQLite database file, {@code weft.db}, in a data
 * directory (created if missing, and locked against a second server process), readable with the
 * {@code sqlite3} tool. docs/storage.md describes the schema and the guarantees.
 *
 * <p><b>Durability.</b> The database runs in WAL mode with {@code synchronous=FULL} by default: a
 * write's future completes only after its transaction is synced to disk, so an acked operation
 * survives a process kill and a power loss. {@link Synchronous#NORMAL} survives a process kill
 * but may lose the last commits on power loss.
 *
 * <p><b>Group commit.</b> All writes, from every thread and document, queue to one writer thread
 * that commits everything queued in one transaction and then completes each write's future.
 * Reads run beside it on a small pool of read-only connections.
 *
 * <p><b>Snapshots.</b> Every {@link Builder#snapshotInterval} operations of a document, a
 * background thread saves a snapshot of it, so {@link #load} replays at most about that many
 * operations. Every operation is kept.
 */
public final class SqliteDocumentStore extends JdbcDocumentStore {
    /** The {@code synchronous} setting of the database: how much a commit waits for the disk. */
    public enum Synchronous {
        /** Sync the WAL at every commit: committed data survives a process kill and a power loss. */
        FULL,
        /** Sync only at checkpoints: survives a process kill; a power loss may undo the last commits. */
        NORMAL
    }

    private final SqliteDatabase database;
    private final GroupCommitWriter writer;
    private final int chatHistory;

    private SqliteDocumentStore(Builder builder) {
        super(new SqliteReads(), builder.snapshotInterval);
        database = SqliteDatabase.open(builder.directory, SQLiteConfig.SynchronousMode.valueOf(builder.synchronous.name()),
                builder.readers);
        try {
            writer = new GroupCommitWriter(database.writer(), builder.maxBatch, "weft-sqlite-writer");
        } catch (SQLException e) {
            database.close();
            throw new StoreException("cannot open the writer's connection to " + database.file() + ": " + e.getMessage(), e);
        }
        chatHistory = builder.chatHistory;
    }

    /** Opens (creating if needed) the store in {@code directory} with the default settings. */
    public static SqliteDocumentStore open(Path directory) {
        return builder(directory).open();
    }

    /** A builder for a store in {@code directory}, to change the settings before opening it. */
    public static Builder builder(Path directory) {
        if (directory == null) {
            throw new IllegalArgumentException("data directory must not be null");
        }
        return new Builder(directory);
    }

    @Override
    CompletableFuture<Boolean> submitAppend(String documentId, CommittedOp entry) {
        return writer.submit((c, cached) -> SqliteWrites.append(c, cached, documentId, entry, clock.millis()));
    }

    @Override
    CompletableFuture<Void> submitSnapshot(String documentId, long version, String text) {
        return writer.submit((c, cached) -> SqliteWrites.saveSnapshot(c, documentId, version, text, clock.millis()));
    }

    @Override
    CompletableFuture<Void> submitChat(String documentId, ChatMessage message) {
        return writer.submit((c, cached) -> JdbcWrites.appendChat(c, documentId, message, chatHistory, clock.millis()));
    }

    @Override
    Connection readConnection() throws SQLException {
        return database.reader();
    }

    /** A damaged file is named as such, so that the operator knows to restore it. */
    @Override
    StoreException readFailed(String what, SQLException e) {
        if (SqliteIntegrity.isDamage(e)) {
            return new StoreException("cannot read " + what + ": the database file " + database.file()
                    + " is damaged: " + e.getMessage(), e);
        }
        return super.readFailed(what, e);
    }

    /** The file's name, so that an error about a stored op or snapshot says where it is. */
    @Override
    StoreException readFailed(StoreException e) {
        return new StoreException(e.getMessage() + " (database file " + database.file() + ")", e);
    }

    @Override
    BatchWriter<?> writer() {
        return writer;
    }

    /** Finishes the writes already accepted, then closes the database and unlocks the directory. */
    @Override
    void closeDatabase() {
        try {
            writer.close();
        } finally {
            database.close();
        }
    }

    /** The value of {@code PRAGMA name} on a read connection (for tests). */
    String pragma(String name) {
        return read("pragma " + name, c -> {
            try (Statement statement = c.createStatement();
                 ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
                return rows.next() ? rows.getString(1) : null;
            }
        });
    }

    /** The settings of a {@link SqliteDocumentStore}; {@link #open()} opens the store. */
    public static final class Builder {
        private final Path directory;
        private int snapshotInterval = 1000;
        private Synchronous synchronous = Synchronous.FULL;
        private int chatHistory = 200;
        private int maxBatch = 1000;
        private int readers = 4;

        private Builder(Path directory) {
            this.directory = directory;
        }

        /** Snapshot each document every {@code operations} committed operations; default 1000. */
        public Builder snapshotInterval(int operations) {
            snapshotInterval = Checks.positive("snapshot interval", operations);
            return this;
        }

        /** How much a commit waits for the disk; default {@link Synchronous#FULL}. */
        public Builder synchronous(Synchronous mode) {
            if (mode == null) {
                throw new IllegalArgumentException("synchronous mode must not be null");
            }
            synchronous = mode;
            return this;
        }

        /** Keep the {@code messages} most recent chat messages of each document; default 200. */
        public Builder chatHistory(int messages) {
            chatHistory = Checks.positive("chat history", messages);
            return this;
        }

        /** Commit at most {@code writes} writes in one transaction; default 1000. */
        public Builder maxBatch(int writes) {
            maxBatch = Checks.positive("batch size", writes);
            return this;
        }

        /** Keep at most {@code connections} read-only connections; default 4. */
        public Builder readers(int connections) {
            readers = Checks.positive("reader count", connections);
            return this;
        }

        /**
         * Opens the store: creates the directory, locks it, creates or migrates the schema.
         *
         * @throws StoreException if the directory is in use by another process or the database
         *     cannot be opened or migrated
         */
        public SqliteDocumentStore open() {
            return new SqliteDocumentStore(this);
        }
    }
}
