package dev.weft.server.store;

import dev.weft.ot.CommittedOp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
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
public final class SqliteDocumentStore implements DocumentStore {
    /** The {@code synchronous} setting of the database: how much a commit waits for the disk. */
    public enum Synchronous {
        /** Sync the WAL at every commit: committed data survives a process kill and a power loss. */
        FULL,
        /** Sync only at checkpoints: survives a process kill; a power loss may undo the last commits. */
        NORMAL
    }

    private final SqliteDatabase database;
    private final GroupCommitWriter writer;
    private final Snapshotter snapshotter;
    private final int chatHistory;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqliteDocumentStore(Builder builder) {
        database = SqliteDatabase.open(builder.directory, SQLiteConfig.SynchronousMode.valueOf(builder.synchronous.name()),
                builder.readers);
        try {
            writer = new GroupCommitWriter(database.writer(), builder.maxBatch, "weft-sqlite-writer");
        } catch (SQLException e) {
            database.close();
            throw new StoreException("cannot open the writer's connection to " + database.file() + ": " + e.getMessage(), e);
        }
        snapshotter = new Snapshotter(this, builder.snapshotInterval);
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
    public Optional<StoredDocument> load(String documentId) {
        Checks.documentId(documentId);
        return read("document \"" + documentId + "\"", c -> SqliteReads.load(c, documentId));
    }

    @Override
    public CompletableFuture<Boolean> append(String documentId, CommittedOp entry) {
        Checks.documentId(documentId);
        Checks.entry(entry);
        checkOpen();
        return writer.submit((c, cached) -> SqliteWrites.append(c, cached, documentId, entry, clock.millis()))
                .thenApply(appended -> {
                    if (appended) {
                        snapshotter.committed(documentId, entry.version());
                    }
                    return appended;
                });
    }

    @Override
    public List<CommittedOp> ops(String documentId, long fromVersion, long toVersion) {
        Checks.documentId(documentId);
        Checks.range(fromVersion, toVersion);
        return read("operations of \"" + documentId + "\"", c -> {
            Optional<long[]> doc = SqliteReads.document(c, documentId);
            if (doc.isEmpty()) {
                return List.of();
            }
            Checks.oldest(fromVersion, doc.get()[2]);
            return SqliteReads.ops(c, documentId, doc.get()[0], fromVersion, toVersion);
        });
    }

    @Override
    public Optional<CommittedOp> find(String documentId, String clientId, long seq) {
        Checks.documentId(documentId);
        Checks.author(clientId, seq);
        return read("an operation of \"" + documentId + "\"", c -> SqliteReads.find(c, documentId, clientId, seq));
    }

    @Override
    public long lastSeq(String documentId, String clientId) {
        Checks.documentId(documentId);
        Checks.clientId(clientId);
        return read("the last seq in \"" + documentId + "\"", c -> SqliteReads.lastSeq(c, documentId, clientId));
    }

    @Override
    public CompletableFuture<Void> saveSnapshot(String documentId, long version, String text) {
        Checks.documentId(documentId);
        Checks.version("snapshot version", version);
        Checks.snapshotText(text);
        checkOpen();
        return writer.submit((c, cached) -> SqliteWrites.saveSnapshot(c, documentId, version, text, clock.millis()));
    }

    @Override
    public long oldestVersion(String documentId) {
        Checks.documentId(documentId);
        return read("document \"" + documentId + "\"",
                c -> SqliteReads.document(c, documentId).map(row -> row[2]).orElse(0L));
    }

    @Override
    public List<DocumentSummary> list() {
        return read("the list of documents", SqliteReads::list);
    }

    @Override
    public CompletableFuture<Void> appendChat(String documentId, ChatMessage message) {
        Checks.documentId(documentId);
        Checks.chat(message);
        checkOpen();
        return writer.submit((c, cached) -> SqliteWrites.appendChat(c, documentId, message, chatHistory, clock.millis()));
    }

    @Override
    public List<ChatMessage> recentChat(String documentId, int limit) {
        Checks.documentId(documentId);
        Checks.limit(limit);
        return read("the chat of \"" + documentId + "\"", c -> SqliteReads.recentChat(c, documentId, limit));
    }

    /** Transactions the writer has committed: with group commit, fewer than {@link #writeCount()}. */
    public long transactionCount() {
        return writer.transactions();
    }

    /** Writes (appends, snapshots, chat messages) the writer has committed. */
    public long writeCount() {
        return writer.writes();
    }

    /** Finishes the snapshots and writes already accepted, then closes the database and unlocks the directory. */
    @Override
    public void close() {
        if (closed.get()) {
            return;
        }
        snapshotter.close();
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            writer.close();
        } finally {
            database.close();
        }
    }

    /** Waits until the snapshots requested so far are saved (for tests). */
    void awaitSnapshots() {
        snapshotter.awaitIdle();
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

    private <T> T read(String what, SqlRead<T> query) {
        checkOpen();
        try (Connection c = database.reader()) {
            return query.run(c);
        } catch (SQLException e) {
            if (SqliteIntegrity.isDamage(e)) {
                throw new StoreException("cannot read " + what + ": the database file " + database.file()
                        + " is damaged: " + e.getMessage(), e);
            }
            throw new StoreException("cannot read " + what + ": " + e.getMessage(), e);
        } catch (StoreException e) {
            throw new StoreException(e.getMessage() + " (database file " + database.file() + ")", e);
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new StoreException("the store is closed");
        }
    }

    @FunctionalInterface
    private interface SqlRead<T> {
        T run(Connection connection) throws SQLException;
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
